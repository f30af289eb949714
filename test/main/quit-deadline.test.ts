import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QUIT_DEADLINE_MS, withDeadline } from '../../main/app/quit-deadline';

/** Timers moved by hand. */
function manualTimers() {
  const pending = new Set<() => void>();
  const ms: number[] = [];
  return {
    ms,
    setTimer: (fn: () => void, delay: number) => {
      ms.push(delay);
      pending.add(fn);
      return fn;
    },
    clearTimer: (h: unknown) => void pending.delete(h as () => void),
    fire: () => [...pending].forEach((fn) => (pending.delete(fn), fn())),
    get pending() {
      return pending.size;
    },
  };
}

describe('quit never hangs', () => {
  test('a shutdown that never finishes is abandoned at the deadline', async () => {
    const timers = manualTimers();
    const outcome = withDeadline(new Promise<void>(() => undefined), QUIT_DEADLINE_MS, timers);
    assert.deepEqual(timers.ms, [3000]);
    timers.fire();
    assert.equal(await outcome, 'timeout');
  });

  test('a shutdown that finishes in time reports done and clears its timer', async () => {
    const timers = manualTimers();
    assert.equal(await withDeadline(Promise.resolve(), 3000, timers), 'done');
    assert.equal(timers.pending, 0);
  });

  test('a failed shutdown still lets quit go on, reporting the error', async () => {
    const timers = manualTimers();
    const r = await withDeadline(Promise.reject(new Error('db locked')), 3000, timers);
    assert.equal(r, 'failed: Error: db locked');
    assert.equal(timers.pending, 0);
  });
});
