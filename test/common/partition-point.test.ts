import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partitionPoint } from '../../main/common/partition-point';
import { rng } from '../engine/helpers';

test('partitionPoint finds the first place a sorted array stops being before a value', () => {
  const random = rng(3);
  for (let round = 0; round < 200; round++) {
    const a = Array.from({ length: Math.floor(random() * 20) }, () => Math.floor(random() * 10));
    a.sort((x, y) => x - y);
    for (let v = -1; v <= 11; v++) {
      const below = a.filter((x) => x < v).length;
      const notAbove = a.filter((x) => x <= v).length;
      assert.equal(
        partitionPoint(a.length, (k) => a[k]! < v),
        below,
        `${a} < ${v}`,
      );
      assert.equal(
        partitionPoint(a.length, (k) => a[k]! <= v),
        notAbove,
        `${a} <= ${v}`,
      );
    }
  }
});
