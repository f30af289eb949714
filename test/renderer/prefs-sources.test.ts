// The preferences form's fields for what is watched, in real Chromium with the
// fake `window.api`: several log files, one per line; the Prometheus URL and
// selector checked by the same rules as the host; the switch to the fleet.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { makeSnapshot } from '../e2e/fixtures/fake-monitor';
import { chromiumSkip, launchBrowser, screenshot, type Browser } from './fixtures/browser';
import { openPage, PAGE, WAIT } from './fixtures/open-page';

let browser: Browser;
before(async () => {
  if (chromiumSkip) return;
  assert.ok(existsSync(PAGE), 'build the page first: npm run build');
  browser = await launchBrowser();
});
after(() => browser?.close());

const calls = (page: Page) =>
  page.evaluate(() => (window as unknown as { fake: { calls: unknown[] } }).fake.calls);

describe('preferences: what is watched', { skip: chromiumSkip }, () => {
  test('log files one per line; a bad Prometheus URL or selector is refused naming it; the fleet is chosen', async () => {
    const w = await openPage(browser, makeSnapshot());
    const { page } = w;
    await page.click('#tab-prefs');
    await page.waitForSelector('#view-prefs:not([hidden])', WAIT);
    assert.equal(await page.inputValue('#pref-logFiles'), '/var/log/access.log');

    await page.fill('#pref-logFiles', '/var/log/a.log\n\n  /var/log/b.log  \n');
    await page.locator('#pref-logFiles').blur(); // a textarea applies on change, as it loses focus
    await page.waitForFunction(
      () => (window as unknown as { fake: { calls: unknown[] } }).fake.calls.length === 1,
      null,
      WAIT,
    );
    assert.deepEqual(await calls(page), [{ logFiles: ['/var/log/a.log', '/var/log/b.log'] }]);

    await page.fill('#pref-prometheusUrl', 'prometheus:9090');
    await page.press('#pref-prometheusUrl', 'Enter');
    await page.waitForSelector('#err-prometheusUrl:not(:empty)', WAIT);
    assert.match((await page.textContent('#err-prometheusUrl'))!, /^Prometheus URL: /);
    await page.fill('#pref-prometheusSelector', 'job="web"');
    await page.press('#pref-prometheusSelector', 'Enter');
    await page.waitForSelector('#err-prometheusSelector:not(:empty)', WAIT);
    assert.equal(
      await page.textContent('#err-prometheusSelector'),
      'Prometheus selector: expected label matchers in braces, like {job="web"}',
    );
    assert.equal((await calls(page)).length, 1, 'refused values never reach the host');

    await page.fill('#pref-prometheusUrl', 'http://127.0.0.1:9090');
    await page.press('#pref-prometheusUrl', 'Enter');
    await page.waitForSelector('#err-prometheusUrl:empty', { ...WAIT, state: 'attached' });
    await page.selectOption('#pref-source', 'prometheus');
    await page.waitForFunction(
      () => (window as unknown as { fake: { calls: unknown[] } }).fake.calls.length === 3,
      null,
      WAIT,
    );
    assert.deepEqual((await calls(page)).slice(1), [
      { prometheusUrl: 'http://127.0.0.1:9090' },
      { source: 'prometheus' },
    ]);
    await screenshot(page, 'prefs-sources');
    assert.deepEqual(w.problems, []);
  });
});
