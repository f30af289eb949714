import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openHistory, type OpenHistoryOptions } from '../../main/history/open';
import type { History } from '../../main/history/types';
import { rng } from '../engine/helpers';
import { fakeClock, second, sqlite, T0, tempDir, type FakeClock } from './helpers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function open(db: string, clock: FakeClock, more: Partial<OpenHistoryOptions> = {}): History {
  const r = openHistory({ path: db, source: '/logs/access.log', clock, ...more });
  if (!r.ok) throw new Error(r.message);
  return r.history;
}

test('seconds are written together once the clock has moved a second', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  const clock = fakeClock(T0);
  const h = open(tmp.db, clock);
  for (let i = 0; i < 3; i++) h.record(second(T0 + i * 1000, 2));
  assert.equal(sqlite(tmp.db, 'SELECT count(*) FROM seconds'), '0', 'nothing before the tick');
  clock.advance(1000);
  assert.equal(sqlite(tmp.db, 'SELECT count(*), sum(hits) FROM seconds'), '3|6');
  assert.equal(sqlite(tmp.db, 'SELECT at, hits FROM minutes'), `${T0}|6`);
  h.close();
});

/** Seconds with many keys: 120 sections, 300 hosts, codes for only some hits. */
function busyMinute(start: number) {
  const r = rng(7);
  const exact = new Map<string, number>();
  const seconds = [];
  for (let i = 0; i < 60; i++) {
    const sections: Array<[string, number]> = [];
    const hosts: Array<[string, number]> = [];
    let hits = 0;
    for (let k = 0; k < 20; k++) {
      const key = `/s${Math.floor(r() ** 2 * 120)}`;
      const n = 1 + Math.floor(r() * 5);
      sections.push([key, n]);
      hosts.push([`192.0.${Math.floor(r() * 300) % 256}.${k}`, n]);
      exact.set(key, (exact.get(key) ?? 0) + n);
      hits += n;
    }
    // Fold repeated keys of the second, as the engine hands them (one entry per key).
    const fold = (rows: Array<[string, number]>) => {
      const m = new Map<string, number>();
      for (const [k, n] of rows) m.set(k, (m.get(k) ?? 0) + n);
      return [...m];
    };
    const coded = hits - 3; // three hits with an unknown status ('-')
    seconds.push(
      second(start + i * 1000, hits, {
        sections: fold(sections),
        hosts: fold(hosts),
        codes: [
          [200, coded - 1],
          [503, 1],
        ],
        methods: [['GET', hits]],
      }),
    );
  }
  return { seconds, exact };
}

test('every breakdown of a minute sums to its hits, with an other remainder', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  const clock = fakeClock(T0);
  const h = open(tmp.db, clock, { hosts: 'full' });
  const { seconds, exact } = busyMinute(T0);
  for (const s of seconds) h.record(s);
  h.close();
  for (const col of ['sections', 'hosts', 'codes', 'methods']) {
    const sums = sqlite(
      tmp.db,
      `SELECT hits, (SELECT total(json_extract(value, '$[1]')) FROM json_each(${col}, '$.t'))
         + json_extract(${col}, '$.o'), json_array_length(${col}, '$.t') FROM minute_tops`,
    );
    const [hits, sum, listed] = sums.split('|').map(Number);
    assert.equal(sum, hits, `${col} sum to the minute's hits`);
    assert.ok(listed! <= 50, `${col}: at most 50 listed`);
  }
  // The 50 listed sections are the 50 largest, with their exact counts.
  const listed = JSON.parse(
    sqlite(tmp.db, "SELECT json_extract(sections, '$.t') FROM minute_tops"),
  );
  const expected = [...exact].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 50);
  assert.equal(exact.size > 50, true, 'the minute had more than 50 sections');
  assert.deepEqual(listed, expected);
  assert.equal(
    sqlite(tmp.db, "SELECT json_extract(codes, '$.o') FROM minute_tops"),
    '180',
    '3 unknown-status hits a second are in other',
  );
});

test('a half-written minute resumes from its row after a restart', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  const clock = fakeClock(T0);
  const { seconds, exact } = busyMinute(T0);
  const first = open(tmp.db, clock, { hosts: 'full' });
  for (const s of seconds.slice(0, 25)) first.record(s);
  first.close();
  const second_ = open(tmp.db, clock, { hosts: 'full' });
  second_.record(seconds[10]!); // already stored: ignored, not counted twice
  for (const s of seconds.slice(25)) second_.record(s);
  second_.close();
  const total = seconds.reduce((n, s) => n + s.hits, 0);
  assert.equal(sqlite(tmp.db, 'SELECT hits FROM minutes'), String(total));
  // The biggest sections were in the first half's top 50 too: still exact.
  const top = JSON.parse(
    sqlite(tmp.db, "SELECT json_extract(sections, '$.t[0]') FROM minute_tops"),
  );
  const best = [...exact].sort((a, b) => b[1] - a[1])[0]!;
  assert.deepEqual(top, [best[0], best[1]]);
});

