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
  // Twelve sections, fewer requests each: the first ten are the top list.
  for (let i = 0; i < 12; i++) write(`/s${i}`, 30 - i, i % 2 ? 404 : 200);
  assert.ok(scrapes.at(-1)!.has('/s9 4xx'), 'the tenth has its own series');
  assert.ok(!scrapes.at(-1)!.has('/s11 4xx'), 'the twelfth is in other');
  // /s11 overtakes everything; /s9, now the eleventh, leaves the top list, then comes back.
  write('/s11', 100, 404);
  write('/s11', 5, 404);
  assert.ok(scrapes.at(-1)!.has('/s11 4xx'), '/s11 has its own series once in the top list');
  assert.ok(!scrapes.at(-1)!.has('/s9 4xx'), '/s9 left it');
  write('/s9', 200);
  write('/s9', 3);
  assert.ok(scrapes.at(-1)!.has('/s9 4xx'), '/s9 is back');
  for (let i = 1; i < scrapes.length; i++)
    for (const [key, v] of scrapes[i]!) {
      const before =
        scrapes
          .slice(0, i)
          .findLast((s) => s.has(key))
          ?.get(key) ?? 0;
      assert.ok(v >= before, `${key} fell from ${before} to ${v} at scrape ${i}`);
    }
  // A section that leaves the top list is no longer exported; its last value stays its share.
  const lastSeen = new Map(scrapes.flatMap((m) => [...m]));
  assert.equal(
    [...lastSeen.values()].reduce((a, b) => a + b, 0),
    written,
    'each request is in exactly one series',
  );
  const last = scrapes.at(-1)!;
  assert.ok(!last.has('/s8 2xx'), '/s8 left the top list when /s9 came back');
  assert.equal(last.get('/s9 4xx'), 21, '/s9 resumes from where it stopped');
  assert.equal(last.get('/s9 2xx'), 3, 'its 200 read before it was back are in other');
  // The top list is looked at when a snapshot or summary is made: here at each scrape.
  assert.equal(last.get('other 4xx'), 19 + 100, 'what /s11 had before it entered stays in other');
  assert.equal(last.get('/s11 4xx'), 5);
  assert.equal(last.get('other 2xx'), 20 + 200, '/s10 never entered');
});
