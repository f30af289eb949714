/**
 * Wires the page: the model fed by the API's pushes, and the views redrawn
 * from it at most every RENDER_MS (a fast replay coalesces into one redraw;
 * a hidden page does no drawing at all).
 */
import type { DashboardApi, PushEvent } from '../main/common/api';
import type { HistoryRange, HistoryStep } from '../main/common/history-types';
import { createBannerView, bannerFor } from './banner';
import { onThemeChange } from './chart-theme';
import { byId } from './dom';
import { spanFigures, type Span } from './figures';
import { formatDateTime, formatDuration } from './format';
import { createHeaderView } from './header-view';
import { createHistoryView } from './history-view';
import { createModel, type Dirty, type Model } from './model';
import { createPrefsView } from './prefs-view';
import { createSourcesView } from './sources-view';
import { createStatsView } from './stats-view';
import { createRangePicker, NO_HISTORY } from './range-picker';
import { RING_SECONDS } from './second-ring';
import { createStatusChart, MAX_BARS, type StatusChart } from './status-chart';
import { bucketPoints, statusBars } from './status-series';
import { createTrafficChart, type TrafficChart } from './traffic-chart';
import { pointSource } from './traffic-series';

/** Shortest time between two redraws, ms. */
export const RENDER_MS = 250;
/** Panels for the live window are at most this far behind the header, ms. */
export const LIVE_STATS_MS = 1000;

const STEP_MS: Record<HistoryStep, number> = { '1s': 1000, '1m': 60_000, '1h': 3_600_000 };

