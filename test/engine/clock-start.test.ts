/**
 * The clock when a run starts (docs/reference/clock.md): a live log that went
 * quiet starts quiet; a `--from-start` catch-up replays in log time with the
 * same results as a batch run.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { EngineEvent, SummaryEvent } from '../../main/common/types';
import { createEngine } from '../../main/engine/engine';
import { clf, waitFor } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'hc-clock-start-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A burst of `perSecond` req/s over [from, to) (Unix s). */
function burst(from: number, to: number, perSecond: number): string[] {
  const out: string[] = [];
  for (let s = from; s < to; s++) for (let i = 0; i < perSecond; i++) out.push(clf(s));
  return out;
}

describe('starting on a log', () => {
  for (const skewMin of [0, -10, 10]) {
    test(`a burst that ended 5 min ago (server clock ${skewMin} min off): quiet, no alert, summaries stamped now`, async () => {
      const wall = Math.floor(Date.now() / 1000);
      // The server's clock: its stamps are skewMin minutes off ours.
      const endedAt = wall - 300;
      const stamp = (s: number) => s + skewMin * 60;
      const path = join(dir, `quiet${skewMin}.log`);
      writeFileSync(path, burst(stamp(endedAt - 60), stamp(endedAt), 20).join('\n') + '\n');
      // The file was last written when the burst ended.
      utimesSync(path, endedAt, endedAt);
      const events: EngineEvent[] = [];
      const engine = createEngine({ file: path, threshold: 2, window: 120, interval: 1 });
      engine.onAny((e) => events.push(e));
      await engine.start();
      await waitFor(() => events.some((e) => e.type === 'summary'), 'a summary');
      const snap = engine.snapshot();
      await engine.dispose();
      assert.deepEqual(
        events.filter((e) => e.type === 'alert' || e.type === 'recovery'),
        [],
        'no alert event',
      );
      assert.equal(snap.alert.active, false);
      assert.equal(snap.stats.window.hits, 0, 'the window holds the last 120 s of real time');
      const first = events.find((e): e is SummaryEvent => e.type === 'summary')!;
      const logNow = Date.now() + skewMin * 60_000;
      assert.ok(
        Math.abs(first.at - logNow) <= 2000,
        `first summary stamped ${first.at - logNow} ms from now (in the log's clock)`,
      );
    });
  }

  test('times stay whole Unix milliseconds when the file was written at a fraction of one', async () => {
    const wall = Date.now() / 1000;
    const path = join(dir, 'fraction.log');
    writeFileSync(path, burst(Math.floor(wall) - 5, Math.floor(wall), 2).join('\n') + '\n');
    utimesSync(path, wall - 0.1234567, wall - 0.1234567);
    const engine = createEngine({ file: path, watch: false });
    await engine.start();
    const at = engine.snapshot().at;
    await engine.dispose();
    assert.ok(Number.isInteger(at), `snapshot at ${at}: what the page sends back to /api/history`);
  });

  test('a burst still running: the alert is known from the first second', async () => {
    const wall = Math.floor(Date.now() / 1000);
    const path = join(dir, 'running.log');
    writeFileSync(path, burst(wall - 60, wall, 5).join('\n') + '\n');
    const events: EngineEvent[] = [];
    const engine = createEngine({ file: path, threshold: 2, window: 120 });
    engine.onAny((e) => events.push(e));
    await engine.start();
    const snap = engine.snapshot();
    await engine.dispose();
    assert.equal(snap.alert.active, true);
    assert.equal(events.filter((e) => e.type === 'alert').length, 1);
  });

  test('--from-start on an old log replays it in log time: the same alerts as a batch run', async () => {
    const base = 1_549_573_859;
    // 3 req/s, a surge of 18 req/s for 3 minutes, 3 req/s again.
    const lines = [
      ...burst(base, base + 120, 3),
      ...burst(base + 120, base + 300, 18),
      ...burst(base + 300, base + 600, 3),
    ];
    const path = join(dir, 'old.log');
    writeFileSync(path, lines.join('\n') + '\n');
    const run = async (follow: boolean) => {
      const events: EngineEvent[] = [];
      const engine = createEngine({ file: path, follow, fromStart: true, watch: false });
      engine.onAny((e) => events.push(e));
      await engine.start();
      if (!follow) await engine.finished;
      await engine.dispose();
      return events
        .filter((e) => e.type === 'alert' || e.type === 'recovery')
        .map((e) => `${e.type}@${e.at / 1000 - base}`);
    };
    const batch = await run(false);
    // Window sum with k surge seconds in it: 3(120 - k) + 18k > 1200 from k = 57 (second 176);
    // after it, 18(419 - c) + 3(c - 299) <= 1200 from c = 363.
    assert.deepEqual(batch, ['alert@176', 'recovery@363']);
    assert.deepEqual(await run(true), batch);
  });
});
