/** Status classes per summary interval, as stacked bars over the chosen time range. */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import type { SummaryEvent } from '../main/common/types';
import { STATUS_CLASSES as CLASSES } from '../main/common/status-classes';
import { readTheme } from './chart-theme';
import { formatClock } from './format';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Bars drawn at most; older intervals in the range are left out. */
export const MAX_BARS = 120;

export interface StatusChart {
  update(summaries: readonly SummaryEvent[], from: number): void;
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
    update(summaries, from) {
      const shown = summaries.filter((s) => s.at > from).slice(-MAX_BARS);
      chart.data.labels = shown.map((s) => formatClock(s.at));
      chart.data.datasets.forEach(
        (d, i) => (d.data = shown.map((s) => s.interval.status[CLASSES[i]!])),
      );
      chart.update('none');
      canvas.dataset.bars = String(shown.length);
    },
    applyTheme,
  };
}
