// The dashboard for several sources and for a fleet, in real Chromium: the
// built page with a fake `window.api` answering snapshots shaped as the
// engine's (see docs/reference/web.md, "Panels"): the Sources and Instances
// panels, the preferences for what is watched, and the banner naming the
// source in trouble.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { emptyStats } from '../../main/engine/monitor';
import type { InputStatus, Snapshot } from '../../main/common/types';
import { formatPercent as pc } from '../../renderer/format';
import { barRows } from './dashboard-sources-harness';
import { makeSnapshot } from './fixtures/fake-monitor';
import { chromiumSkip, screenshot } from '../renderer/fixtures/browser';
import { openPage, push, useChromium, WAIT } from '../renderer/fixtures/open-page';
import { bannerFor } from '../../renderer/banner';

const browser = useChromium();

const hostile = '/var/log/<img src=x onerror=alert(1)>.log';
const input = (source: string, over: Partial<InputStatus> = {}): InputStatus => ({
  source,
  kind: 'file',
  state: 'following',
  code: 'following',
  message: '',
  format: 'combined',
  ...over,
});

/** Three logs: two counted, one not there yet (its name is hostile markup). */
function sourcesSnapshot(): Snapshot {
  const window = {
    ...emptyStats(120),
    hits: 400,
    rps: 400 / 120,
    sources: [
      { source: '/var/log/nginx/shop.log', hits: 300 },
      { source: '/var/log/nginx/api.log', hits: 100 },
    ],
  };
  return makeSnapshot({
    at: Date.UTC(2026, 0, 1, 12),
    file: {
      path: '/var/log/nginx/api.log',
      state: 'waiting',
      code: 'waiting-missing',
      message: '',
    },
    state: 'waiting',
    stats: { window, total: window },
    inputs: [
      input('/var/log/nginx/api.log', { format: 'w3c' }),
      input('/var/log/nginx/shop.log'),
      input(hostile, {
        state: 'waiting',
        code: 'waiting-missing',
        message: 'No such file yet',
        format: null,
      }),
    ],
  });
}

describe('dashboard: Sources and Instances panels', { skip: chromiumSkip }, () => {
  test('several sources: hits and share per source, each input state and format, text escaped', async () => {
    const w = await openPage(browser(), sourcesSnapshot());
    const { page } = w;
    await page.waitForSelector('#sources-card:not([hidden])', WAIT);
    assert.equal(await page.isVisible('#instances-card'), false, 'no fleet, no Instances panel');
    assert.deepEqual(await barRows(page, '#sources'), [
      `/var/log/nginx/shop.log | 300 (${pc(0.75)}) | following · combined`,
      `/var/log/nginx/api.log | 100 (${pc(0.25)}) | following · w3c`,
      `${hostile} | 0 (${pc(0)}) | waiting · No such file yet`,
    ]);
    assert.equal(
      await page.locator('#sources img').count(),
      0,
      'a source name is text, not markup',
    );
    // One source's state changes: its row says so; the combined file line is the engine's.
    await push(w, [
      {
        type: 'file',
        at: Date.UTC(2026, 0, 1, 12, 0, 1),
        state: 'error',
        code: 'error-permission',
        path: '/var/log/nginx/shop.log',
        message: 'EACCES: permission denied',
      },
    ]);
    await page.waitForFunction(
      () => /error · combined · EACCES/.test(document.querySelector('#sources')?.textContent ?? ''),
      null,
      WAIT,
    );
    assert.equal(await page.textContent('#file'), '/var/log/nginx/api.log');
    await screenshot(page, 'dashboard-sources');
    assert.deepEqual(w.problems, []);
  });

  test('one source: no Sources panel', async () => {
    const w = await openPage(browser(), makeSnapshot({ inputs: [input('/var/log/access.log')] }));
    assert.equal(await w.page.isVisible('#sources-card'), false);
    assert.equal(await w.page.isVisible('#sections'), true);
    assert.deepEqual(w.problems, []);
  });

  test('a fleet: each instance with its rate and share, the missing one marked', async () => {
    // The fleet engine lists its instances as sources too: the Instances panel alone shows them.
    const window = {
      ...emptyStats(120),
      hits: 1200,
      sources: [
        { source: '127.0.0.1:9100', hits: 900 },
        { source: '127.0.0.1:9101', hits: 300 },
      ],
    };
    const snapshot = makeSnapshot({
      stats: { window, total: window },
      file: {
        path: 'http://127.0.0.1:9090/',
        state: 'following',
        code: 'following',
        message: '',
      },
      inputs: [
        {
          source: 'http://127.0.0.1:9090/',
          kind: 'prometheus',
          state: 'following',
          code: 'following',
          message: '',
          format: null,
        },
      ],
      instances: [
        { instance: '127.0.0.1:9101', rps: 2.5, share: 0.25, up: true },
        { instance: '127.0.0.1:9100', rps: 7.5, share: 0.75, up: true },
        { instance: '127.0.0.1:9102', rps: 0, share: 0, up: false },
      ],
    });
    const w = await openPage(browser(), snapshot);
    const { page } = w;
    await page.waitForSelector('#instances-card:not([hidden])', WAIT);
    assert.deepEqual(await barRows(page, '#instances'), [
      `127.0.0.1:9100 | 7.50 req/s (${pc(0.75)})`,
      `127.0.0.1:9101 | 2.50 req/s (${pc(0.25)})`,
      '127.0.0.1:9102 | missing | not reporting: its target is down or stopped answering',
    ]);
    assert.equal(await page.locator('#instances li.missing').count(), 1);
    assert.equal(await page.textContent('#instances-summary'), '3 instances, 1 missing');
    assert.equal(await page.isVisible('#sources-card'), false);
    await screenshot(page, 'dashboard-instances');
    assert.deepEqual(w.problems, []);
  });
});