test('seconds out of order or repeated are ignored', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  const clock = fakeClock(T0);
  const h = open(tmp.db, clock);
  h.record(second(T0 + 5000, 4));
  h.record(second(T0 + 5000, 4));
  h.record(second(T0 + 1000, 4));
  h.close();
  assert.equal(sqlite(tmp.db, 'SELECT count(*), sum(hits) FROM seconds'), '1|4');
  assert.equal(sqlite(tmp.db, 'SELECT hits FROM minutes'), '4');
});

test('retention: seconds kept 48 h, minutes and hours 90 days, alerts forever', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  const clock = fakeClock(T0);
  const h = open(tmp.db, clock);
  const alert = {
    type: 'alert' as const,
    at: T0,
    avg: 12,
    peak: 12,
    hits: 1440,
    threshold: 10,
    window: 120,
    prefs: {},
  };
  h.recordAlert(alert);
  // 12,000 seconds of traffic at T0, more than one write deletes at a time.
  for (let i = 0; i < 12_000; i++) h.record(second(T0 + i * 1000, 1));
  clock.advance(1000);
  const count = (table: string) => Number(sqlite(tmp.db, `SELECT count(*) FROM ${table}`));
  assert.equal(count('seconds'), 12_000);
  h.record(second(T0 + 47 * HOUR, 1));
  clock.advance(1000);
  assert.equal(count('seconds'), 12_001, 'nothing is 48 h old yet');
  h.record(second(T0 + 52 * HOUR, 1));
  clock.advance(1000);
  assert.ok(count('seconds') > 2, 'old seconds go a chunk at a time');
  for (let i = 1; i <= 5; i++) {
    h.record(second(T0 + 52 * HOUR + i * 1000, 1));
    clock.advance(1000);
  }
  assert.equal(
    Number(sqlite(tmp.db, `SELECT count(*) FROM seconds WHERE at < ${T0 + 4 * HOUR}`)),
    0,
  );
  assert.ok(Number(sqlite(tmp.db, `SELECT count(*) FROM minutes WHERE at < ${T0 + HOUR}`)) > 0);
  assert.ok(count('hours') > 0, 'complete hours are rolled up');

  h.record(second(T0 + 91 * DAY, 1));
  for (let i = 0; i < 3; i++) clock.advance(1000);
  assert.equal(Number(sqlite(tmp.db, `SELECT count(*) FROM minutes WHERE at < ${T0 + DAY}`)), 0);
  assert.equal(
    Number(sqlite(tmp.db, `SELECT count(*) FROM minute_tops WHERE at < ${T0 + DAY}`)),
    0,
  );
  assert.equal(Number(sqlite(tmp.db, `SELECT count(*) FROM hours WHERE at < ${T0 + DAY}`)), 0);
  assert.deepEqual(h.alerts(), [alert]);
  h.close();
});

test('an alert keeps its peak and the preferences in force', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  const clock = fakeClock(T0);
  const h = open(tmp.db, clock);
  const prefs = { threshold: 10, window: 120, notify: true };
  h.recordAlert({
    type: 'alert',
    at: T0,
    avg: 10.5,
    peak: 10.5,
    hits: 1260,
    threshold: 10,
    window: 120,
    prefs,
  });
  h.recordAlert({
    type: 'recovery',
    at: T0 + 600_000,
    avg: 9.9,
    peak: 31.25,
    hits: 1188,
    threshold: 10,
    window: 120,
    prefs,
  });
  h.close();
  assert.equal(sqlite(tmp.db, "SELECT peak FROM alerts WHERE type = 'recovery'"), '31.25');
  const back = open(tmp.db, clock);
  const alerts = back.alerts(T0 + 1, T0 + DAY);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]!.peak, 31.25);
  assert.deepEqual(alerts[0]!.prefs, prefs);
  back.close();
});

test('the hosts option decides what the per-minute top hosts hold', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  const hosts: Array<[string, number]> = [
    ['192.0.2.10', 2],
    ['192.0.2.99', 1],
    ['piweba3y.prodigy.com', 3],
  ];
  const stored = (mode: 'off' | 'anonymized' | 'full') => {
    const db = `${tmp.dir}/${mode}.db`;
    const h = open(db, fakeClock(T0), { hosts: mode });
    h.record(second(T0, 6, { hosts }));
    h.close();
    return sqlite(
      db,
      "SELECT coalesce(json_extract(hosts, '$.t'), 'NULL'), distinct_hosts FROM minute_tops",
    );
  };
  assert.equal(stored('off'), 'NULL|3');
  assert.equal(stored('anonymized'), '[["192.0.2.0/24",3],["prodigy.com",3]]|3');
  assert.equal(stored('full'), '[["piweba3y.prodigy.com",3],["192.0.2.10",2],["192.0.2.99",1]]|3');
});
