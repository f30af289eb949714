import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { SecondEvent, SummaryEvent } from '../../main/common/types';
import { historyRows } from '../../renderer/alert-history';
import { bannerFor } from '../../renderer/banner';
import { formatBytes } from '../../main/common/format';
import { formatDuration } from '../../renderer/format';
import { createModel } from '../../renderer/model';
import { createSecondRing } from '../../renderer/second-ring';
import { statusBars } from '../../renderer/status-series';
import { pointSource, trafficSeries } from '../../renderer/traffic-series';
import { makeSnapshot } from '../e2e/fixtures/fake-monitor';

const sec = (at: number, hits = 1, avg = 0, alert = false): SecondEvent => ({
  type: 'second',
  at,
  hits,
  avg,
  alert,
});

describe('second ring (the chart data)', () => {
  test('keeps at most its capacity, oldest dropped, in time order', () => {
    const ring = createSecondRing(100);
    for (let i = 0; i < 250; i++) ring.put(sec(i * 1000, i));
    assert.equal(ring.size, 100);
    assert.equal(ring.at(0), 150_000);
    assert.equal(ring.hits(99), 249);
  });

  test('a second received twice is stored once, and a missing older one is put in its place', () => {
    const ring = createSecondRing(10);
    for (const t of [1, 2, 4, 5]) ring.put(sec(t * 1000, t));
    ring.put(sec(2000, 20));
    ring.put(sec(3000, 3));
    assert.deepEqual(
      Array.from({ length: ring.size }, (_, i) => [ring.at(i) / 1000, ring.hits(i)]),
      [
        [1, 1],
        [2, 20],
        [3, 3],
        [4, 4],
        [5, 5],
      ],
    );
    assert.equal(ring.lowerBound(3500), 3);
  });
});

describe('page model', () => {
  test('a resent snapshot (reconnect) neither loses nor doubles seconds or alerts', () => {
    const alert = {
      type: 'alert' as const,
      at: 5000,
      avg: 12,
      hits: 1440,
      threshold: 10,
      window: 120,
    };
    const model = createModel(makeSnapshot({ at: 3000, seconds: [sec(1000), sec(2000)] }));
    model.apply(sec(3000, 5, 11));
    model.apply(alert);
    model.apply({
      type: 'snapshot',
      snapshot: makeSnapshot({
        at: 6000,
        seconds: [sec(2000), sec(3000, 5, 11)],
        history: [alert],
      }),
    });
    model.apply(alert);
    assert.equal(model.seconds.size, 3);
    assert.equal(model.snap.history.length, 1);
  });

  test('hits since start follow the seconds between summaries, and are exact at each summary', () => {
    const model = createModel(makeSnapshot({ at: 1000 }));
    model.apply(sec(1000, 7));
    model.apply(sec(2000, 5));
    assert.equal(model.hitsSinceStart(), 12);
    const total = { ...makeSnapshot().stats.total, hits: 13 };
    model.apply({ type: 'summary', at: 3000, interval: total, window: total, total });
    assert.equal(model.hitsSinceStart(), 13);
    model.apply(sec(3000, 2));
    assert.equal(model.hitsSinceStart(), 15);
  });

  test('the badge follows the average against the threshold, alerts, and the file state', () => {
    const model = createModel(makeSnapshot({ threshold: 10 }));
    model.apply(sec(1000, 1, 9));
    assert.equal(model.snap.state, 'elevated');
    model.apply({ type: 'alert', at: 2000, avg: 11, hits: 1320, threshold: 10, window: 120 });
    assert.equal(model.snap.state, 'alert');
    model.apply({
      type: 'file',
      at: 3000,
      state: 'error',
      code: 'error-permission',
      path: '/var/log/access.log',
      message: 'EACCES',
    });
    assert.equal(model.snap.state, 'error');
  });

  test('a snapshot of another file starts the chart afresh', () => {
    const model = createModel(makeSnapshot({ seconds: [sec(1000), sec(2000)] }));
    model.apply({
      type: 'snapshot',
      snapshot: makeSnapshot({
        file: { path: '/other.log', state: 'following', code: 'following', message: '' },
      }),
    });
    assert.equal(model.seconds.size, 0);
  });
});

describe('alert history rows', () => {
  const alert = (at: number, avg: number) => ({
    type: 'alert' as const,
    at,
    avg,
    hits: 0,
    threshold: 10,
    window: 120,
  });
  const recovery = (at: number) => ({
    type: 'recovery' as const,
    at,
    avg: 9,
    hits: 0,
    threshold: 10,
    window: 120,
  });

  test('pairs alerts with recoveries, newest first, with the peak seen and the duration', () => {
    const ring = createSecondRing();
    for (let t = 0; t <= 100; t++) ring.put(sec(t * 1000, 1, t === 50 ? 30 : 11));
    const rows = historyRows(
      [alert(10_000, 11), recovery(70_000), alert(90_000, 12)],
      ring,
      100_000,
    );
    assert.equal(rows.length, 2);
    assert.deepEqual([rows[0]!.ongoing, rows[0]!.duration], [true, 10_000]);
    assert.deepEqual(
      [rows[1]!.end, rows[1]!.peak, rows[1]!.peakExact, rows[1]!.duration],
      [70_000, 30, true, 60_000],
    );
  });

  test('a peak from before the seconds the page holds is marked as a lower bound', () => {
    const rows = historyRows([alert(10_000, 11), recovery(70_000)], createSecondRing(), 100_000);
    assert.deepEqual([rows[0]!.peak, rows[0]!.peakExact], [11, false]);
  });
});