/** What the charts last drew, read by tests (`window.hcCharts`). */
export interface PageCharts {
  readonly traffic: TrafficChart['series'];
  readonly status: StatusChart['drawn'];
}

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
export async function startApp(
  api: Connectable,
  perf: PagePerf,
  expose: (charts: PageCharts) => void = () => undefined,
): Promise<void> {
  let model: Model | null = null;
  const early: PushEvent[] = [];
  const dirty: Dirty = { header: true, chart: true, stats: true, history: true, prefs: true };
  let connected = true;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastRender = 0;

  const banner = createBannerView((id) => {
    if (id === 'prefs') location.hash = '#prefs';
    // The host applies the chosen files itself and pushes the new prefs.
    else void api.chooseLogFile();
  });
  const header = createHeaderView();
  const stats = createStatsView();
  const sources = createSourcesView();
  const history = createHistoryView();
  const prefsView = createPrefsView(api);
  const traffic = createTrafficChart(byId<HTMLCanvasElement>('traffic-chart'));
  const status = createStatusChart(byId<HTMLCanvasElement>('status-chart'));
  expose({
    get traffic() {
      return traffic.series;
    },
    get status() {
      return status.drawn;
    },
  });
  // A past range shown from the database, or null while the page is live.
  let shown: HistoryRange | null = null;
  const picker = createRangePicker({
    now: () => model?.now() ?? Date.now(),
    load: (from, to) => api.history({ from, to }),
    show(range) {
      shown = range;
      redraw('chart', 'stats');
    },
  });
  traffic.onSelect((from, to) => picker.pick(from, to));

  function drawCharts(m: Model) {
    const snap = m.snap;
    const now = m.now() ?? Date.now();
    const figures = spanFigures(snap, currentSpan(), now);
    if (shown) {
      const stepMs = STEP_MS[shown.step];
      traffic.update(pointSource(shown.points), shown.from, shown.to, stepMs, snap.threshold);
      const bucketMs = Math.max(
        stepMs,
        Math.ceil((shown.to - shown.from) / MAX_BARS / stepMs) * stepMs,
      );
      const bars = bucketPoints(shown.points, shown.from, shown.to, bucketMs);
      status.update(bars.length ? bars : statusBars([], [], 0, 1, figures.stats.status), 'range');
      return;
    }
    const from = now - picker.liveSeconds() * 1000;
    traffic.update(m.seconds, from, now, 1000, snap.threshold);
    const scope = currentSpan().kind === 'total' ? 'since start' : 'window';
    status.update(
      statusBars(m.summaries, m.pastPoints, from, snap.interval * 1000, figures.stats.status),
      scope,
    );
  }

  function currentSpan(): Span {
    if (shown) return { kind: 'range', range: shown };
    return radioValue('scope') === 'total' ? { kind: 'total' } : { kind: 'window' };
  }

  function render() {
    timer = null;
    lastRender = performance.now();
    if (!model) return;
    const snap = model.snap;
    banner.render(bannerFor(snap, api.kind, connected));
    if (dirty.header) header.render(model);
    if (dirty.chart) {
      const t0 = performance.now();
      drawCharts(model);
      perf.lastChartMs = performance.now() - t0;
      perf.totalChartMs += perf.lastChartMs;
      perf.chartUpdates++;
      perf.lastSecondAt = model.seconds.last()?.at ?? 0;
    }
    if (dirty.stats) {
      const span = currentSpan();
      byId('scope-window').textContent = `the window (last ${formatDuration(snap.window * 1000)})`;
      const label =
        span.kind === 'range'
          ? `${formatDateTime(span.range.from)} – ${formatDateTime(span.range.to)}`
          : '';
      byId('scope-range').textContent = label;
      byId('scope-range').hidden = span.kind !== 'range';
      document
        .querySelectorAll<HTMLElement>('.scope label')
        .forEach((l) => (l.hidden = span.kind === 'range'));
      const figures = spanFigures(snap, span, model.now() ?? Date.now());
      const spanLabel =
        span.kind === 'range'
          ? 'in this range'
          : span.kind === 'total'
            ? 'since start'
            : 'in the window';
      stats.render(figures, spanLabel);
      sources.render(snap, figures.stats, spanLabel);
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

  function mark(d: Dirty) {
    dirty.header ||= d.header;
    dirty.chart ||= d.chart;
    dirty.stats ||= d.stats;
    dirty.history ||= d.history;
    dirty.prefs ||= d.prefs;
    schedule();
  }

  // Summaries come every interval; between them the live panels take the
  // engine's current figures from a snapshot, at most one a second.
  let refreshing = false;
  let again = false;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  let lastRefresh = -Infinity;
  // The web stream pushes the figures with each second (a `figures` event): they are
  // usually here before the timer fires, and then nothing is fetched.
  const stale = (m: Model) => m.statsAt < (m.seconds.last()?.at ?? -Infinity) + 1000;
  function wantFreshStats() {
    const m = model;
    if (!m || shown || document.hidden) return;
    if (!stale(m)) return;
    if (refreshing) return void (again = true);
    if (refreshTimer !== null) return;
    const wait = Math.max(0, LIVE_STATS_MS - (performance.now() - lastRefresh));
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      if (!stale(m)) return;
      refreshing = true;
      lastRefresh = performance.now();
      api
        .snapshot()
        .then((s) => mark(m.refreshStats(s)))
        // A failed refresh is retried with the next second; the summary still comes.
        .catch(() => undefined)
        .finally(() => {
          refreshing = false;
          if (again) {
            again = false;
            wantFreshStats();
          }
        });
    }, wait);
  }

  function take(e: PushEvent) {
    if (!model) return void early.push(e);
    mark(model.apply(e));
    if (e.type === 'second') wantFreshStats();
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
  picker.onLive(() => redraw('chart'));
  document
    .querySelectorAll('input[name="scope"]')
    .forEach((r) => r.addEventListener('change', () => redraw('stats', 'chart')));
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
  void fillLastHour(model);

  /**
   * After a restart the engine holds only the seconds since it started: read
   * the rest of the last hour from the database, so the chart shows it as it was.
   */
  async function fillLastHour(m: Model): Promise<void> {
    if (m.seconds.size >= RING_SECONDS) return;
    const now = m.now() ?? Date.now();
    const from = now - RING_SECONDS * 1000;
    const to = m.seconds.size > 0 ? m.seconds.at(0) : now;
    if (to <= from) return;
    try {
      const range = await api.history({ from, to, step: '1s' });
      if (range === null) {
        picker.unavailable(NO_HISTORY);
      } else if (range.step === '1s') mark(m.fillFromHistory(range.points));
    } catch {
      // The live picture stands without it; a range picked later reports the error.
    }
  }
}
