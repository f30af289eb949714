/**
 * The dashboard page under a one-hour accelerated replay at 1,000 req/s:
 * the built `http-console serve` follows a log to which each minute of log
 * time is appended as fast as the engine and the page keep up, and the page
 * runs in Chromium. Prints Chromium's JS heap (after a forced GC) and the
 * mean time per chart update near the start and at the end of the hour; both
 * should stay flat. Prints; asserts nothing.
 *
 *   node --import tsx bench/page.ts      (after npm run build)
 *   BENCH_PAGE_MINUTES=10 BENCH_PAGE_RPS=200 for a quick run
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../test/renderer/fixtures/browser';
import { serveCli } from '../test/e2e/fixtures/serve-cli';
import { clfTime } from './generate';

const MINUTES = Number(process.env.BENCH_PAGE_MINUTES ?? 60);
const RPS = Number(process.env.BENCH_PAGE_RPS ?? 1000);
/** Minutes of log time at each end whose chart updates are averaged. */
const PHASE = Math.max(1, Math.round(MINUTES / 12));
const PATHS = [
  '/api/items',
  '/api/users/42',
  '/static/app.js',
  '/images/logo.png',
  '/login',
  '/',
  '/search?q=x',
];

function minuteOfLog(startSec: number, minute: number): string {
  const lines: string[] = [];
  for (let s = 0; s < 60; s++) {
    const stamp = clfTime(startSec + minute * 60 + s);
    for (let i = 0; i < RPS; i++) {
      const n = s * RPS + i;
      lines.push(
        `10.0.${n % 7}.${n % 250} - - [${stamp}] "GET ${PATHS[n % PATHS.length]} HTTP/1.1" ${n % 50 === 0 ? 500 : 200} ${200 + (n % 900)}\n`,
      );
    }
  }
  return lines.join('');
}

interface Perf {
  chartUpdates: number;
  totalChartMs: number;
  lastSecondAt: number;
}

const dir = mkdtempSync(join(tmpdir(), 'hc-bench-page-'));
const log = join(dir, 'access.log');
writeFileSync(log, '');
// Threshold high enough for normal replay traffic; window and interval at their defaults.
const served = await serveCli(log, ['-m', String(RPS * 2)]);
const browser = await launchBrowser();
try {
  const { page, problems } = await browser.newPage({ width: 1280, height: 900 });
  await page.goto(served.url);
  await page.waitForSelector('html[data-ready]', { timeout: 60_000 });
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const heapMb = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize / 1e6;
  };
  const perf = () => page.evaluate(() => ({ ...(window as unknown as { hcPerf: Perf }).hcPerf }));

  /** Mean ms per chart redraw over 20 redraws forced by switching between two ranges. */
  const redraw = async (a: number, b: number) => {
    const before = await perf();
    for (let i = 0; i < 20; i++) {
      await page.check(`input[name="range"][value="${i % 2 ? b : a}"]`);
      await page.waitForFunction(
        (n) => (window as unknown as { hcPerf: Perf }).hcPerf.chartUpdates > n,
        before.chartUpdates + i,
      );
    }
    const after = await perf();
    await page.check('input[name="range"][value="120"]');
    return (after.totalChartMs - before.totalChartMs) / (after.chartUpdates - before.chartUpdates);
  };
  const sample = async () => ({
    heap: await heapMb(),
    narrow: await redraw(120, 600),
    wide: await redraw(600, 3600),
  });

  const startSec = Math.floor(Date.now() / 1000) - MINUTES * 60;
  const t0 = Date.now();
  const heapLoad = await heapMb();
  let early: { heap: number; narrow: number; wide: number } | null = null;
  let live = { updates: 0, ms: 0 };
  for (let m = 0; m < MINUTES; m++) {
    appendFileSync(log, minuteOfLog(startSec, m));
    const endMs = (startSec + (m + 1) * 60 - 2) * 1000;
    await page.waitForFunction(
      (end) => (window as unknown as { hcPerf: Perf }).hcPerf.lastSecondAt >= end,
      endMs,
      { timeout: 300_000, polling: 200 },
    );
    if (m === PHASE - 1) {
      early = await sample();
      const p = await perf();
      live = { updates: -p.chartUpdates, ms: -p.totalChartMs };
    }
  }
  const wall = (Date.now() - t0) / 1000;
  const p = await perf();
  live = { updates: live.updates + p.chartUpdates, ms: live.ms + p.totalChartMs };
  const late = await sample();

  const f = (n: number) => n.toFixed(2);
  console.log(
    `  replay: ${MINUTES} min of log at ${RPS} req/s (${(MINUTES * 60 * RPS).toLocaleString('en-US')} lines) in ${wall.toFixed(0)} s`,
  );
  console.log(
    `  JS heap after GC: ${heapLoad.toFixed(1)} MB at load, ${early!.heap.toFixed(1)} MB after ${PHASE} min, ${late.heap.toFixed(1)} MB at the end`,
  );
  console.log(
    `  chart update, 2/10 min range: ${f(early!.narrow)} ms after ${PHASE} min, ${f(late.narrow)} ms at the end`,
  );
  console.log(
    `  chart update, 10 min/1 h range: ${f(early!.wide)} ms after ${PHASE} min, ${f(late.wide)} ms at the end (ring full: 3,600 s)`,
  );
  console.log(
    `  live redraws during the replay: ${live.updates}, ${live.updates ? f(live.ms / live.updates) : 'n/a'} ms mean`,
  );
  if (problems.length > 0) console.log(`  page problems: ${problems.join('; ')}`);
} finally {
  await browser.close();
  await served.stop();
  rmSync(dir, { recursive: true, force: true });
}
