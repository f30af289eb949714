// The Sources panel against the real engine: the app's monitor following two
// log files at once (one common, one W3C), the web server, the page in
// Chromium. Each file's hits, share, state and detected format are shown.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMonitor, settingsOf } from '../../main/engine/monitor';
import { DEFAULT_PREFS } from '../../main/common/prefs';
import type { Monitor } from '../../main/engine/api';
import { formatPercent } from '../../renderer/format';
import { waitFor } from '../prometheus/live-harness';
import { chromiumSkip, screenshot, type WatchedPage } from '../renderer/fixtures/browser';
import { PAGE } from '../renderer/fixtures/open-page';
import { barRows, openServedDashboard } from './dashboard-sources-harness';

const dir = mkdtempSync(join(tmpdir(), 'hc-dash-files-'));
const shop = join(dir, 'shop.log');
const api = join(dir, 'api.log');
let monitor: Monitor;
let served: { w: WatchedPage; close(): Promise<void> };
let w: WatchedPage;

const stamp = (d: Date) => {
  const m = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ')[d.getUTCMonth()];
  const p = (x: number) => String(x).padStart(2, '0');
  return `${p(d.getUTCDate())}/${m}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
};
const common = (n: number) =>
  `10.0.0.1 - - [${stamp(new Date())}] "GET /cart/x HTTP/1.1" 200 10\n`.repeat(n);
const w3c = (n: number) => {
  const iso = new Date().toISOString();
  const [date, time] = [iso.slice(0, 10), iso.slice(11, 19)];
  return `${date} ${time} 10.0.0.2 GET /v1/items 200 10\n`.repeat(n);
};

before(async () => {
  if (chromiumSkip) return;
  assert.ok(existsSync(PAGE), 'build the page first: npm run build');
  writeFileSync(shop, '');
  writeFileSync(api, '#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes\n');
  monitor = createMonitor({
    settings: { ...settingsOf({ ...DEFAULT_PREFS, logFiles: [shop, api] }), window: 60 },
    pollMs: 100,
  });
  served = await openServedDashboard(monitor);
  w = served.w;
});
after(async () => {
  await served?.close();
  await monitor?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('dashboard Sources panel over the real engine', { skip: chromiumSkip }, () => {
  test('two files: hits and share of each, with its state and detected format', async () => {
    appendFileSync(shop, common(30));
    appendFileSync(api, w3c(10));
    const expected = [
      `${shop} | 30 (${formatPercent(0.75)}) | following · common`,
      `${api} | 10 (${formatPercent(0.25)}) | following · w3c`,
    ];
    await waitFor(
      'both files in the Sources panel',
      async () => JSON.stringify(await barRows(w.page, '#sources')) === JSON.stringify(expected),
    );
    assert.equal(await w.page.isVisible('#instances-card'), false);
    await screenshot(w.page, 'dashboard-sources-live');
    assert.deepEqual(w.problems, []);
  });
});
