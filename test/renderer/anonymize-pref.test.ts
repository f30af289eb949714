// The preferences form's "Anonymise client addresses" checkbox in real Chromium:
// a change is sent as the `anonymizeHosts` preference; on the web it is read-only
// (the server was started with or without --anonymize-hosts).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeSnapshot } from '../e2e/fixtures/fake-monitor';
import { chromiumSkip, launchBrowser, type Browser } from './fixtures/browser';
import { openPage, readFake, WAIT } from './fixtures/open-page';

let browser: Browser;

before(async () => {
  if (!chromiumSkip) browser = await launchBrowser();
});
after(() => browser?.close());

describe('preferences: Anonymise client addresses', { skip: chromiumSkip }, () => {
  test('the app: unchecked by default; checking it sets anonymizeHosts', async () => {
    const w = await openPage(browser, makeSnapshot());
    const { page } = w;
    await page.click('#tab-prefs');
    await page.waitForSelector('#view-prefs:not([hidden])', WAIT);
    const box = page.locator('#pref-anonymizeHosts');
    assert.match((await page.textContent('[data-field="anonymizeHosts"] label'))!, /Anonymise/);
    assert.equal(await box.isChecked(), false);
    await box.check();
    await page.waitForSelector('#prefs-saved:not(:empty)', WAIT);
    assert.deepEqual(await readFake(w, 'calls'), [{ anonymizeHosts: true }]);
    assert.equal(await page.textContent('#prefs-saved'), 'Anonymise client addresses saved.');
    assert.deepEqual(w.problems, []);
  });

  test('the web dashboard: shown, but it cannot be changed', async () => {
    const { page } = await openPage(browser, makeSnapshot(), { kind: 'web' });
    await page.click('#tab-prefs');
    await page.waitForSelector('#view-prefs:not([hidden])', WAIT);
    assert.equal(await page.isVisible('#pref-anonymizeHosts'), true);
    assert.equal(await page.isDisabled('#pref-anonymizeHosts'), true);
  });
});
