/**
 * The queue of lines held ahead of a live clock (main/engine/ahead-lines.ts):
 * which lines the lines read after them confirm. The clock is a number the
 * outcome moves, as MonitorClock.catchUp does.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AheadLines, CONFIRM_MS } from '../../main/engine/ahead-lines';

const AHEAD_MS = 5000;

/** A queue, a clock at `now` ms, and what became of each line (by its text). */
function queue(now: number) {
  const lines = new AheadLines<null>();
  const fate = new Map<string, 'placed' | 'confirmed' | 'skewed'>();
  let confirming = false;
  return {
    lines,
    fate,
    get now() {
      return now;
    },
    hold(ts: number, text = String(ts)) {
      assert.ok(lines.hold(ts, text, 0, null));
    },
    drain(wall = 0) {
      lines.drain((ts) => ts > now + AHEAD_MS, wall, {
        catchUp: (ts) => {
          now = Math.max(now, ts);
          confirming = true;
        },
        place: (text) => {
          fate.set(text, confirming ? 'confirmed' : 'placed');
          confirming = false;
        },
        expire: (text) => fate.set(text, 'skewed'),
      });
    },
  };
}

describe('lines held ahead of the clock', () => {
  test('a line followed by ten lines at its time or later is confirmed and moves the clock', () => {
    const q = queue(0);
    for (let i = 0; i < 11; i++) q.hold(60_000 + i * 100, `line ${i}`);
    q.drain();
    assert.equal(q.fate.get('line 0'), 'confirmed');
    assert.equal(q.now, 60_000);
    // The others have too few lines after them, but are within 5 s of the clock now.
    for (let i = 1; i < 11; i++) assert.equal(q.fate.get(`line ${i}`), 'placed');
    assert.equal(q.lines.size, 0);
  });

  test('lines at the old time read after it outnumber the ones that agree: not confirmed', () => {
    const q = queue(0);
    q.hold(60_000, 'stray');
    for (let i = 0; i < 10; i++) q.hold(60_000 + i);
    for (let i = 0; i < 11; i++) q.lines.pass();
    q.drain();
    assert.equal(q.now, 0, 'the clock did not move');
    assert.equal(q.lines.size, 11);
    q.drain(CONFIRM_MS);
    assert.equal(q.fate.get('stray'), 'skewed');
  });

  /** A line 50 minutes ahead, then `n` lines of a backlog 100 ms apart, looked at once. */
  function farThenBacklog(n: number) {
    const q = queue(0);
    q.hold(3_000_000, 'far');
    for (let i = 0; i < n; i++) q.hold(60_000 + i * 100);
    q.drain();
    assert.equal(q.lines.size, 1, 'only the far line is left');
    return q;
  }

  test('lines read after it stamped more than 5 s before it do not agree with it', () => {
    const q = farThenBacklog(20);
    assert.ok(q.now < 3_000_000, 'the clock did not jump to it');
    assert.notEqual(q.fate.get('far'), 'confirmed');
  });

  test('the lines that left after a kept line still count against it later', () => {
    const q = farThenBacklog(12);
    // Ten lines that agree with it now come; the twelve read before them left, against it.
    for (let i = 0; i < 10; i++) q.hold(3_000_000 + i);
    q.drain();
    assert.notEqual(q.fate.get('far'), 'confirmed');
    assert.ok(q.now < 3_000_000, 'the clock did not jump to it');
  });
});
