/** Bounded statistics: exact for ordinary traffic, bounded under floods (docs/reference/json-events.md). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MonitorCore } from '../../main/engine/core';
import { HyperLogLog } from '../../main/engine/stats/hyperloglog';
import { KeyTable } from '../../main/engine/stats/key-table';
import { TrafficStats } from '../../main/engine/stats/traffic-stats';
import { clf } from './helpers';

function count(t: KeyTable<string>, key: string, n = 1) {
  const rec = t.touch(key);
  assert.ok(rec);
  for (let i = 0; i < n; i++) t.count(rec);
  return rec;
}

describe('KeyTable', () => {
  test('exact counts and stable order for ordinary cardinalities', () => {
    const t = new KeyTable<string>(100);
    for (let i = 0; i < 150; i++) count(t, `/k${i}`, (i % 7) + 1);
    assert.equal(t.approximate, false);
    assert.equal(t.totalDistinct(), 150);
    const top = t.top('total', 3);
    assert.deepEqual(
      top.map((r) => [r.key, r.count]),
      [
        ['/k104', 7],
        ['/k111', 7],
        ['/k118', 7],
      ],
      'largest first, ties broken by key',
    );
  });

  test('interval counts restart with each interval; totals keep going', () => {
    const t = new KeyTable<string>(100);
    count(t, '/a', 3);
    t.nextInterval();
    count(t, '/b', 1);
    assert.deepEqual(t.top('interval', 5), [{ key: '/b', count: 1 }]);
    assert.deepEqual(t.top('total', 5), [
      { key: '/a', count: 3 },
      { key: '/b', count: 1 },
    ]);
    assert.equal(t.intervalDistinct, 1);
  });

  test('a flood of distinct keys stays bounded and keeps the heavy hitters', () => {
    const t = new KeyTable<string>(1000);
    const offer = (key: string) => {
      const rec = t.touch(key);
      if (rec) t.count(rec);
    };
    let admittedOnce = 0;
    for (let i = 0; i < 200_000; i++) {
      if (t.approximate && t.touch(`/scan/${i}`) !== null) admittedOnce++;
      else if (!t.approximate) offer(`/scan/${i}`);
      t.nextInterval(); // nothing stays pinned by the interval
      if (i % 10 === 0) offer('/heavy');
    }
    assert.ok(t.size <= 2000, `size ${t.size}`);
    assert.equal(t.approximate, true);
    // One-off keys no longer churn through the table (a few hash collisions may get in).
    assert.ok(admittedOnce < 2000, `one-off keys admitted: ${admittedOnce}`);
    assert.equal(t.top('total', 1)[0]?.key, '/heavy');
    const d = t.totalDistinct();
    assert.ok(Math.abs(d - 200_001) / 200_001 < 0.05, `distinct estimate ${d}`);
  });

  test('in flood mode a new key gets in on its second sighting', () => {
    const t = new KeyTable<string>(10);
    for (let i = 0; i < 25; i++) t.touch(`/k${i}`); // past 2 × capacity: refused, approximate
    assert.equal(t.approximate, true);
    assert.equal(t.touch('/new'), null, 'first sighting: refused');
    t.nextInterval(); // the first keys leave the interval, so eviction can free room
    const rec = t.touch('/new');
    assert.ok(rec, 'second sighting: admitted');
    assert.equal(rec.key, '/new');
    assert.equal(t.touch('/new'), rec, 'then found like any key');
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

describe('TrafficStats', () => {
  test('status classes, unknown fields, bytes and error rate', () => {
    const s = new TrafficStats(10);
    s.add({ time: 0, section: '/a', status: 200, bytes: 10, host: 'h1', method: 'GET' }, 100);
    s.add({ time: 0, section: '/a', status: 503, bytes: 5, host: 'h2', method: 'POST' }, 100);
    s.add({ time: 0, section: '(invalid)' }, 100); // status, bytes, host unknown: not zero
    const w = s.current(1).window;
    assert.equal(w.hits, 3);
    assert.equal(w.bytes, 15);
    assert.deepEqual(w.status, { '1xx': 0, '2xx': 1, '3xx': 0, '4xx': 0, '5xx': 1, other: 1 });
    assert.equal(w.errorRate, 0.5, '5xx share of hits with a known status');
    assert.equal(w.distinctHosts, 2);
    assert.deepEqual(w.codes, [
      { code: 200, hits: 1 },
      { code: 503, hits: 1 },
    ]);
  });

  test('seconds leave the window figures as the clock moves; totals keep them', () => {
    const s = new TrafficStats(10);
    s.add({ time: 0, section: '/old', host: 'a' }, 100);
    s.add({ time: 0, section: '/new', host: 'b' }, 105);
    s.expireThrough(110); // second 100 leaves (100 <= 110 - 10)
    const w = s.current(1).window;
    assert.deepEqual(w.sections, [{ section: '/new', hits: 1 }]);
    assert.equal(w.hits, 1);
    assert.equal(w.distinctHosts, 1);
    assert.equal(s.current(11).total.hits, 2);
    s.expireThrough(1_000_000); // a long jump empties the window
    assert.equal(s.current(1).window.hits, 0);
    assert.deepEqual(s.current(1).window.sections, []);
  });

  test('a flood of distinct hosts in the window keeps memory bounded', () => {
    const s = new TrafficStats(120);
    for (let i = 0; i < 300_000; i++) {
      s.add({ time: 0, section: `/p${i}`, host: `h${i}` }, 1000 + Math.floor(i / 1000));
    }
    assert.ok(s.hosts.size <= 100_000, `hosts kept ${s.hosts.size}`);
    assert.ok(s.sections.size <= 20_000, `sections kept ${s.sections.size}`);
    assert.equal(s.current(300).total.hits, 300_000);
  });

  test("a second's lists are its keys once each, with their hits and the tags they had when counted", () => {
    const s = new TrafficStats(10);
    s.add({ time: 0, section: '/a', host: '10.0.0.1' }, 0);
    s.hosts.touch('10.0.0.1')!.tag = 7; // the history recorder numbers the host
    s.add({ time: 0, section: '/a', host: '10.0.0.1' }, 1);
    s.add({ time: 0, section: '/b', host: '10.0.0.1' }, 1);
    s.add({ time: 0, section: '/a', host: '10.0.0.2' }, 1);
    const hosts = (sec: number) => {
      const h = s.secondDetail(sec)!.hosts;
      return [...Array(h.n).keys()].map((i) => [h.keys[i]!.key, h.hits[i], h.tags[i]]);
    };
    assert.deepEqual(hosts(0), [['10.0.0.1', 1, 0]], 'counted before it was tagged');
    assert.deepEqual(hosts(1), [
      ['10.0.0.1', 2, 7],
      ['10.0.0.2', 1, 0],
    ]);
    const sections = s.secondDetail(1)!.sections;
    assert.equal(sections.n, 2);
    assert.deepEqual(sections.hits.slice(0, 2), [2, 1]);
  });

  test('a reused second keeps no record the table evicted (a flood does not grow the heap)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const s = new TrafficStats(2); // a ring of 4 seconds
    // Busier sections first: the victim is never among the top sections /metrics labels.
    for (let k = 0; k < 12; k++)
      for (let n = 0; n < 3; n++) s.add({ time: 0, section: `/k${k}` }, 0);
    s.add({ time: 0, section: '/victim' }, 0);
    const victim = new WeakRef(s.sections.touch('/victim')!);
    s.expireThrough(3); // second 0 leaves the window
    s.foldInterval(); // and the interval
    // Twice the sections table's capacity of new keys: idle keys (the victim) are evicted.
    for (let i = 0; i < 2 * s.sections.capacity; i++) s.add({ time: 0, section: `/f${i}` }, 3);
    assert.ok(victim.deref()?.evicted, 'the flood evicted the victim');
    s.add({ time: 0, section: '/k0' }, 4); // second 4 reuses second 0's slot, with one key
    await new Promise((res) => setImmediate(res));
    gc();
    assert.equal(victim.deref(), undefined, 'nothing holds the evicted record');
  });
});

describe('history tags in a replay', () => {
  test("a host numbered when its first second is recorded has its number in the later seconds' lists", () => {
    const T0 = 1_700_000_000;
    let next = 0;
    const seen: { sec: number; tag: number; now: number }[] = [];
    const core = new MonitorCore({
      threshold: 1000,
      window: 10,
      interval: 10,
      format: 'common',
      live: false,
      wall: () => (T0 + 100) * 1000,
      emit: () => undefined,
      // A recorder: numbers each host it has not numbered yet.
      onSecond: (d) => {
        for (let i = 0; i < d.hosts.n; i++) {
          const rec = d.hosts.keys[i]!;
          if (rec.tag === 0) rec.tag = ++next;
          seen.push({ sec: d.at / 1000 - T0, tag: d.hosts.tags[i]!, now: rec.tag });
        }
      },
    });
    // One host in every second for 30 s: counted 10 s (the window) before it is recorded.
    core.ingest(Array.from({ length: 30 }, (_, s) => clf(T0 + s, '/a', 200, '10.0.0.9')));
    core.finish();
    assert.equal(seen.length, 30);
    assert.equal(seen[0]!.tag, 0, 'the first second was counted before the host had a number');
    // Every second that left the window after the first was recorded carries the number.
    const late = seen.filter((r) => r.sec >= 1 && r.sec < 30 - 10);
    assert.ok(late.length >= 15);
    for (const r of late) assert.equal(r.tag, r.now, `second ${r.sec}`);
  });
});
