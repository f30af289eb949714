import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openHistory } from '../../main/history/open';
import type { History, SecondRecord } from '../../main/history/types';
import { fakeClock, noStatus, second, T0, tempDir } from './helpers';

const HOUR = 3_600_000;

function open(db: string): History {
  const r = openHistory({
    path: db,
    source: '/logs/access.log',
    clock: fakeClock(T0),
    hosts: 'full',
  });
  if (!r.ok) throw new Error(r.message);
  return r.history;
}

/** Three hours: second i has i % 5 hits (one 5xx every 4th second), avg i/1000, alert in the second hour. */
function threeHours(h: History): SecondRecord[] {
  const all: SecondRecord[] = [];
  for (let i = 0; i < 3 * 3600; i++) {
    const hits = i % 5;
    const s = second(T0 + i * 1000, hits, {
      avg: i / 1000,
      alert: i >= 3600 && i < 7200,
      sections: hits ? [[i % 2 ? '/odd' : '/even', hits]] : [],
      ...(hits && i % 4 === 0
        ? {
            status: { ...noStatus(), '2xx': hits - 1, '5xx': 1 },
            codes: [
              [200, hits - 1],
              [503, 1],
            ],
          }
        : {}),
    });
    h.record(s);
    all.push(s);
  }
  return all;
}

/** A database holding threeHours(), closed after the test. */
function filled(t: { after(fn: () => void): void }) {
  const tmp = tempDir();
  const h = open(tmp.db);
  const all = threeHours(h);
  t.after(() => {
    h.close();
    tmp.done();
  });
  return { h, all, db: tmp.db };
}

const sum = (xs: SecondRecord[], f: (s: SecondRecord) => number) =>
  xs.reduce((n, s) => n + f(s), 0);

test('a range of up to 25 minutes is answered per second, and sums to its stats', (t) => {
  const { h, all } = filled(t);
  const r = h.range({ from: T0 + 600_500, to: T0 + 1_200_000 });
  assert.equal(r.step, '1s');
  assert.equal(r.from, T0 + 600_000, 'from widened to a whole second');
  assert.equal(r.points.length, 600);
  const inside = all.slice(600, 1200);
  assert.deepEqual(
    r.points.map((p) => p.hits),
    inside.map((s) => s.hits),
  );
  assert.equal(
    r.stats.hits,
    sum(inside, (s) => s.hits),
  );
  assert.equal(
    r.stats.status['5xx'],
    sum(inside, (s) => s.status['5xx']),
  );
  assert.equal(r.stats.seconds, 600);
  assert.equal(r.stats.rps, Math.round((r.stats.hits / 600) * 1000) / 1000);
  h.close();
});

test('minute points are sums of their seconds, hour points sums of their minutes', (t) => {
  const { h, all } = filled(t);
  const m = h.range({ from: T0, to: T0 + 2 * HOUR, step: '1m' });
  assert.equal(m.points.length, 120);
  m.points.forEach((p, k) => {
    const secs = all.slice(k * 60, k * 60 + 60);
    assert.equal(
      p.hits,
      sum(secs, (s) => s.hits),
    );
    assert.equal(
      p.bytes,
      sum(secs, (s) => s.bytes),
    );
    assert.equal(p.avg, Math.max(...secs.map((s) => s.avg)), 'avg is the peak of the minute');
    assert.equal(
      p.alert,
      secs.some((s) => s.alert),
    );
  });
  const hr = h.range({ from: T0, to: T0 + 3 * HOUR, step: '1h' });
  assert.deepEqual(
    hr.points.map((p) => [p.at, p.hits, p.alert]),
    [0, 1, 2].map((k) => [
      T0 + k * HOUR,
      sum(all.slice(k * 3600, (k + 1) * 3600), (s) => s.hits),
      k === 1,
    ]),
  );
  // Hour rows (the first two are complete and rolled up) give the same tops as the minutes.
  assert.deepEqual(
    hr.stats.sections,
    [
      {
        section: '/even',
        hits: sum(
          all.filter((_, i) => i % 2 === 0),
          (s) => s.hits,
        ),
      },
      {
        section: '/odd',
        hits: sum(
          all.filter((_, i) => i % 2 === 1),
          (s) => s.hits,
        ),
      },
    ].sort((a, b) => b.hits - a.hits),
  );
  assert.equal(hr.stats.approximate, false);
  assert.equal(
    hr.stats.hits,
    sum(all, (s) => s.hits),
  );
  assert.equal(
    hr.stats.codes.find((c) => c.code === 503)!.hits,
    sum(all, (s) => s.status['5xx']),
  );
  h.close();
});

test('the automatic step keeps at most ~1500 points', (t) => {
  const { h } = filled(t);
  assert.equal(h.range({ from: T0, to: T0 + 1500_000 }).step, '1s');
  assert.equal(h.range({ from: T0, to: T0 + 2 * HOUR }).step, '1m');
  assert.equal(h.range({ from: T0, to: T0 + 25 * HOUR }).step, '1m');
  const days = h.range({ from: T0, to: T0 + 30 * 24 * HOUR });
  assert.equal(days.step, '1h');
  assert.equal(days.points.length, 720);
  h.close();
});

test('bad ranges are refused with the parameter named', (t) => {
  const { h } = filled(t);
  assert.throws(
    () => h.range({ from: T0, to: T0 + 3 * HOUR, step: '1s' }),
    /^RangeError: step: 1s answers ranges up to 2 h/,
  );
  assert.throws(
    () => h.range({ from: T0 + 10, to: T0 }),
    /^RangeError: to: must be later than from/,
  );
  assert.throws(() => h.range({ from: NaN, to: T0 }), /^RangeError: from:/);
  h.record(second(T0 + 50 * HOUR, 1));
  assert.throws(
    () => h.range({ from: T0, to: T0 + HOUR, step: '1s' }),
    /step: seconds are kept for 48 h/,
  );
  h.close();
});

test('top lists merged from minutes that cut a key are marked approximate', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  const h = open(tmp.db);
  // Minute 0: 60 sections of 2 hits and /rare with 1: /rare is cut from its top 50.
  const many: Array<[string, number]> = Array.from({ length: 60 }, (_, i) => [`/s${i}`, 2]);
  h.record(second(T0, 121, { sections: [...many, ['/rare', 1]] }));
  // Minute 1: /rare alone, 500 hits.
  h.record(second(T0 + 60_000, 500, { sections: [['/rare', 500]] }));
  const both = h.range({ from: T0, to: T0 + 120_000, step: '1m' });
  assert.deepEqual(both.stats.sections[0], { section: '/rare', hits: 500 });
  assert.equal(both.stats.approximate, true, '/rare may have had hits in minute 0');
  const second1 = h.range({ from: T0 + 60_000, to: T0 + 120_000, step: '1m' });
  assert.equal(second1.stats.approximate, false);
  h.close();
});

test('recent() gives the last seconds back after a restart, one per second', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  const h = open(tmp.db);
  const all = threeHours(h);
  h.close();
  const again = open(tmp.db);
  const last = again.recent(3600);
  assert.equal(last.length, 3600);
  assert.equal(last.at(-1)!.at, T0 + (3 * 3600 - 1) * 1000);
  assert.deepEqual(
    last.map((s) => [s.at, s.hits, s.avg, s.alert]),
    all.slice(-3600).map((s) => [s.at, s.hits, s.avg, s.alert]),
  );
  assert.equal(last[0]!.type, 'second');
  again.close();
});
