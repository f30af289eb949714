// The dashboard page in real Chromium, loaded from dist/renderer (as Electron
// loads it) with a fake `window.api` in place of the preload bridge.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FORMAT_OPTIONS } from '../../main/common/prefs';
import type { Snapshot } from '../../main/common/types';
import { makeSnapshot } from '../e2e/fixtures/fake-monitor';
import { chromiumSkip, screenshot } from './fixtures/browser';
import { openPage, push, useChromium, WAIT } from './fixtures/open-page';
import { sampleSnapshot } from './fixtures/sample-snapshot';

const browser = useChromium();

const open = (snapshot: Snapshot, opts: Parameters<typeof openPage>[2] = {}) =>
  openPage(browser(), snapshot, opts);

describe('dashboard page', { skip: chromiumSkip }, () => {
  test('shows the file, state, average against threshold, history and figures of a snapshot', async () => {
    const { snapshot, summaries } = sampleSnapshot();
    const w = await open(snapshot);
    await push(w, summaries);
    const { page } = w;
    assert.equal(await page.textContent('#file'), '/var/log/nginx/access.log');
    assert.equal(await page.getAttribute('#badge', 'data-state'), snapshot.state);
    assert.match((await page.textContent('#avg'))!, /^\d+\.\d+$/);
    assert.equal(await page.textContent('#threshold'), '10.0');
    assert.equal(await page.locator('#history-rows tr').count(), 1);
    assert.match(
      (await page.textContent('#history-rows tr'))!,
      /09:03:18.*09:06:41.*28\.7.*3 min 23 s/,
    );
    assert.equal(await page.textContent('#sections li:first-child .label'), '/api');
    await page.waitForFunction(
      () => Number(document.querySelector<HTMLElement>('#status-chart')?.dataset.bars) > 5,
      null,
      WAIT,
    );
    assert.equal(await page.getAttribute('#traffic-chart', 'data-points'), '120');
    await screenshot(page, 'renderer-snapshot');
    assert.deepEqual(w.problems, []);
  });

  test('live seconds grow the chart; an alert turns the badge red and shades the chart; recovery lands in history', async () => {
    const start = Date.UTC(2026, 0, 1, 12, 0, 0);
    const w = await open(makeSnapshot({ at: start }));
    const { page } = w;
    const seconds = Array.from({ length: 30 }, (_, i) => ({
      type: 'second',
      at: start + i * 1000,
      hits: 20,
      avg: i / 2,
      alert: i >= 21,
    }));
    await push(w, seconds.slice(0, 10));
    await page.waitForSelector('#traffic-chart[data-points="10"]', WAIT);
    await push(w, seconds.slice(10, 21));
    await page.waitForSelector('#badge[data-state="elevated"]', WAIT);
    await push(w, [
      { type: 'alert', at: start + 21_000, avg: 10.5, hits: 1260, threshold: 10, window: 120 },
      ...seconds.slice(21),
    ]);
    await page.waitForSelector('#badge[data-state="alert"]', WAIT);
    await page.waitForSelector('#traffic-chart[data-points="30"][data-alert-spans="1"]', WAIT);
    assert.equal(await page.textContent('#history-rows tr td:nth-child(2)'), 'ongoing');
    await screenshot(page, 'renderer-alert');
    await push(w, [
      { type: 'recovery', at: start + 40_000, avg: 7.5, hits: 900, threshold: 10, window: 120 },
    ]);
    await page.waitForSelector('#badge[data-state="normal"]', WAIT);
    assert.match((await page.textContent('#history-rows tr td:nth-child(2)'))!, /12:00:40|:00:40$/);
    assert.equal(await page.textContent('#hits'), '600');
    assert.deepEqual(w.problems, []);
  });

  test('the chart keeps at most one hour of seconds however long it runs', async () => {
    const w = await open(makeSnapshot({ at: 0 }));
    const seconds = Array.from({ length: 5000 }, (_, i) => ({
      type: 'second',
      at: i * 1000,
      hits: 1,
      avg: 1,
      alert: false,
    }));
    await push(w, seconds);
    await w.page.check('input[name="range"][value="3600"]');
    await w.page.waitForFunction(
      () => document.querySelector<HTMLElement>('#traffic-chart')?.dataset.points === '3600',
      null,
      WAIT,
    );
  });

  test('log text is shown as text, never as markup', async () => {
    const { snapshot } = sampleSnapshot();
    const w = await open(snapshot);
    // The samples shown are those of the span the figures are for: these were read before the window.
    await w.page.check('input[name="scope"][value="total"]');
    await w.page.click('#samples-summary');
    await w.page.waitForSelector('#samples li', WAIT);
    assert.match((await w.page.textContent('#samples'))!, /<img src=x onerror=alert\(1\)>/);
    assert.equal(await w.page.locator('#samples img').count(), 0);
    assert.deepEqual(w.problems, []);
  });

  test('empty and error states say what is wrong; Choose file… on the desktop picks a log', async () => {
    const w = await open(
      makeSnapshot({
        file: { path: '', state: 'waiting', code: 'waiting-missing', message: '' },
        state: 'idle',
      }),
      {
        chosenFiles: ['/var/log/chosen.log'],
      },
    );
    const { page } = w;
    assert.match((await page.textContent('#banner-text'))!, /No log file chosen/);
    await page.click('#banner-action');
    await page.waitForFunction(
      () => (window as unknown as { fake: { calls: unknown[] } }).fake.calls.length > 0,
      null,
      WAIT,
    );
    assert.deepEqual(
      await page.evaluate(() => (window as unknown as { fake: { calls: unknown[] } }).fake.calls),
      [{ chosen: ['/var/log/chosen.log'] }],
    );
    await push(w, [
      {
        type: 'file',
        at: 1,
        state: 'error',
        path: '/var/log/chosen.log',
        message: 'EACCES: permission denied',
      },
    ]);
    await page.waitForFunction(
      () =>
        /Cannot read \/var\/log\/chosen\.log\. EACCES: permission denied/.test(
          document.querySelector('#banner-text')?.textContent ?? '',
        ),
      null,
      WAIT,
    );
    assert.equal(await page.getAttribute('#badge', 'data-state'), 'error');
  });

  test('preferences: a bad threshold is refused naming the field; a good one is applied', async () => {
    const w = await open(makeSnapshot());
    const { page } = w;
    await page.click('#tab-prefs');
    await page.waitForSelector('#view-prefs:not([hidden])', WAIT);
    assert.equal(await page.inputValue('#pref-threshold'), '10');
    await page.fill('#pref-threshold', '-3');
    await page.press('#pref-threshold', 'Enter');
    await page.waitForSelector('#err-threshold:not(:empty)', WAIT);
    assert.equal(await page.textContent('#err-threshold'), 'Threshold: must be greater than 0');
    assert.equal(await page.getAttribute('#pref-threshold', 'aria-invalid'), 'true');
    await page.fill('#pref-threshold', '25');
    await page.press('#pref-threshold', 'Tab');
    await page.waitForSelector('#err-threshold:empty', { ...WAIT, state: 'attached' });
    assert.deepEqual(
      await page.evaluate(() => (window as unknown as { fake: { calls: unknown[] } }).fake.calls),
      [{ threshold: 25 }],
    );
    // A refusal by the host is shown under the field it names.
    await page.evaluate(
      () =>
        ((window as unknown as { fake: { refusal: unknown } }).fake.refusal = {
          field: 'window',
          message: 'window: must be at most 3600',
        }),
    );
    await page.fill('#pref-window', '3000');
    await page.press('#pref-window', 'Tab');
    await page.waitForSelector('#err-window:not(:empty)', WAIT);
    assert.equal(await page.textContent('#err-window'), 'Alert window: must be at most 3600');
    assert.deepEqual(w.problems, []);
  });

  test('preferences: the form shows the same limits and formats the host validates', async () => {
    const { page } = await open(makeSnapshot());
    await page.click('#tab-prefs');
    await page.waitForSelector('#view-prefs:not([hidden])', WAIT);
    const limits = (id: string) =>
      page.$eval(id, (e) => {
        const i = e as HTMLInputElement;
        return [i.min, i.max, i.step, i.labels?.[0]?.textContent];
      });
    assert.deepEqual(await limits('#pref-window'), [
      '10',
      '3600',
      '1',
      'Alert window (seconds, 10 to 3600)',
    ]);
    assert.deepEqual(await limits('#pref-interval'), [
      '1',
      '600',
      '1',
      'Summary interval (seconds, 1 to 600)',
    ]);
    assert.deepEqual((await limits('#pref-threshold')).slice(2), [
      'any',
      'Threshold (average req/s over the window, more than 0)',
    ]);
    assert.deepEqual(
      await page.$$eval('#pref-format option', (os) =>
        os.map((o) => (o as HTMLOptionElement).value),
      ),
      [...FORMAT_OPTIONS],
    );
    assert.equal(await page.inputValue('#pref-format'), 'auto');
  });

  test('on the web, desktop-only controls are hidden', async () => {
    const w = await open(makeSnapshot(), { kind: 'web' });
    await w.page.click('#tab-prefs');
    assert.equal(await w.page.isVisible('#choose-file'), false);
    assert.equal(await w.page.isVisible('#pref-notifications'), false);
    assert.equal(await w.page.isVisible('#pref-logFiles'), true);
    assert.equal(await w.page.getAttribute('#pref-logFiles', 'readonly'), '');
    assert.equal(await w.page.isDisabled('#pref-source'), true);
  });

  test('usable by keyboard: the time range and the views are reachable and operable', async () => {
    const { snapshot } = sampleSnapshot();
    const w = await open(snapshot);
    const { page } = w;
    await page.focus('input[name="range"][value="120"]');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.isChecked('input[name="range"][value="600"]'), true);
    await page.waitForSelector('#traffic-chart[data-points="600"]', WAIT);
    await page.focus('#tab-prefs');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#view-prefs:not([hidden])', WAIT);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'pref-logFiles');
  });

  test('readable at 800×600 in light and dark: nothing wider than the window', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { snapshot, summaries } = sampleSnapshot();
      const w = await open(snapshot, { colorScheme, width: 800, height: 600 });
      await push(w, summaries);
      await w.page.waitForFunction(
        () => Number(document.querySelector<HTMLElement>('#status-chart')?.dataset.bars) > 5,
        null,
        WAIT,
      );
      const overflow = await w.page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      assert.ok(overflow <= 0, `${colorScheme}: ${overflow}px wider than the window`);
      const bg = await w.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, colorScheme === 'dark' ? 'rgb(17, 20, 24)' : 'rgb(245, 246, 248)');
      await screenshot(w.page, `renderer-800x600-${colorScheme}`);
      assert.deepEqual(w.problems, []);
    }
  });
});
