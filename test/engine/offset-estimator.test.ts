/** The live clock's offset estimate (docs/reference/clock.md). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OffsetEstimator } from '../../main/engine/offset-estimator';

describe('offset estimator', () => {
  test('the first line sets it; a minority of lines cannot move it', () => {
    const o = new OffsetEstimator();
    o.add(1000, 1500, 1);
    assert.equal(o.offset, -500);
    for (let w = 2000; w < 6000; w += 100) {
      o.add(Math.floor(w / 1000) * 1000, w, 3);
      o.add(w + 3_000_000, w, 1); // one in four lines is 50 minutes ahead
      o.update(w);
    }
    assert.ok(Math.abs(o.offset! + 500) <= 1000, `offset ${o.offset}`);
  });

  test('a lasting change moves it within a few seconds', () => {
    const o = new OffsetEstimator();
    o.seed(0);
    let moved: number | null = null;
    for (let w = 0; w < 10_000; w += 100) {
      const jump = w >= 5000 ? 600_000 : 0;
      o.add(w + jump, w, 5);
      if (o.update(w) && moved === null) moved = w;
    }
    assert.equal(o.offset, 600_000);
    assert.ok(moved !== null && moved - 5000 <= 3000, `moved ${moved! - 5000} ms after the jump`);
  });

  test('fewer than ten lines never move a seeded estimate', () => {
    const o = new OffsetEstimator();
    o.seed(0);
    for (let i = 0; i < 9; i++) o.add(60_000 + i, i, 1);
    assert.equal(o.update(10), false);
    assert.equal(o.offset, 0);
  });

  test('jitter within the dead band does not move it', () => {
    const o = new OffsetEstimator();
    o.seed(-900);
    for (let w = 0; w < 5000; w += 50) o.add(Math.floor(w / 1000) * 1000, w, 1);
    assert.equal(o.update(5000), false);
    assert.equal(o.offset, -900);
  });

  test('the estimate is the weighted median of the recent lines, however they come and go', () => {
    // A reference that sorts from scratch, against the estimator's kept order.
    const RECENT_MS = 4000;
    const MIN_WEIGHT = 10;
    const kept: { wall: number; offset: number; weight: number }[] = [];
    const o = new OffsetEstimator();
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let compared = 0;
    for (let wall = 0; wall < 60_000; wall += Math.floor(random() * 40)) {
      // Each 5 s has a favourite offset; the others and far ones come too, and ties are common.
      const favourite = (Math.floor(wall / 5000) * 7) % 4;
      const r = random();
      const offset =
        r < 0.6 ? favourite * 3000 : r < 0.9 ? Math.floor(random() * 4) * 3000 : 500_000;
      const weight = 1 + Math.floor(random() * 3);
      o.add(wall + offset, wall, weight);
      const last = kept.at(-1);
      if (last && last.offset === offset && last.wall === wall) last.weight += weight;
      else kept.push({ wall, offset, weight });
      let weightSum = 0;
      let i = kept.length;
      while (i > 0 && !(wall - kept[i - 1]!.wall > RECENT_MS && weightSum >= MIN_WEIGHT))
        weightSum += kept[--i]!.weight;
      kept.splice(0, i);
      const before = o.offset;
      if (!o.update(wall)) continue;
      const sorted = [...kept].sort((a, b) => a.offset - b.offset);
      let acc = 0;
      const median = sorted.find((s) => (acc += s.weight) * 2 >= weightSum)!.offset;
      assert.equal(o.offset, median, `at wall ${wall}, from ${before}`);
      compared++;
    }
    assert.ok(compared >= 5, `the estimate moved ${compared} times`);
  });
});
