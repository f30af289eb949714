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
import { createEngine } from '../../main/engine/engine';
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
    return new Map(f.metrics.map((m) => [m.labels!.status_class!, Number(m.value)]));
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
