// The dashboard's figures agree, follow the live window, and read history:
// each test here was a defect seen on the page (issue #10, sections 2 and 3).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { HistoryPoint, HistoryRange } from '../../main/common/history-types';
import type { AlertEvent, SecondEvent, Snapshot } from '../../main/common/types';
import { emptyStats, makeSnapshot } from '../e2e/fixtures/fake-monitor';
import { launchBrowser, screenshot, type Browser, type WatchedPage } from './fixtures/browser';
import { openPage, PAGE, push, readFake, setFake, WAIT, waitText } from './fixtures/open-page';
import { sampleSnapshot } from './fixtures/sample-snapshot';

let browser: Browser;
before(async () => {
  assert.ok(existsSync(PAGE), 'build the page first: npm run build');
  browser = await launchBrowser();
});
after(() => browser.close());

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const second = (at: number, hits: number, avg = hits, alert = false): SecondEvent => ({
  type: 'second',
  at,
  hits,
  avg,
  alert,
});
/** A definition-list value by its term, in one panel. */
const pair = (w: WatchedPage, list: string, term: string) =>
  w.page.evaluate(
    ([l, t]) => {
      const dts = [...document.querySelectorAll(`#${l} dt`)];
      return dts.find((d) => d.textContent === t)?.nextElementSibling?.textContent ?? null;
    },
    [list, term] as const,
  );
type Charts = {
  traffic: { hits: { x: number; y: number }[]; avg: { x: number; y: number }[] };
  status: { labels: string[]; counts: Record<string, number[]> };
};
const charts = (w: WatchedPage) =>
  w.page.evaluate(() => {
    const c = (window as unknown as { hcCharts: Charts }).hcCharts;
    return JSON.parse(JSON.stringify({ traffic: c.traffic, status: c.status })) as Charts;
  });

/** A history range whose figures name themselves, with 1 s or 1 m points. */
function historyRange(from: number, to: number, step: '1s' | '1m', hits = 3): HistoryRange {
  const stepMs = step === '1s' ? 1000 : 60_000;
  const points: HistoryPoint[] = [];
  for (let at = from; at < to; at += stepMs) {
    points.push({
      at,
      hits,
      bytes: hits * 100,
      status: { '1xx': 0, '2xx': hits - 1, '3xx': 0, '4xx': 1, '5xx': 0, other: 0 },
      avg: hits / (stepMs / 1000),
      alert: false,
    });
  }
  const total = points.length * hits;
  const seconds = (to - from) / 1000;
  return {
    from,
    to,
    step,
    points,
    stats: {
      ...emptyStats(seconds),
      hits: total,
      rps: total / seconds,
      sections: [{ section: '/range-only', hits: total }],
      methods: [{ method: 'GET', hits: total }],
      hosts: [{ host: '192.0.2.99', hits: total }],
      status: {
        '1xx': 0,
        '2xx': total - points.length,
        '3xx': 0,
        '4xx': points.length,
        '5xx': 0,
        other: 0,
      },
      malformed: 2,
      approximate: true,
    },
  };
}

