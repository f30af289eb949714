import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeSummary,
  encodeSummary,
  merge,
  topOf,
  truncate,
  type TopSummary,
} from '../../main/history/top-summary';

/** A part whose listed keys are exact, with `unseen` hidden hits per unlisted key at most. */
function part(rows: Array<[string, number]>, unseen = 0, other = 0): TopSummary {
  return {
    entries: new Map(rows.map(([k, hits]) => [k, { hits, missed: 0 }])),
    unseen,
    other,
  };
}

test('parts that list every key merge to exact counts', () => {
  const m = merge([
    part([
      ['/a', 5],
      ['/b', 2],
    ]),
    part([
      ['/b', 4],
      ['/c', 1],
    ]),
  ]);
  assert.deepEqual(topOf(m, 10), {
    rows: [
      ['/b', 6],
      ['/a', 5],
      ['/c', 1],
    ],
    approximate: false,
  });
});

test('a key missing from a part that cut its list is marked approximate', () => {
  // The second part listed only /b; /a may have had up to 3 hits there.
  const m = merge([
    part([
      ['/a', 5],
      ['/b', 2],
    ]),
    part([['/b', 9]], 3, 3),
  ]);
  assert.equal(m.entries.get('/a')!.missed, 3);
  assert.equal(m.entries.get('/b')!.missed, 0);
  assert.equal(topOf(m, 10).approximate, true);
});

test('a key in every part that cut its list stays exact', () => {
  const m = merge([part([['/a', 50]], 2, 2), part([['/a', 40]], 1, 1)]);
  assert.deepEqual(m.entries.get('/a'), { hits: 90, missed: 0 });
  // Only the first row is shown and nothing unseen can reach 90: exact.
  assert.equal(topOf(m, 1).approximate, false);
  // With room for a second row, an unseen key (up to 3 hits) might belong there.
  assert.equal(topOf(m, 2).approximate, true);
});

test('truncation moves hits to other and raises the bound on unseen keys', () => {
  const t = truncate(
    part(
      [
        ['/a', 9],
        ['/b', 4],
        ['/c', 3],
      ],
      0,
      1,
    ),
    1,
  );
  assert.deepEqual([...t.entries.keys()], ['/a']);
  assert.equal(t.other, 1 + 4 + 3);
  assert.equal(t.unseen, 4);
  const sum = [...t.entries.values()].reduce((s, e) => s + e.hits, 0) + t.other;
  assert.equal(sum, 17, 'listed + other = all hits');
});

test('encode and decode keep hits, bounds and other', () => {
  const m = merge([part([['/a', 5]]), part([['/b', 2]], 1, 1)]);
  const back = decodeSummary(encodeSummary(m));
  assert.deepEqual(back, m);
  assert.deepEqual(decodeSummary(null), { entries: new Map(), unseen: 0, other: 0 });
});
