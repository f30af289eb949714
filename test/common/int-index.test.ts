import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IntIndex } from '../../main/common/int-index';
import { rng } from '../engine/helpers';

test('IntIndex answers as a Map would, for random keys, nearby keys and after a clear', () => {
  const random = rng(11);
  const index = new IntIndex(5000);
  for (const round of [0, 1]) {
    const map = new Map<number, number>();
    for (let i = 0; i < 5000; i++) {
      // Half of them packed together (the /24 numbers of one network block), half anywhere.
      const key = i % 2 ? Math.floor(random() * 2 ** 31) : 3_000_000 + i * (round + 1);
      if (map.size === 5000 && !map.has(key)) continue;
      map.set(key, i);
      index.set(key, i);
    }
    assert.equal(index.size, map.size);
    for (const [key, value] of map) assert.equal(index.get(key), value);
    for (let i = 0; i < 2000; i++) {
      const key = Math.floor(random() * 2 ** 31);
      assert.equal(index.get(key), map.get(key) ?? -1);
    }
    index.clear();
    assert.equal(index.size, 0);
    assert.equal(index.get(3_000_000), -1);
  }
});

test('IntIndex refuses a key past its maximum, and takes a value for a key it holds', () => {
  const index = new IntIndex(3);
  index.set(0, 1);
  index.set(7, 2);
  index.set(2 ** 31 - 1, 3);
  index.set(7, 4);
  assert.equal(index.get(7), 4);
  assert.throws(() => index.set(8, 5), /3 keys at most/);
  assert.equal(index.get(2 ** 31 - 1), 3);
  assert.equal(index.get(8), -1);
});