describe('figures that agree', () => {
  test('the live panels follow the second events, with no summary needed', async () => {
    const { snapshot } = sampleSnapshot();
    const empty: Snapshot = {
      ...snapshot,
      lastSummary: null,
      stats: { window: emptyStats(120), total: emptyStats(600) },
    };
    const w = await openPage(browser, empty);
    assert.match((await w.page.textContent('#sections'))!, /No requests in the window/);
    // The engine's figures move on; the page learns of it only through second events.
    const last = snapshot.seconds.at(-1)!.at;
    await setFake(w, 'snapshot', { ...snapshot, at: last + 2000 });
    await push(w, [second(last + 1000, 20)]);
    await waitText(w, '#sections li .label', '/api');
    assert.ok((await readFake<number>(w, 'snapshotCalls')) >= 2);
    assert.deepEqual(w.problems, []);
  });

  test('quiet seconds are drawn as zeros across a gap, not as a ramp', async () => {
    const w = await openPage(browser, makeSnapshot({ at: T0 }));
    const busy = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => second(T0 + (from + i) * 1000, 8, 8));
    // Nothing is sent for seconds 10 to 69: nothing was written then.
    await push(w, [...busy(0, 10), ...busy(70, 10)]);
    await w.page.waitForSelector('#traffic-chart[data-points="20"]', WAIT);
    const { hits, avg } = (await charts(w)).traffic;
    const inGap = (p: { x: number }) => p.x > T0 + 9000 && p.x < T0 + 70_000;
    assert.ok(hits.filter(inGap).length >= 2, 'the gap has points');
    assert.deepEqual(
      hits.filter(inGap).map((p) => p.y),
      hits.filter(inGap).map(() => 0),
    );
    assert.ok(avg.filter(inGap).every((p) => p.y === 0));
    assert.deepEqual(
      hits.find((p) => p.x === T0 + 10_000),
      { x: T0 + 10_000, y: 0 },
    );
  });

  test('a page opened after the traffic has a status chart beside the counts', async () => {
    const { snapshot } = sampleSnapshot();
    const window = {
      ...snapshot.stats.window,
      status: { '1xx': 0, '2xx': 453, '3xx': 171, '4xx': 150, '5xx': 150, other: 0 },
    };
    const late: Snapshot = { ...snapshot, lastSummary: null, stats: { ...snapshot.stats, window } };
    // Without history, the one bar is the figures beside it.
    const w = await openPage(browser, late);
    await w.page.waitForFunction(
      () => Number(document.querySelector<HTMLElement>('#status-chart')?.dataset.bars) > 0,
      null,
      WAIT,
    );
    const { counts } = (await charts(w)).status;
    assert.deepEqual(
      ['2xx', '3xx', '4xx', '5xx'].map((c) => counts[c]![0]),
      [453, 171, 150, 150],
    );
    assert.equal(await pair(w, 'status-now', '2xx'), '453');
    // With history, the chart shows the last hour's steps before the page opened.
    const now = snapshot.at!;
    const fresh = { ...late, seconds: late.seconds.slice(-30) };
    const h = historyRange(now - 3600_000, fresh.seconds[0]!.at, '1s');
    const w2 = await openPage(browser, fresh, { history: h });
    await w2.page.waitForFunction(
      () => Number(document.querySelector<HTMLElement>('#status-chart')?.dataset.bars) > 5,
      null,
      WAIT,
    );
    assert.deepEqual(w.problems, []);
    assert.deepEqual(w2.problems, []);
  });

  test('the header and the Traffic card show the same window average', async () => {
    const { snapshot, summaries } = sampleSnapshot();
    const w = await openPage(browser, snapshot);
    await push(w, summaries);
    const last = snapshot.seconds.at(-1)!.at;
    // The last summary says one rate; the newest second's window average another.
    await push(w, [second(last + 1000, 9, 7.08)]);
    await waitText(w, '#avg', '7.08');
    assert.equal(await pair(w, 'traffic-figures', 'Requests per second'), '7.08');
  });

  test('the malformed count and the malformed samples are of the same span', async () => {
    const { snapshot } = sampleSnapshot();
    const window = { ...snapshot.stats.window, malformed: 0 };
    // One sample, read long before the window.
    const w = await openPage(browser, {
      ...snapshot,
      stats: { ...snapshot.stats, window },
      malformedSamples: [snapshot.malformedSamples[0]!],
    });
    assert.equal(await pair(w, 'line-counts', 'Malformed'), '0');
    assert.equal(await w.page.textContent('#samples-summary'), 'Malformed samples (0)');
    await w.page.check('input[name="scope"][value="total"]');
    await waitText(w, '#samples-summary', 'Malformed samples (1)');
    assert.equal(await pair(w, 'line-counts', 'Malformed'), '3');
  });

  test('the alert history shows the exact peak stored with the recovery', async () => {
    const { snapshot } = sampleSnapshot();
    // An alert from before the seconds the page holds: it cannot see its peak itself.
    const start = snapshot.seconds[0]!.at - 3600_000;
    const history: AlertEvent[] = [
      { type: 'alert', at: start, avg: 10.5, peak: 10.5, hits: 1260, threshold: 10, window: 120 },
      {
        type: 'recovery',
        at: start + 300_000,
        avg: 9.9,
        peak: 31.25,
        hits: 1188,
        threshold: 10,
        window: 120,
      },
    ];
    const w = await openPage(browser, {
      ...snapshot,
      history,
      alert: { active: false, since: null },
    });
    assert.equal(await w.page.textContent('#history-rows tr td:nth-child(3)'), '31.3');
  });
});

