// End to end: the built `http-console serve` on a live temporary log, its page
// in real Chromium. Time is driven by the log's own timestamps (lines stamped
// now) with a 10 s window and threshold 1, so alert and recovery happen in
// seconds; every wait is generous and nothing is timed.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chromiumSkip,
  launchBrowser,
  screenshot,
  type Browser,
  type WatchedPage,
} from '../renderer/fixtures/browser';
import { fetchText } from './fixtures/http';
import { serveCli, writeTraffic, type Served } from './fixtures/serve-cli';

const LONG = { timeout: 60_000 };
let dir: string;
let log: string;
let served: Served;
let browser: Browser;
let w: WatchedPage;

before(async () => {
  if (chromiumSkip) return;
  dir = mkdtempSync(join(tmpdir(), 'hc-e2e-'));
  log = join(dir, 'access.log');
  writeFileSync(log, '');
  // Without a history database the chart starts empty and grows second by second, which is
  // what these tests follow; a database fills the last hour at once (test/history/*).
  served = await serveCli(log, ['--window', '10', '-m', '1', '--interval', '2', '--no-db']);
  browser = await launchBrowser();
  w = await browser.newPage({ width: 1280, height: 900 });
});
after(async () => {
  await browser?.close();
  await served?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const badge = () => w.page.getAttribute('#badge', 'data-state');
const points = () =>
  w.page.evaluate(() =>
    Number(document.querySelector<HTMLElement>('#traffic-chart')?.dataset.points ?? 0),
  );

describe('http-console serve in Chromium', { skip: chromiumSkip }, () => {
  test('the page loads from the printed URL and follows the file', async () => {
    assert.match(served.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    await w.page.goto(served.url);
    await w.page.waitForSelector('html[data-ready]', LONG);
    assert.equal(await w.page.textContent('#file'), log);
    await w.page.waitForSelector('#badge[data-state="normal"]', LONG);
  });

  test('a burst turns the badge to alert and grows the chart', async () => {
    const before = await points();
    const burst = writeTraffic(log, 25);
    try {
      await w.page.waitForSelector('#badge[data-state="alert"]', LONG);
      await w.page.waitForFunction(
        (n) =>
          Number(document.querySelector<HTMLElement>('#traffic-chart')?.dataset.points) > n + 2,
        before,
        LONG,
      );
      await w.page.waitForSelector('#history-rows tr.active', LONG);
      await screenshot(w.page, 'e2e-alert-light');
      const dark = await browser.newPage({ colorScheme: 'dark' });
      await dark.page.goto(served.url);
      await dark.page.waitForSelector('#badge[data-state="alert"]', LONG);
      await dark.page.waitForFunction(
        () => Number(document.querySelector<HTMLElement>('#status-chart')?.dataset.bars) > 0,
        null,
        LONG,
      );
      await screenshot(dark.page, 'e2e-alert-dark');
      assert.deepEqual(dark.problems, []);
      await dark.page.close();
    } finally {
      burst.stop();
    }
  });

  test('silence brings recovery, recorded in the alert history', async () => {
    await w.page.waitForSelector('#badge:not([data-state="alert"])', LONG);
    await w.page.waitForFunction(
      () => {
        const cell = document.querySelector('#history-rows tr:first-child td:nth-child(2)');
        return cell && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(cell.textContent ?? '');
      },
      null,
      LONG,
    );
    assert.equal(await w.page.locator('#history-rows tr').count(), 1);
    assert.match(
      served.output(),
      /High traffic generated an alert[\s\S]*High traffic alert recovered/,
    );
  });

  test('a bad threshold is refused with the field named; a good one takes effect', async () => {
    await w.page.click('#tab-prefs');
    await w.page.fill('#pref-threshold', '0');
    await w.page.press('#pref-threshold', 'Enter');
    await w.page.waitForSelector('#err-threshold:not(:empty)', LONG);
    assert.equal(await w.page.textContent('#err-threshold'), 'Threshold: must be greater than 0');

    await w.page.fill('#pref-threshold', '50');
    await w.page.press('#pref-threshold', 'Enter');
    await w.page.waitForSelector('#prefs-saved:not(:empty)', LONG);
    await w.page.click('#tab-dashboard');
    await w.page.waitForFunction(
      () => document.querySelector('#threshold')?.textContent === '50.0',
      null,
      LONG,
    );
    const snapshot = JSON.parse((await fetchText(served.url.replace('/?', '/api/snapshot?'))).body);
    assert.equal(snapshot.threshold, 50);

    // The same burst that alerted at threshold 1 is now well below the threshold.
    const burst = writeTraffic(log, 25);
    try {
      await w.page.waitForFunction(
        () => Number(document.querySelector('#avg')?.textContent) > 2,
        null,
        LONG,
      );
      assert.equal(await badge(), 'normal');
    } finally {
      burst.stop();
    }
  });

  test('after a reload the alert history is still there, and there were no console errors or CSP violations', async () => {
    await w.page.reload();
    await w.page.waitForSelector('html[data-ready]', LONG);
    assert.equal(await w.page.locator('#history-rows tr').count(), 1);
    await screenshot(w.page, 'e2e-after-reload');
    assert.deepEqual(w.problems, []);
  });
});
