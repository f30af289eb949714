/** Bounded statistics: exact for ordinary traffic, bounded under floods (SPEC section 6). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HyperLogLog } from '../../main/engine/stats/hyperloglog';
import { KeyCounter } from '../../main/engine/stats/key-counter';
import { Tally } from '../../main/engine/stats/tally';

describe('KeyCounter', () => {
  test('exact counts and order for ordinary cardinalities', () => {
    const c = new KeyCounter(100);
    for (let i = 0; i < 150; i++) for (let j = 0; j <= i % 7; j++) c.add(`/k${i}`);
    assert.equal(c.pruned, false);
    assert.equal(c.distinct(), 150);
    const top = c.top(3);
    assert.deepEqual(
      top.map((r) => r.count),
      [7, 7, 7],
    );
    assert.deepEqual(
      top.map((r) => r.key),
      ['/k104', '/k111', '/k118'],
      'ties broken by key so output is stable',
    );
  });

  test('a flood of distinct keys stays bounded and keeps the heavy hitters', () => {
    const c = new KeyCounter(100);
    for (let i = 0; i < 200_000; i++) {
      c.add(`/scan/${i}`);
      if (i % 10 === 0) c.add('/heavy');
    }
    assert.ok(c.size <= 200, `size ${c.size}`);
    assert.equal(c.pruned, true);
    assert.equal(c.top(1)[0]?.key, '/heavy');
    const d = c.distinct();
    assert.ok(Math.abs(d - 200_001) / 200_001 < 0.05, `distinct estimate ${d}`);
  });

  test('merge adds counts and distinct keys', () => {
    const a = new KeyCounter(10);
    const b = new KeyCounter(10);
    a.add('x', 2);
    b.add('x', 3);
    b.add('y');
    a.merge(b);
    assert.deepEqual(a.top(5), [
      { key: 'x', count: 5 },
      { key: 'y', count: 1 },
    ]);
    assert.equal(a.distinct(), 2);
  });
});

describe('HyperLogLog', () => {
  test('estimates within a few percent from 1k to 1M', () => {
    for (const n of [1000, 50_000, 1_000_000]) {
      const h = new HyperLogLog();
      for (let i = 0; i < n; i++) h.add(`10.${i >>> 16}.${(i >>> 8) & 255}.${i & 255}`);
      const e = h.estimate();
      assert.ok(Math.abs(e - n) / n < 0.05, `n=${n} estimate=${e}`);
    }
  });
});

describe('Tally', () => {
  test('status classes, unknown fields, bytes and error rate', () => {
    const t = new Tally();
    t.add({ time: 0, section: '/a', status: 200, bytes: 10, host: 'h1', method: 'GET' });
    t.add({ time: 0, section: '/a', status: 503, bytes: 5, host: 'h2', method: 'POST' });
    t.add({ time: 0, section: '(invalid)' }); // status, bytes, host unknown: not zero
    const s = t.toStats(2);
    assert.equal(s.hits, 3);
    assert.equal(s.rps, 1.5);
    assert.equal(s.bytes, 15);
    assert.deepEqual(s.status, { '2xx': 1, '3xx': 0, '4xx': 0, '5xx': 1 });
    assert.equal(s.errorRate, 0.5, '5xx share of hits with a known status');
    assert.equal(s.distinctHosts, 2);
    assert.deepEqual(s.codes, [
      { code: 200, hits: 1 },
      { code: 503, hits: 1 },
    ]);
  });
});