describe('history ranges', () => {
  test('choosing 24 h asks history for the last 24 h; every panel shows it; Back to live returns', async () => {
    const { snapshot, summaries } = sampleSnapshot();
    const now = snapshot.at!;
    const w = await openPage(browser, snapshot, {
      history: historyRange(now - 86_400_000, now, '1m'),
    });
    await push(w, summaries);
    await w.page.check('input[name="range"][value="86400"]');
    await waitText(w, '#sections li .label', '/range-only');
    const calls = await readFake<{ from: number; to: number }[]>(w, 'historyCalls');
    assert.deepEqual(calls.at(-1), { from: now - 86_400_000, to: now });
    assert.equal(await w.page.textContent('#hosts li .label'), '192.0.2.99');
    assert.equal(await w.page.textContent('#methods li .label'), 'GET');
    assert.equal(await pair(w, 'status-now', '4xx'), '1,440');
    assert.equal(await pair(w, 'traffic-figures', 'Requests'), '4,320');
    assert.equal(await w.page.isVisible('#approximate'), true);
    await w.page.waitForSelector('#traffic-chart[data-points="1440"]', WAIT);
    await screenshot(w.page, 'renderer-range-24h');
    await w.page.click('#back-to-live');
    await waitText(w, '#sections li .label', '/api');
    assert.equal(await w.page.isChecked('input[name="range"][value="120"]'), true);
    assert.equal(await w.page.isVisible('#back-to-live'), false);
    assert.deepEqual(w.problems, []);
  });

  test('a range typed in the from/to fields or dragged on the chart is read from history', async () => {
    const { snapshot } = sampleSnapshot();
    const now = snapshot.at!;
    const w = await openPage(browser, snapshot, {
      history: historyRange(now - 7200_000, now - 3600_000, '1s'),
    });
    await w.page.fill('#range-from', '2026-11-28T08:00:00');
    await w.page.fill('#range-to', '2026-11-28T07:00:00');
    await w.page.click('#range-form button[type="submit"]');
    assert.equal(await w.page.textContent('#range-caption'), 'To: must be after From.');
    // Drag across the middle half of the live chart.
    const box = (await w.page.locator('#traffic-chart').boundingBox())!;
    await w.page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await w.page.mouse.down();
    await w.page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 });
    await w.page.mouse.up();
    await waitText(w, '#sections li .label', '/range-only');
    // The first call filled the last hour (the snapshot holds ten minutes); the last is the drag.
    const call = (await readFake<{ from: number; to: number }[]>(w, 'historyCalls')).at(-1);
    assert.ok(
      call!.from > now - 120_000 && call!.to < now && call!.to - call!.from >= 30_000,
      JSON.stringify({ ...call, now }),
    );
    assert.deepEqual(w.problems, []);
  });

  test('after a restart the chart shows the last hour from history, not a ramp from zero', async () => {
    const { snapshot } = sampleSnapshot();
    const now = snapshot.at!;
    // The engine restarted 30 s ago: its snapshot holds only those seconds.
    const restarted = { ...snapshot, seconds: snapshot.seconds.slice(-30) };
    const firstOwn = restarted.seconds[0]!.at;
    const w = await openPage(browser, restarted, {
      history: historyRange(now - 3600_000, firstOwn, '1s'),
    });
    await w.page.check('input[name="range"][value="3600"]');
    await w.page.waitForSelector('#traffic-chart[data-points="3600"]', WAIT);
    const [call] = await readFake<unknown[]>(w, 'historyCalls');
    assert.deepEqual(call, { from: now - 3600_000, to: firstOwn, step: '1s' });
  });

  test('without a history database the long ranges are hidden, and the page says why', async () => {
    const { snapshot } = sampleSnapshot();
    const w = await openPage(browser, { ...snapshot, seconds: snapshot.seconds.slice(-30) });
    await w.page.waitForSelector('#history-note:not([hidden])', WAIT);
    assert.match((await w.page.textContent('#history-note'))!, /history database/);
    assert.equal(await w.page.isVisible('input[name="range"][value="86400"]'), false);
    assert.equal(await w.page.isVisible('input[name="range"][value="3600"]'), true);
  });
});
