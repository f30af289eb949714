/**
 * The monitor's clock on a live log (docs/reference/clock.md), case by case:
 * a server whose clock is off, a line stamped far ahead, a server clock that
 * jumps, silence. Lines are written on a simulated wall clock in 100 ms
 * steps and stamped by the server's own (possibly wrong) clock.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AlertEvent, EngineEvent } from '../../main/common/types';
import { MonitorCore } from '../../main/engine/core';
import { clf } from './helpers';

const W = 10;
const T = 2;
const WALL0 = 1_700_000_000_000;

/** A live core on a simulated wall clock; every event is recorded with the wall time it was emitted at. */
function liveLog() {
  let wall = WALL0;
  const log: { e: EngineEvent; wall: number }[] = [];
  const core = new MonitorCore({
    threshold: T,
    window: W,
    interval: 10,
    format: 'common',
    live: true,
    wall: () => wall,
    emit: (e) => log.push({ e, wall }),
  });
  const written: number[] = [];
  return {
    core,
    log,
    written,
    /**
     * Run the server for `seconds` of wall time from where it is: `rate(t)`
     * lines per second at wall second t (from WALL0), stamped by a clock
     * that is `skew(t)` seconds off; lines are read every 100 ms.
     */
    run(from: number, to: number, rate: (t: number) => number, skew: (t: number) => number) {
      for (let ms = from * 1000; ms < to * 1000; ms += 100) {
        wall = WALL0 + ms;
        const t = ms / 1000;
        const n = rate(Math.floor(t)) / 10;
        const lines: string[] = [];
        // n lines in this 100 ms step (fractions accumulate across steps).
        const due = Math.floor((ms / 100 + 1) * n) - Math.floor((ms / 100) * n);
        for (let i = 0; i < due; i++) {
          const stamp = Math.floor((WALL0 + ms) / 1000 + skew(t));
          written.push(stamp);
          lines.push(clf(stamp));
        }
        core.beginBatch();
        core.ingest(lines);
        core.endBatch();
        core.tick();
      }
    },
    alerts: () =>
      log.filter(
        (x): x is { e: AlertEvent; wall: number } =>
          x.e.type === 'alert' || x.e.type === 'recovery',
      ),
  };
}

/** The transitions an exact evaluation of `stamps` gives (the oracle), as [type, second]. */
function oracle(stamps: number[]): [string, number][] {
  const per = new Map<number, number>();
  for (const s of stamps) per.set(s, (per.get(s) ?? 0) + 1);
  const first = Math.min(...stamps);
  const last = Math.max(...stamps) + W + 1;
  const out: [string, number][] = [];
  let active = false;
  for (let c = first; c <= last; c++) {
    let sum = 0;
    for (let s = c - W + 1; s <= c; s++) sum += per.get(s) ?? 0;
    const avg = sum / W;
    if (active ? avg <= T : avg > T) {
      active = !active;
      out.push([active ? 'alert' : 'recovery', c]);
    }
  }
  return out;
}

describe('the clock of a live log', () => {
  for (const skew of [-600, 600]) {
    test(`a server clock steadily ${skew > 0 ? 'ahead' : 'behind'} by 10 min: transitions on time, in the log's clock`, () => {
      const m = liveLog();
      // 1 req/s, 5 req/s from 30 s to 60 s (alert), then silence (recovery from the clock).
      m.run(
        0,
        100,
        (t) => (t >= 30 && t < 60 ? 5 : t < 60 ? 1 : 0),
        () => skew,
      );
      const got = m.alerts();
      const expected = oracle(m.written);
      assert.deepEqual(
        got.map((x) => [x.e.type, x.e.at / 1000]),
        expected,
        'the same transitions at the same seconds as an exact evaluation',
      );
      for (const x of got) {
        // The condition holds once second `at` is complete: at log time at + 1 s.
        const dueWall = x.e.at + 1000 - skew * 1000;
        assert.ok(
          x.wall - dueWall <= 2000,
          `${x.e.type} raised ${x.wall - dueWall} ms after its second was complete`,
        );
      }
      assert.equal(m.core.stats().total.late, 0);
      assert.equal(m.core.stats().total.skewed, 0);
    });
  }

  test('one or a few lines stamped 50 minutes ahead in a steady stream: skewed, no recovery, nothing late', () => {
    const m = liveLog();
    const ahead = new Set([300, 305, 310]); // the 100 ms steps at 30 s, 30.5 s and 31 s
    let step = 0;
    m.run(
      0,
      80,
      () => 5,
      () => (ahead.has(step++) ? 3000 : 0),
    );
    const { total } = m.core.stats();
    const types = m.alerts().map((x) => x.e.type);
    assert.deepEqual(
      types,
      ['alert'],
      'one alert, and no false recovery while traffic is 5× the threshold',
    );
    assert.ok(total.skewed >= 1 && total.skewed <= 3, `skewed ${total.skewed}`);
    assert.equal(total.late, 0, 'later lines are not late');
    assert.equal(total.hits, m.written.length, 'every line in the totals');
    assert.ok(m.core.clock.now()! < WALL0 + 81_000, 'the clock was not moved by the lines ahead');
  });

  test('the server clock jumps +10 min for good: followed within 5 s, no line lost, at most one spurious pair', () => {
    const m = liveLog();
    const jump = (t: number) => (t >= 30 ? 600 : 0);
    m.run(0, 30, () => 5, jump);
    m.run(30, 35, () => 5, jump);
    const now = m.core.clock.now()!;
    const logNow = WALL0 + 35_000 + 600_000;
    assert.ok(
      Math.abs(now - logNow) <= 1500,
      `5 s after the jump the clock is ${now - logNow} ms off`,
    );
    m.run(35, 90, () => 5, jump);
    const { total } = m.core.stats();
    assert.equal(total.hits, m.written.length, 'every line counted');
    assert.equal(total.skewed, 0, 'the jump was confirmed: no line left out of the window');
    const types = m.alerts().map((x) => x.e.type);
    assert.ok(
      types.length === 1 || (types.length === 3 && types.join() === 'alert,recovery,alert'),
      `transitions: ${types.join()}`,
    );
    assert.equal(m.core.alert.active, true);
  });

  test('alert, then no more lines at all: recovery fires from the clock alone', () => {
    const m = liveLog();
    m.run(
      0,
      20,
      () => 5,
      () => 0,
    );
    m.run(
      20,
      45,
      () => 0,
      () => 0,
    );
    const got = m.alerts().map((x) => [x.e.type, x.e.at / 1000]);
    assert.deepEqual(got, oracle(m.written));
    assert.equal(got.length, 2);
  });

  test('one slow request logged late with its start time does not move the clock of a sparse log', () => {
    const m = liveLog();
    // 1 line every 5 s; one of them stamped 60 s earlier (a long download logged at its end).
    let step = 0;
    m.run(
      0,
      60,
      (t) => (t % 5 === 0 ? 10 : 0),
      () => (step++ === 300 ? -60 : 0),
    );
    const now = m.core.clock.now()!;
    assert.ok(Math.abs(now - (WALL0 + 60_000)) <= 1500, `clock ${now - WALL0 - 60_000} ms off`);
  });
});
