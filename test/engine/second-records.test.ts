/**
 * Completed seconds for the history database: every hit in exactly one
 * record, every key exact, once each, in order; live a second after
 * evaluation, in replay when the second leaves the window.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SecondDetail } from '../../main/engine/api';
import { keyList } from '../../main/engine/stats/key-counts';
import { MonitorCore } from '../../main/engine/core';
import { clf, rng } from './helpers';

const T0 = 1_700_000_000;

/** A second as sent, its sections copied (the engine lends the lists for the call only). */
type Kept = Omit<SecondDetail, 'sections' | 'hosts' | 'codes' | 'methods'> & {
  sections: [string, number][];
};

function core(live: boolean, recordFrom?: number) {
  let wall = T0 * 1000;
  const records: Kept[] = [];
  const c = new MonitorCore({
    threshold: 2,
    window: 10,
    interval: 10,
    format: 'common',
    live,
    wall: () => wall,
    emit: () => undefined,
    onSecond: ({ sections, hosts: _h, codes: _c, methods: _m, ...d }) =>
      records.push({ ...d, sections: keyList(sections) }),
    ...(recordFrom !== undefined ? { recordFrom } : {}),
  });
  return {
    c,
    records,
    setWall: (ms: number) => (wall = ms),
  };
}

const sum = (records: Kept[], pick: (d: Kept) => number) =>
  records.reduce((a, d) => a + pick(d), 0);

describe('second records', () => {
  test('a replay with lines out of order: every hit and key in exactly one record', () => {
    const m = core(false);
    const r = rng(3);
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      // Roughly in order, a row up to 3 s older than the one before (like the CSV sample).
      const sec = T0 + Math.floor(i / 10) - Math.floor(r() * 4);
      lines.push(clf(sec, `/s${i % 7}/x`, i % 13 === 0 ? 503 : 200, `10.0.0.${i % 50}`));
    }
    m.c.ingest(lines);
    m.c.finish();
    const total = m.c.stats().total;
    assert.equal(
      sum(m.records, (d) => d.hits),
      total.hits,
    );
    assert.equal(
      sum(m.records, (d) => d.status['5xx']),
      total.status['5xx'],
    );
    const ats = m.records.map((d) => d.at);
    assert.deepEqual(
      ats,
      [...new Set(ats)].sort((a, b) => a - b),
      'once each, in order',
    );
    const perSection = new Map<string, number>();
    for (const d of m.records)
      for (const [k, n] of d.sections) perSection.set(k, (perSection.get(k) ?? 0) + n);
    for (const s of total.sections) assert.equal(perSection.get(s.section), s.hits, s.section);
    for (const d of m.records)
      assert.equal(
        d.sections.reduce((a, [, n]) => a + n, 0),
        d.hits,
        'a second’s sections sum to its hits',
      );
  });

  test('live: a second is sent one second after it was evaluated, with its average and alert flag', () => {
    const m = core(true);
    for (let s = T0; s < T0 + 20; s++) {
      m.setWall(s * 1000 + 100);
      m.c.beginBatch();
      m.c.ingest(Array.from({ length: 5 }, () => clf(s)));
      m.c.endBatch();
      m.setWall(s * 1000 + 900);
      m.c.tick();
    }
    const last = m.records[m.records.length - 1]!;
    assert.ok(
      last.at / 1000 >= T0 + 17 && last.at / 1000 <= T0 + 18,
      `last ${last.at / 1000 - T0}`,
    );
    assert.equal(m.records[0]!.at, T0 * 1000);
    assert.ok(m.records.every((d) => d.hits === 5));
    const alerting = m.records.find((d) => d.alert)!;
    assert.ok(alerting.avg > 2, 'the alert flag goes with an average above the threshold');
  });

  test('seconds the database holds already are not sent again', () => {
    const m = core(false, T0 + 4);
    const lines: string[] = [];
    for (let s = T0; s < T0 + 10; s++) lines.push(clf(s));
    m.c.ingest(lines);
    m.c.finish();
    assert.deepEqual(
      m.records.map((d) => d.at / 1000 - T0),
      [5, 6, 7, 8, 9],
    );
  });

  test('a replay across a day-long gap sends only the seconds that hold something', () => {
    const m = core(false);
    m.setWall((T0 + 200_000) * 1000); // an old log: both lines are in the past
    m.c.ingest([clf(T0), clf(T0 + 86_400)]);
    m.c.finish();
    const busy = m.records.filter((d) => d.hits > 0).map((d) => d.at / 1000 - T0);
    assert.deepEqual(busy, [0, 86_400]);
    assert.ok(m.records.length < 30, `${m.records.length} records`);
  });

  test('a sparse replay (a few lines, then a gap longer than the window): every hit in one record', () => {
    // Seen on a real log of 10,000 lines over three days: 743 hits reached the history.
    const m = core(false);
    m.setWall((T0 + 200_000) * 1000);
    m.c.ingest([clf(T0), clf(T0 + 3), clf(T0 + 6), clf(T0 + 1000), clf(T0 + 1003)]);
    m.c.finish();
    const busy = m.records.filter((d) => d.hits > 0).map((d) => d.at / 1000 - T0);
    assert.deepEqual(busy, [0, 3, 6, 1000, 1003]);
    const first = m.records.find((d) => d.at === T0 * 1000)!;
    assert.equal(first.avg, 0.1, 'its window average, as evaluated');
  });

  test('a replay with random gaps: every hit, and every second with an average, in its record', () => {
    const m = core(false);
    m.setWall((T0 + 500_000) * 1000);
    const r = rng(5);
    const perSecond = new Map<number, number>();
    const lines: string[] = [];
    for (let i = 0, sec = T0; i < 2000; i++) {
      sec += Math.floor(r() * r() * 40);
      lines.push(clf(sec));
      perSecond.set(sec, (perSecond.get(sec) ?? 0) + 1);
    }
    m.c.ingest(lines);
    m.c.finish();
    const recorded = new Map(m.records.filter((d) => d.hits > 0).map((d) => [d.at / 1000, d.hits]));
    assert.deepEqual(recorded, perSecond);
    // A second after a hit, within the window and the log (it ends at its last line), has a
    // positive average.
    const end = Math.max(...perSecond.keys());
    const averaged = new Set(m.records.filter((d) => d.avg > 0).map((d) => d.at / 1000));
    for (const sec of perSecond.keys())
      for (let k = 0; k < 10 && sec + k <= end; k++)
        assert.ok(averaged.has(sec + k), `second ${sec + k - T0}`);
  });
});
