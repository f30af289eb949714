/** Status classes per interval (or history step), as stacked bars over the chosen time range. */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { readTheme } from './chart-theme';
import { formatClock, formatDateTime } from './format';
import { STATUS_CLASSES as CLASSES, type StatusBar } from './status-series';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Bars drawn at most; older intervals in the range are left out. */
export const MAX_BARS = 120;

export interface StatusChart {
  /** Draw `bars` (a bar without a time is the figures of the panels beside it). */
  update(bars: readonly StatusBar[], fallbackLabel: string): void;
  /** Bar labels and per-class counts last drawn, for tests. */
  readonly drawn: { labels: string[]; counts: Record<string, number[]> };
  applyTheme(): void;
}

export function createStatusChart(canvas: HTMLCanvasElement): StatusChart {
  const initial = readTheme();
  const chart = new Chart<'bar', number[], string>(canvas, {
    type: 'bar',
    data: {
      labels: [],
      datasets: CLASSES.map((c) => ({
        label: c,
        data: [],
        borderWidth: 0,
        backgroundColor: initial.status[c],
        borderColor: initial.status[c],
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: {
          stacked: true,
          ticks: { maxRotation: 0, autoSkipPadding: 16 },
          grid: { display: false },
        },
        y: { stacked: true, beginAtZero: true, ticks: { maxTicksLimit: 4 } },
      },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 10, boxHeight: 10 } } },
    },
  });

  function applyTheme() {
    const theme = readTheme();
    chart.data.datasets.forEach((d, i) => {
      const c = theme.status[CLASSES[i]!];
      Object.assign(d, { backgroundColor: c, borderColor: c });
    });
    const y = chart.options.scales!.y!;
    y.grid = { ...y.grid, color: theme.grid };
    for (const axis of [chart.options.scales!.x!, y]) {
      axis.ticks = { ...axis.ticks, color: theme.text } as typeof axis.ticks;
    }
    chart.options.plugins!.legend!.labels!.color = theme.text;
    chart.update('none');
  }
  applyTheme();

  return {
    update(bars, fallbackLabel) {
      const shown = bars.slice(-MAX_BARS);
      const span = shown.length > 1 ? shown.at(-1)!.at! - shown[0]!.at! : 0;
      const label = (at: number | null) =>
        at === null
          ? fallbackLabel
          : span > 20 * 3600_000
            ? formatDateTime(at).slice(5, 16)
            : formatClock(at);
      chart.data.labels = shown.map((b) => label(b.at));
      chart.data.datasets.forEach((d, i) => (d.data = shown.map((b) => b.counts[CLASSES[i]!])));
      chart.update('none');
      canvas.dataset.bars = String(shown.length);
    },
    get drawn() {
      return {
        labels: chart.data.labels as string[],
        counts: Object.fromEntries(
          chart.data.datasets.map((d, i) => [CLASSES[i]!, d.data]),
        ) as Record<string, number[]>,
      };
    },
    applyTheme,
  };
}
