/**
 * Standard input as a source of the engine: a replay while lines come faster
 * than real time, live once the input pauses, and the end of the monitor at
 * the end of its input when it reads nothing else.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { AlertEvent, EngineEvent, SummaryEvent } from '../../main/common/types';
import { createEngine } from '../../main/engine/engine';
import { fakeClock } from './fixtures/follow-helpers';
import { burst, clf, waitFor } from './helpers';
import { tempDir } from '../sources/fixtures/source-helpers';

const T0 = Date.UTC(2026, 10, 28, 8, 0, 0) / 1000;

function recording() {
  const events: EngineEvent[] = [];
  return {
    events,
    on: (e: EngineEvent) => events.push(e),
    summaries: () => events.filter((e): e is SummaryEvent => e.type === 'summary'),
    alerts: () =>
      events.filter((e): e is AlertEvent => e.type === 'alert' || e.type === 'recovery'),
  };
}

describe('standard input as a source', () => {
  test('a fast replay is driven by log time and finishes at EOF although following', async () => {
    const input = new PassThrough();
    const engine = createEngine({
      file: '-',
      sources: [{ kind: 'stdin', stream: input }],
      threshold: 5,
      window: 10,
      interval: 10,
    });
    const rec = recording();
    engine.onAny(rec.on);
    await engine.start();
    // 20 s at 10 req/s, then 30 s at 1 req/s: one alert, one recovery, by log time.
    const lines: string[] = [];
    for (let s = 0; s < 20; s++) lines.push(...burst(T0 + s, 10));
    for (let s = 20; s < 50; s++) lines.push(...burst(T0 + s, 1));
    input.end(lines.join('\n') + '\n');
    await engine.finished;
    const last = rec.summaries().at(-1)!;
    assert.equal(last.total.hits, 230);
    assert.deepEqual(last.total.sources, [{ source: 'stdin', hits: 230 }]);
    assert.deepEqual(
      rec.alerts().map((a) => a.type),
      ['alert', 'recovery'],
    );
    // Stamped in log time, not by the wall clock.
    assert.ok(rec.alerts()[0]!.at < (T0 + 20) * 1000);
    await engine.dispose();
  });

  test('a batch run (follow: false) reads standard input to its end', async () => {
    const input = new PassThrough();
    const engine = createEngine({
      file: '-',
      follow: false,
      sources: [{ kind: 'stdin', stream: input }],
    });
    const rec = recording();
    engine.onAny(rec.on);
    input.end([clf(T0), clf(T0 + 1), 'garbage'].join('\n'));
    await engine.start();
    await engine.finished;
    const last = rec.summaries().at(-1)!;
    assert.equal(last.total.hits, 2);
    assert.equal(last.total.malformed, 1);
    const bad = rec.events.find((e) => e.type === 'malformed');
    assert.equal(bad?.type === 'malformed' && bad.source, 'stdin');
    await engine.dispose();
  });

  test('after a pause of about a second the input is live: the wall clock drives time', async () => {
    const clock = fakeClock(Date.UTC(2026, 10, 28, 12, 0, 0));
    const input = new PassThrough();
    const engine = createEngine({
      file: '-',
      sources: [{ kind: 'stdin', stream: input }],
      clock,
      window: 10,
      interval: 10,
    });
    await engine.start();
    // An old replay first: its newest line is T0 + 4.
    input.write([0, 1, 2, 3, 4].map((s) => clf(T0 + s)).join('\n') + '\n');
    await waitFor(() => engine.snapshot().stats.total.hits === 5, 'the replayed lines');
    assert.equal(engine.snapshot().at, (T0 + 4) * 1000);
    // Silence: live after about a second, then time moves with the wall clock.
    clock.advance(1250);
    clock.advance(30_000);
    const at = engine.snapshot().at!;
    assert.ok(
      at >= (T0 + 4 + 30) * 1000 && at <= (T0 + 4 + 32) * 1000,
      `clock at ${(at / 1000 - T0).toFixed(1)} s after T0`,
    );
    // A line stamped at the new present is in the window, not late.
    input.write(clf(Math.floor(at / 1000)) + '\n');
    await waitFor(() => engine.snapshot().stats.total.hits === 6, 'the live line');
    clock.advance(2000);
    const snap = engine.snapshot();
    assert.equal(snap.stats.total.late, 0);
    assert.equal(snap.stats.window.hits, 1);
    await engine.dispose();
  });

  describe('next to a followed file', () => {
    const tmp = tempDir('multi-stdin');
    after(() => tmp.cleanup());

    test('the end of standard input leaves the monitor running, the input marked ended', async () => {
      const file = join(tmp.dir, 'access.log');
      writeFileSync(file, '');
      const input = new PassThrough();
      const engine = createEngine({
        file: 'both',
        sources: [
          { kind: 'file', path: file },
          { kind: 'stdin', stream: input },
        ],
        pollMs: 50,
      });
      await engine.start();
      input.end(clf(Math.floor(Date.now() / 1000)) + '\n');
      const stdinInput = () => engine.snapshot().inputs!.find((i) => i.source === 'stdin')!;
      await waitFor(() => stdinInput().code === 'eof', 'the end of standard input');
      const snap = engine.snapshot();
      assert.equal(snap.stats.total.hits, 1);
      assert.equal(snap.file.state, 'following', 'an ended input does not make the monitor wait');
      let finished = false;
      void engine.finished.then(() => (finished = true));
      await new Promise((r) => setImmediate(r));
      assert.equal(finished, false);
      await engine.dispose();
    });
  });
});
