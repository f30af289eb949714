import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { onTick } from '../../main/engine/follow/shared-ticker';
import { fakeClock } from './fixtures/follow-helpers';

/** A fake clock that also counts the intervals it holds. */
function countingClock() {
  const clock = fakeClock();
  let live = 0;
  return {
    clock: {
      ...clock,
      setInterval: (fn: () => void, ms: number) => (live++, clock.setInterval(fn, ms)),
      clearInterval: (h: unknown) => (live--, clock.clearInterval(h as number)),
    },
    advance: clock.advance,
    live: () => live,
  };
}

describe('shared ticker: one timer per clock and period', () => {
  test('subscribers of one period share one interval; the last to leave clears it', () => {
    const c = countingClock();
    const calls: string[] = [];
    const stopA = onTick(c.clock, 1000, () => calls.push('a'));
    const stopB = onTick(c.clock, 1000, () => calls.push('b'));
    const stopC = onTick(c.clock, 250, () => calls.push('c'));
    assert.equal(c.live(), 2, 'one interval per period');
    c.advance(1000);
    assert.deepEqual(calls.sort(), ['a', 'b', 'c', 'c', 'c', 'c']);
    stopA();
    stopA(); // twice is harmless
    assert.equal(c.live(), 2);
    stopB();
    stopC();
    assert.equal(c.live(), 0, 'released with the last subscriber');
    calls.length = 0;
    c.advance(5000);
    assert.deepEqual(calls, []);
  });

  test('the same function subscribed twice is called twice, and each unsubscribe removes one', () => {
    const c = countingClock();
    let n = 0;
    const fn = () => n++;
    const stop1 = onTick(c.clock, 1000, fn);
    onTick(c.clock, 1000, fn);
    c.advance(1000);
    assert.equal(n, 2);
    stop1();
    c.advance(1000);
    assert.equal(n, 3);
  });
});