describe('empty and error states', () => {
  test('tell the user what is wrong, in words', () => {
    const none = bannerFor(
      makeSnapshot({ file: { path: '', state: 'waiting', code: 'waiting-missing', message: '' } }),
      'electron',
      true,
    );
    assert.equal(none?.action?.id, 'choose');
    assert.match(
      bannerFor(
        makeSnapshot({
          file: { path: '/x.log', state: 'waiting', code: 'waiting-missing', message: '' },
        }),
        'web',
        true,
      )!.text,
      /Waiting for \/x\.log/,
    );
    assert.match(
      bannerFor(
        makeSnapshot({
          file: {
            path: '/x.log',
            state: 'error',
            code: 'error-permission',
            message: 'permission denied',
          },
        }),
        'web',
        true,
      )!.text,
      /Cannot read \/x\.log\. permission denied/,
    );
    assert.match(bannerFor(makeSnapshot({ paused: true }), 'electron', true)!.text, /Paused/);
    assert.match(bannerFor(makeSnapshot(), 'web', false)!.text, /Reconnecting/);
    assert.equal(bannerFor(makeSnapshot(), 'web', true), null);
  });

  test("sizes and durations read naturally; bytes in the console's SI units (lowercase kB)", () => {
    assert.equal(formatBytes(999), '999 B');
    assert.equal(formatBytes(1_234), '1.2 kB');
    assert.equal(formatBytes(1_234_567), '1.2 MB');
    assert.equal(formatBytes(5_000_000_000), '5.0 GB');
    assert.equal(formatDuration(203_000), '3 min 23 s');
    assert.equal(formatDuration(7_500_000), '2 h 05 min');
  });
});

describe('status bars (pure)', () => {
  const point = (at: number, s: Record<string, number>) => ({
    at,
    hits: 1,
    bytes: 0,
    status: s,
    avg: 0,
    alert: false,
  });
  test('history fills the range before the first summary; old snapshots without 1xx/other count as 0', () => {
    const summary = {
      type: 'summary' as const,
      at: 40_000,
      interval: { status: { '2xx': 5, '3xx': 0, '4xx': 1, '5xx': 0 } },
    } as unknown as SummaryEvent;
    const points = [0, 1000, 12_000, 25_000, 31_000].map((at) => point(at, { '2xx': 1, other: 1 }));
    const bars = statusBars([summary], points, -1, 10_000, {});
    assert.deepEqual(
      bars.map((b) => [b.at, b.counts['2xx'], b.counts.other, b.counts['1xx']]),
      [
        [10_000, 2, 2, 0],
        [20_000, 1, 1, 0],
        [30_000, 1, 1, 0],
        [40_000, 5, 0, 0],
      ],
    );
  });

  test('with neither summaries nor history, one bar of the counts shown beside; none when all are 0', () => {
    assert.deepEqual(statusBars([], [], 0, 10_000, { '2xx': 453, '4xx': 150 }), [
      { at: null, counts: { '1xx': 0, '2xx': 453, '3xx': 0, '4xx': 150, '5xx': 0, other: 0 } },
    ]);
    assert.deepEqual(statusBars([], [], 0, 10_000, {}), []);
  });
});

describe('traffic series (pure)', () => {
  test('a gap between two seconds is drawn as zeros at both of its ends', () => {
    const ring = createSecondRing(10);
    for (const t of [0, 1, 5, 6]) ring.put(sec(t * 1000, 4, 4));
    const s = trafficSeries(ring, 0, 7000, 1000, 1000);
    assert.deepEqual(
      s.hits.map((p) => [p.x / 1000, p.y]),
      [
        [0, 4],
        [1, 4],
        [2, 0],
        [4, 0],
        [5, 4],
        [6, 4],
      ],
    );
    assert.equal(s.points, 4);
  });

  test('history points of one minute are drawn in req/s', () => {
    const points = [0, 60_000].map((at) => ({
      at,
      hits: 120,
      bytes: 0,
      status: {},
      avg: 2,
      alert: at > 0,
    }));
    const s = trafficSeries(pointSource(points), 0, 120_000, 60_000, 60_000);
    assert.deepEqual(
      s.hits.map((p) => p.y),
      [2, 2],
    );
    assert.deepEqual(s.spans, [[60_000, 120_000]]);
  });
});
