/**
 * The dashboard page. In Electron the preload provides `window.api`; served
 * by `http-console serve`, the page builds the same API over HTTP and SSE.
 */
import type { DashboardApi } from '../main/common/api';
import { startApp, type PageCharts, type PagePerf } from './app';
import { byId } from './dom';
import { createWebApi } from './web-api';

declare global {
  interface Window {
    api?: DashboardApi;
    /** Chart update figures, read by the benchmark. */
    hcPerf?: PagePerf;
    /** What the charts last drew, read by the page tests. */
    hcCharts?: PageCharts;
  }
}

const perf: PagePerf = { chartUpdates: 0, lastChartMs: 0, totalChartMs: 0, lastSecondAt: 0 };
window.hcPerf = perf;
const api = window.api ?? createWebApi(window.location);

function fail(err: unknown) {
  byId('banner').hidden = false;
  byId('banner-text').textContent =
    `The dashboard could not start: ${err instanceof Error ? err.message : String(err)}`;
}

startApp(api, perf, (charts) => (window.hcCharts = charts)).then(
  () => document.documentElement.setAttribute('data-ready', 'true'),
  fail,
);
