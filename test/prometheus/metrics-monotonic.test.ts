/**
 * The request counters an agent exports only grow while the followed log is
 * rotated (renamed and recreated) or truncated in place: Prometheus would read
 * any fall as a restart and count a burst that never happened.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheus from 'parse-prometheus-text-format';
import { MonitorCore } from '../../main/engine/core';
import { createEngine } from '../../main/engine/engine';
import { makeSnapshot } from '../e2e/fixtures/fake-monitor';
import { renderMetrics } from '../../main/web/metrics';
import { clf } from '../engine/helpers';
import { waitFor } from './live-harness';

test('counters by status_class never fall across rotation and truncation', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hc-monotonic-'));
  const file = join(dir, 'access.log');
  writeFileSync(file, '');
  const engine = createEngine({ file, window: 120, pollMs: 50 });
  let written = 0;
  const write = (n: number, status: number) => {
    const sec = Math.floor(Date.now() / 1000);
    appendFileSync(file, Array.from({ length: n }, () => clf(sec, '/a/b', status) + '\n').join(''));
    written += n;
  };
  const counters = () => {
    const f = parsePrometheus(renderMetrics(engine.snapshot())).find(
      (x) => x.name === 'http_console_requests_total',
    )!;
    const byClass = new Map<string, number>();
    for (const m of f.metrics)
      byClass.set(
        m.labels!.status_class!,
        (byClass.get(m.labels!.status_class!) ?? 0) + Number(m.value),
      );
    return byClass;
  };
  const seen: Map<string, number>[] = [];
  const settle = async () => {
    await waitFor(
      `${written} requests counted`,
      () => engine.snapshot().stats.total.hits === written,
    );
    seen.push(counters());
  };
  try {
    await engine.start();
    write(30, 200);
    await settle();
    renameSync(file, `${file}.1`); // logrotate's default: rename, then a new file
    writeFileSync(file, '');
    write(20, 404);
    await settle();
    truncateSync(file, 0); // copytruncate
    write(10, 500);
    await settle();
    for (let i = 1; i < seen.length; i++)
      for (const [cls, v] of seen[i - 1]!)
        assert.ok((seen[i]!.get(cls) ?? 0) >= v, `${cls} fell from ${v} to ${seen[i]!.get(cls)}`);
    assert.deepEqual(Object.fromEntries(seen.at(-1)!), {
      '1xx': 0,
      '2xx': 30,
      '3xx': 0,
      '4xx': 20,
      '5xx': 10,
      other: 0,
    });
  } finally {
    await engine.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Every `http_console_requests_total` series of a scrape, by its labels. */
function series(text: string): Map<string, number> {
  const f = parsePrometheus(text).find((x) => x.name === 'http_console_requests_total')!;
  return new Map(
    f.metrics.map((m) => [`${m.labels!.section} ${m.labels!.status_class}`, Number(m.value)]),
  );
}

test('a section leaving the top list makes no series fall, and every request is counted once', () => {
  const core = new MonitorCore({
    threshold: 1000,
    window: 60,
    interval: 10,
    format: 'common',
    live: false,
    wall: () => 1_700_000_000_000,
    emit: () => {},
  });
  const engineLike = () =>
    renderMetrics(makeSnapshot({ stats: core.stats(), sectionRequests: core.sectionRequests() }));
  const scrapes: Map<string, number>[] = [];
  let sec = 1_699_999_000;
  let written = 0;
  const write = (section: string, n: number, status = 200) => {
    core.ingest(Array.from({ length: n }, () => clf(sec, `${section}/x`, status)));
    written += n;
    sec++;
    scrapes.push(series(engineLike()));
  };
  const later = () => (sec += 61); // past a new series' grace period (60 s)
  // Twelve sections, fewer requests each: the first ten get series of their own, shown
  // at 0 while their requests still go to other, so Prometheus sees each series from 0.
  for (let i = 0; i < 12; i++) write(`/s${i}`, 30 - i, i % 2 ? 404 : 200);
  assert.equal(scrapes.at(-1)!.get('/s9 4xx'), 0, 'the tenth is shown, at 0');
  assert.ok(!scrapes.at(-1)!.has('/s11 4xx'), 'the twelfth is only in other');
  later();
  for (let i = 0; i < 12; i++) write(`/s${i}`, 1, i % 2 ? 404 : 200);
  assert.equal(scrapes.at(-1)!.get('/s9 4xx'), 1, 'after the grace, its own requests');
  // A burst on /s11: counted at once, in other; /s11 overtakes, /s9 (now eleventh) leaves.
  const otherBefore = scrapes.at(-1)!.get('other 4xx')!;
  write('/s11', 100, 404);
  assert.equal(scrapes.at(-1)!.get('other 4xx'), otherBefore + 100, 'the burst is in other');
  assert.equal(scrapes.at(-1)!.get('/s11 4xx'), 0, '/s11 is shown from 0');
  assert.ok(!scrapes.at(-1)!.has('/s9 4xx'), '/s9 left the top list');
  later();
  write('/s11', 5, 404);
  assert.equal(scrapes.at(-1)!.get('/s11 4xx'), 5);
  write('/s9', 200, 404);
  assert.equal(scrapes.at(-1)!.get('/s9 4xx'), 1, '/s9 is back where it stopped');
  later();
  write('/s9', 3, 404);
  assert.equal(scrapes.at(-1)!.get('/s9 4xx'), 4);
  for (let i = 1; i < scrapes.length; i++)
    for (const [key, v] of scrapes[i]!) {
      const before =
        scrapes
          .slice(0, i)
          .findLast((s) => s.has(key))
          ?.get(key) ?? 0;
      assert.ok(v >= before, `${key} fell from ${before} to ${v} at scrape ${i}`);
    }
  // A section that leaves the top list is no longer shown; its last value stays its share.
  const lastSeen = new Map(scrapes.flatMap((m) => [...m]));
  assert.equal(
    [...lastSeen.values()].reduce((x, y) => x + y, 0),
    written,
    'each request is in exactly one series',
  );
});
