/**
 * Wires the page: the model fed by the API's pushes, and the views redrawn
 * from it at most every RENDER_MS (a fast replay coalesces into one redraw;
 * a hidden page does no drawing at all).
 */
import type { DashboardApi, PushEvent } from '../main/common/api';
import { createBannerView, bannerFor } from './banner';
import { onThemeChange } from './chart-theme';
import { byId } from './dom';
import { formatDuration } from './format';
import { createHeaderView } from './header-view';
import { createHistoryView } from './history-view';
import { createModel, type Dirty, type Model } from './model';
import { createPrefsView } from './prefs-view';
import { createStatsView } from './stats-view';
import { createStatusChart } from './status-chart';
import { createTrafficChart } from './traffic-chart';

/** Shortest time between two redraws, ms. */
export const RENDER_MS = 250;

/** Figures the benchmark and tests read: chart update count and cost. */
export interface PagePerf {
  chartUpdates: number;
  lastChartMs: number;
  totalChartMs: number;
  /** Unix ms of the newest second the page holds (the bench waits on it). */
  lastSecondAt: number;
}

type Connectable = DashboardApi & {
  onConnection?: (l: (connected: boolean) => void) => () => void;
};

function showView() {
  const prefs = location.hash === '#prefs';
  byId('view-dashboard').hidden = prefs;
  byId('view-prefs').hidden = !prefs;
  const [on, off] = prefs ? ['tab-prefs', 'tab-dashboard'] : ['tab-dashboard', 'tab-prefs'];
  byId(on!).setAttribute('aria-current', 'page');
  byId(off!).removeAttribute('aria-current');
}

function radioValue(name: string): string {
  return document.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? '';
}

/** Start the page on `api`; resolves once the first picture is drawn. */
export async function startApp(api: Connectable, perf: PagePerf): Promise<void> {
  let model: Model | null = null;
  const early: PushEvent[] = [];
  const dirty: Dirty = { header: true, chart: true, stats: true, history: true, prefs: true };
  let connected = true;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastRender = 0;

  const banner = createBannerView((id) => {
    if (id === 'prefs') location.hash = '#prefs';
    else
      void api.chooseLogFile().then((path) => {
        if (path) void api.setPrefs({ logFile: path });
      });
  });
  const header = createHeaderView();
  const stats = createStatsView();
  const history = createHistoryView();
  const prefsView = createPrefsView(api);
  const traffic = createTrafficChart(byId<HTMLCanvasElement>('traffic-chart'));
  const status = createStatusChart(byId<HTMLCanvasElement>('status-chart'));

  function render() {
    timer = null;
    lastRender = performance.now();
    if (!model) return;
    const snap = model.snap;
    banner.render(bannerFor(snap, api.kind, connected));
    if (dirty.header) header.render(model);
    if (dirty.chart) {
      const range = Number(radioValue('range')) || 120;
      const now = model.now() ?? Date.now();
      const t0 = performance.now();
      traffic.update(model.seconds, now, range, snap.threshold);
      status.update(model.summaries, now - range * 1000);
      perf.lastChartMs = performance.now() - t0;
      perf.totalChartMs += perf.lastChartMs;
      perf.chartUpdates++;
      perf.lastSecondAt = model.seconds.last()?.at ?? 0;
    }
    if (dirty.stats) {
      const scope = radioValue('scope') === 'total' ? 'total' : 'window';
      byId('scope-window').textContent = `the window (last ${formatDuration(snap.window * 1000)})`;
      stats.render(
        snap.stats[scope],
        snap.malformedSamples,
        scope === 'total' ? 'since start' : 'in the window',
      );
    }
    if (dirty.history) history.render(model);
    if (dirty.prefs) prefsView.render(model.prefs);
    dirty.header = dirty.chart = dirty.stats = dirty.history = dirty.prefs = false;
  }

  function schedule() {
    if (timer !== null) return;
    const wait = Math.max(0, RENDER_MS - (performance.now() - lastRender));
    timer = setTimeout(() => requestAnimationFrame(render), wait);
  }

  function take(e: PushEvent) {
    if (!model) return void early.push(e);
    const d = model.apply(e);
    dirty.header ||= d.header;
    dirty.chart ||= d.chart;
    dirty.stats ||= d.stats;
    dirty.history ||= d.history;
    dirty.prefs ||= d.prefs;
    schedule();
  }

  // Subscribe before asking for the snapshot so nothing falls between the two.
  api.onEvent(take);
  api.onConnection?.((up) => {
    connected = up;
    dirty.header = true;
    schedule();
  });

  const redraw = (...parts: (keyof Dirty)[]) => {
    for (const p of parts) dirty[p] = true;
    schedule();
  };
  document
    .querySelectorAll('input[name="range"]')
    .forEach((r) => r.addEventListener('change', () => redraw('chart')));
  document
    .querySelectorAll('input[name="scope"]')
    .forEach((r) => r.addEventListener('change', () => redraw('stats')));
  window.addEventListener('hashchange', showView);
  showView();
  onThemeChange(() => {
    traffic.applyTheme();
    status.applyTheme();
  });
  // The history's "ongoing" duration moves with time even without events.
  setInterval(() => model?.snap.alert.active && redraw('history'), 5000);

  const [first, prefs] = await Promise.all([api.snapshot(), api.getPrefs()]);
  model = createModel(first);
  model.apply({ type: 'prefs', prefs });
  for (const e of early.splice(0)) model.apply(e);
  render();
}
