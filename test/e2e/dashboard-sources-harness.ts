/**
 * Shared by the dashboard panel tests: the page served by the real web server
 * over a monitor, open in Chromium, and the bar lists read back as text.
 */
import type { Page } from 'playwright-core';
import type { Monitor } from '../../main/engine/api';
import { startWebServer } from '../../main/web/server';
import { launchBrowser, type WatchedPage } from '../renderer/fixtures/browser';

/** `label | value | note` of each row of a bar list (`#sources`, `#instances`). */
export const barRows = (page: Page, list: string): Promise<string[]> =>
  page.$$eval(`${list} li`, (lis) =>
    lis.map((li) =>
      [...li.querySelectorAll('.label, .value, .meta')].map((e) => e.textContent).join(' | '),
    ),
  );

/** The dashboard of `monitor` served on a free loopback port and opened in Chromium. */
export async function openServedDashboard(
  monitor: Monitor,
): Promise<{ w: WatchedPage; close(): Promise<void> }> {
  const server = await startWebServer({ monitor, port: 0 });
  const browser = await launchBrowser();
  const w = await browser.newPage({ width: 1280, height: 900 });
  await w.page.goto(server.url);
  return {
    w,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
