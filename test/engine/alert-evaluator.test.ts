/** The alert rule on completed seconds, without a clock or a log (docs/reference/alerts.md). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AlertEvaluator, type Transition } from '../../main/engine/alert-evaluator';

/** Feed per-second hit counts through an evaluator (window 4, threshold 2); returns [sec, transition]. */
function run(hits: number[], e = new AlertEvaluator(4, 2)): [number, Transition][] {
  const out: [number, Transition][] = [];
  hits.forEach((h, c) => {
    const t = e.complete(c, h, hits[c - 4] ?? 0);
    if (t) out.push([c, t]);
  });
  return out;
}

describe('alert evaluator', () => {
  test('strictly above the threshold alerts; at or below recovers; one transition each', () => {
    // Window sums: 8 (= T·W, no alert), 9 (alert at 4), ..., 8 again (recovery at 8).
    assert.deepEqual(run([2, 2, 2, 2, 3, 2, 2, 2, 2, 2]), [
      [4, 'alert'],
      [8, 'recovery'],
    ]);
  });

  test('the divisor is the window from the first second on', () => {
    const e = new AlertEvaluator(4, 2);
    e.complete(0, 9, 0);
    assert.equal(e.avg, 9 / 4);
    assert.equal(e.active, true);
  });

  test('the peak is the highest average of the alert, and a new alert starts it again', () => {
    const e = new AlertEvaluator(4, 2);
    run([3, 3, 3, 8, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0], e);
    assert.equal(e.active, false);
    const e2 = new AlertEvaluator(4, 2);
    run([3, 3, 3, 8], e2);
    assert.equal(e2.peak, 17 / 4);
    e2.complete(4, 0, 3);
    assert.equal(e2.peak, 17 / 4, 'a lower average keeps the peak');
  });

  test('a late hit into an evaluated second counts in the window sum', () => {
    const e = new AlertEvaluator(4, 2);
    e.complete(0, 8, 0);
    e.addLate();
    assert.equal(e.windowSum, 9);
    assert.equal(e.complete(1, 0, 0), 'alert', 'the next second sees it');
  });

  test('silent seconds move the figures without transitions; judge decides once', () => {
    const e = new AlertEvaluator(4, 2, { active: true, since: 0 });
    for (let c = 0; c < 10; c++) assert.equal(e.complete(c, 0, 0, false), null);
    assert.equal(e.active, true);
    assert.equal(e.judge(9), 'recovery');
    assert.equal(e.judge(9), null);
  });

  test('the threshold can change between seconds', () => {
    const e = new AlertEvaluator(4, 2);
    e.complete(0, 6, 0);
    assert.equal(e.active, false);
    e.threshold = 1;
    assert.equal(e.complete(1, 0, 0), 'alert');
  });
});