const calls = (page: Page) =>
  page.evaluate(() => (window as unknown as { fake: { calls: unknown[] } }).fake.calls);

describe('preferences: what is watched', { skip: chromiumSkip }, () => {
  test('log files one per line; a bad Prometheus URL or selector is refused naming it; the fleet is chosen', async () => {
    const w = await openPage(browser(), makeSnapshot());
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

describe('banner for several sources and a fleet', () => {
  test('several files: names the one that is missing, not the first', () => {
    const snap = makeSnapshot({
      file: { path: '/logs/a.log', state: 'waiting', code: 'waiting-missing', message: '' },
      inputs: [
        input('/logs/a.log'),
        input('/logs/b.log', { state: 'waiting', code: 'waiting-missing', format: null }),
      ],
    });
    assert.equal(
      bannerFor(snap, 'electron', true)?.text,
      'Waiting for /logs/b.log: the file does not exist yet.',
    );
  });

  test('a fleet: Prometheus down is said as such, never as a missing file', () => {
    const message = 'Prometheus at http://127.0.0.1:9/ is down (ECONNREFUSED); retrying in 2 s';
    const state = { state: 'waiting' as const, code: 'prometheus-down', message };
    const snap = makeSnapshot({
      file: { path: 'http://127.0.0.1:9/', ...state, code: 'waiting-missing' },
      inputs: [input('http://127.0.0.1:9/', { kind: 'prometheus', format: null, ...state })],
      instances: [],
    });
    assert.equal(bannerFor(snap, 'electron', true)?.text, `Waiting for Prometheus: ${message}`);
    const error = makeSnapshot({
      file: { path: 'http://127.0.0.1:9/', state: 'error', code: 'error-io', message: 'HTTP 500' },
      inputs: [
        input('http://127.0.0.1:9/', {
          kind: 'prometheus',
          format: null,
          state: 'error',
          message: 'HTTP 500',
        }),
      ],
      instances: [],
    });
    assert.equal(
      bannerFor(error, 'web', true)?.text,
      'Cannot read from Prometheus at http://127.0.0.1:9/. HTTP 500 Retrying.',
    );
  });
});
