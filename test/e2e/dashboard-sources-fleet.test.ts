// The Instances panel against the real thing: Prometheus from Debian scraping
// two exporters (counters at known rates, as agents serve them) every second,
// the app's monitor watching that fleet through the fleet engine, the web
// server, and the page in Chromium. Killing one exporter marks it missing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appFleetEngine } from '../../main/app/fleet';
import { createMonitor } from '../../main/engine/monitor';
import type { Monitor } from '../../main/engine/api';
import {
  prometheusConfig,
  startExporter,
  startPrometheus,
  waitForTargets,
  type Exporter,
  type TestPrometheus,
} from '../prometheus/live-harness';
import { chromiumSkip, screenshot, type WatchedPage } from '../renderer/fixtures/browser';
import { PAGE } from '../renderer/fixtures/open-page';
import { barRows, openServedDashboard } from './dashboard-sources-harness';

/** Deadlines are generous: scrapes, evaluation and the page each take a second or two. */
const WAIT = { timeout: 60_000 };
const token = 'fleet-test-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'hc-dash-fleet-'));
let busy: Exporter;
let quiet: Exporter;
let prometheus: TestPrometheus;
let monitor: Monitor;
let served: { w: WatchedPage; close(): Promise<void> };
let w: WatchedPage;

before(async () => {
  if (chromiumSkip) return;
  assert.ok(existsSync(PAGE), 'build the page first: npm run build');
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  const common = { statusClass: '2xx', section: '/api', threshold: 1000, token };
  busy = await startExporter({ ...common, rps: 30 });
  quiet = await startExporter({ ...common, rps: 10 });
  const config = prometheusConfig({
    targets: [busy.target, quiet.target],
    tokenFile,
    alertmanager: '127.0.0.1:9',
  });
  prometheus = await startPrometheus(dir, config);
  await waitForTargets(prometheus.url, 2);
  monitor = createMonitor({
    settings: {
      file: null,
      fleet: { url: prometheus.url, selector: '{job="web"}', tokenFile: null },
      threshold: 1000,
      window: 10,
      interval: 2,
      format: 'auto',
    },
    fleetEngine: appFleetEngine((m) => assert.fail(m)),
  });
  served = await openServedDashboard(monitor);
  w = served.w;
});
after(async () => {
  await served?.close();
  await monitor?.dispose();
  await prometheus?.stop();
  await busy?.kill().catch(() => undefined);
  await quiet?.kill().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('dashboard Instances panel over a real Prometheus', { skip: chromiumSkip }, () => {
  test('both instances with their rate and share; a killed one is shown missing', async () => {
    await w.page.waitForSelector('#instances-card:not([hidden])', WAIT);
    // Both report; the busier one (30 req/s against 10) comes first with the larger share.
    await w.page.waitForFunction(
      (targets) => {
        const labels = [...document.querySelectorAll('#instances li .label')].map(
          (e) => e.textContent,
        );
        return labels.length === 2 && labels[0] === targets[0] && labels[1] === targets[1];
      },
      [busy.target, quiet.target],
      WAIT,
    );
    const [first, second] = await barRows(w.page, '#instances');
    const share = (row: string | undefined) => Number(/\((\d+)\s?%\)/.exec(row ?? '')?.[1]);
    assert.ok(share(first) > share(second), `${first} / ${second}`);
    assert.equal(await w.page.isVisible('#sources-card'), false);
    await screenshot(w.page, 'dashboard-instances-live');

    await quiet.kill();
    await w.page.waitForFunction(
      (target) =>
        [...document.querySelectorAll('#instances li.missing .label')].some(
          (e) => e.textContent === target,
        ),
      quiet.target,
      WAIT,
    );
    assert.match(
      (await w.page.textContent('#instances-summary')) ?? '',
      /^2 instances, 1 missing$/,
    );
    assert.equal(monitor.snapshot().alert.active, false, 'a missing instance raises nothing');
    await screenshot(w.page, 'dashboard-instances-missing');
    assert.deepEqual(w.problems, []);
  });
});
