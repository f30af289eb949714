// The page of `http-console serve` in Chromium stays current from the event
// stream alone: each second brings the window's and the total figures, so the
// panels move between summaries without fetching the whole snapshot again.
// Bytes on the wire are counted with the browser's own network events and
// reported per minute.
import { test, describe, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumSkip, launchBrowser, type Browser } from '../renderer/fixtures/browser';
import { clfLine, serveCli, writeTraffic, type Served } from './fixtures/serve-cli';

const LONG = { timeout: 60_000 };
/** How long the bytes are counted, ms (scaled to a minute in the report). */
const MEASURE_MS = 15_000;
/** A served log with summaries every 10 minutes: between them, only the push moves the panels. */
async function servedLog(
  t: TestContext,
): Promise<{ log: string; served: Served; browser: Browser }> {
  const dir = mkdtempSync(join(tmpdir(), 'hc-e2e-push-'));
  let served: Served | null = null;
  let browser: Browser | null = null;
  t.after(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const log = join(dir, 'access.log');
  writeFileSync(log, '');
  served = await serveCli(log, ['--window', '30', '-m', '1000', '--interval', '600', '--no-db']);
  browser = await launchBrowser();
  return { log, served, browser };
}

describe('the page on the light per-second push', { skip: chromiumSkip }, () => {
  test('panels follow the traffic between summaries, with no snapshot fetched after load', async (t) => {
    const { log, served, browser } = await servedLog(t);
    const traffic = writeTraffic(log, 50);
    try {
      const { page, problems } = await browser.newPage();
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      const urls = new Map<string, string>();
      const bytes = { snapshot: 0, events: 0, other: 0 };
      let counting = false;
      let snapshots = 0;
      cdp.on('Network.requestWillBeSent', (e) => {
        urls.set(e.requestId, e.request.url);
        if (counting && /\/api\/snapshot/.test(e.request.url)) snapshots++;
      });
      cdp.on('Network.dataReceived', (e) => {
        if (!counting) return;
        const url = urls.get(e.requestId) ?? '';
        const kind = /\/api\/snapshot/.test(url)
          ? 'snapshot'
          : /\/api\/events/.test(url)
            ? 'events'
            : 'other';
        bytes[kind] += e.encodedDataLength || e.dataLength;
      });
      await page.goto(served.url);
      await page.waitForSelector('html[data-ready]', LONG);
      await page.waitForFunction(
        () => /\/api/.test(document.querySelector('#sections')?.textContent ?? ''),
        undefined,
        LONG,
      );

      counting = true;
      const started = Date.now();
      // A section never seen before: the sections panel shows it only if the figures come.
      appendFileSync(
        log,
        Array.from({ length: 40 }, () => clfLine(Date.now(), '/fresh/a')).join(''),
      );
      await page.waitForFunction(
        () => (document.querySelector('#sections')?.textContent ?? '').includes('/fresh'),
        undefined,
        LONG,
      );
      // The header and the Traffic card agree on the window average as it moves.
      await page.waitForFunction(
        () => {
          const header = document.querySelector('#avg')?.textContent ?? '';
          const card = document.querySelector('#traffic-figures')?.textContent ?? '';
          return header !== '0.00' && card.includes(header);
        },
        undefined,
        LONG,
      );
      while (Date.now() - started < MEASURE_MS) await page.waitForTimeout(500);
      counting = false;
      const perMinute = (n: number) => Math.round((n * 60_000) / (Date.now() - started));
      t.diagnostic(
        `bytes per minute: event stream ${perMinute(bytes.events)}, snapshots ${perMinute(bytes.snapshot)} (${snapshots} fetched), other ${perMinute(bytes.other)}`,
      );
      assert.equal(snapshots, 0, 'no snapshot fetched after load');
      assert.ok(bytes.events > 0, 'the event stream carried the updates');
      assert.deepEqual(problems, []);
      await page.close();
    } finally {
      traffic.stop();
    }
  });
});
