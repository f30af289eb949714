/**
 * The live traffic chart: requests per second, the window average, the
 * threshold line and shaded alert periods over the chosen time range.
 * Redrawn without animation from the bounded ring, so the cost of an update
 * depends on the range shown, never on how long the page has been open.
 */
import {
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type Plugin,
} from 'chart.js';
import { readTheme, type ChartTheme } from './chart-theme';
import { formatClock } from './format';

const axisNumber = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
import type { SecondRing } from './second-ring';

Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Tooltip);

type Point = { x: number; y: number };

/** Tick spacing per range: about six labels. */
function stepFor(rangeSec: number): number {
  if (rangeSec <= 120) return 20_000;
  if (rangeSec <= 600) return 120_000;
  if (rangeSec <= 1800) return 300_000;
  return 600_000;
}

export interface TrafficChart {
  /** Redraw the last `rangeSec` seconds up to `now` (ms, monitor clock). */
  update(ring: SecondRing, now: number, rangeSec: number, threshold: number): void;
  applyTheme(): void;
}

export function createTrafficChart(canvas: HTMLCanvasElement): TrafficChart {
  let theme: ChartTheme = readTheme();
  let spans: [number, number][] = [];

  const shade: Plugin<'line'> = {
    id: 'alertShade',
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea: area, scales } = chart;
      const x = scales.x!;
      ctx.save();
      ctx.fillStyle = theme.alertShade;
      for (const [from, to] of spans) {
        const left = Math.max(area.left, x.getPixelForValue(from));
        const right = Math.min(area.right, x.getPixelForValue(to));
        if (right > left) ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
      }
      ctx.restore();
    },
  };

  const chart = new Chart<'line', Point[]>(canvas, {
    type: 'line',
    data: {
      datasets: [
        { label: 'hits / s', data: [], borderWidth: 1, fill: 'origin', pointRadius: 0, tension: 0 },
        { label: 'window average', data: [], borderWidth: 2, pointRadius: 0, tension: 0 },
        { label: 'threshold', data: [], borderWidth: 1.5, borderDash: [6, 4], pointRadius: 0 },
      ],
    },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: {
          type: 'linear',
          ticks: { callback: (v) => formatClock(Number(v)), maxRotation: 0, autoSkipPadding: 12 },
        },
        y: { type: 'linear', beginAtZero: true, ticks: { callback: (v) => axisNumber(Number(v)) } },
      },
      plugins: {
        // The page draws its own legend (it also explains the alert shading).
        legend: { display: false },
        tooltip: {
          filter: (item) => item.datasetIndex < 2,
          callbacks: { title: (items) => (items[0] ? formatClock(items[0].parsed.x ?? 0) : '') },
        },
      },
    },
    plugins: [shade],
  });

  function applyTheme() {
    theme = readTheme();
    const [hits, avg, threshold] = chart.data.datasets;
    Object.assign(hits!, { borderColor: theme.hits, backgroundColor: theme.hitsFill });
    Object.assign(avg!, { borderColor: theme.avg, backgroundColor: theme.avg });
    Object.assign(threshold!, { borderColor: theme.threshold, backgroundColor: theme.threshold });
    for (const axis of [chart.options.scales!.x!, chart.options.scales!.y!]) {
      axis.grid = { ...axis.grid, color: theme.grid };
      axis.ticks = { ...axis.ticks, color: theme.text } as typeof axis.ticks;
    }
    chart.update('none');
  }
  applyTheme();

  return {
    update(ring, now, rangeSec, threshold) {
      const min = now - rangeSec * 1000;
      const hits: Point[] = [];
      const avg: Point[] = [];
      spans = [];
      let spanStart: number | null = null;
      // About two points per pixel at most: wide ranges are drawn from buckets
      // (the busiest second of each, so spikes stay visible) at a flat cost.
      const width = Math.max(200, canvas.clientWidth);
      const bucketMs = Math.max(1, Math.ceil(rangeSec / (width / 2))) * 1000;
      let bucketEnd = -Infinity;
      for (let i = ring.lowerBound(min); i < ring.size; i++) {
        const t = ring.at(i);
        const y = ring.hits(i);
        if (t < bucketEnd) {
          const last = hits[hits.length - 1]!;
          if (y > last.y) last.y = y;
          avg[avg.length - 1]!.y = ring.avg(i);
        } else {
          bucketEnd = t - (t % bucketMs) + bucketMs;
          hits.push({ x: t, y });
          avg.push({ x: t, y: ring.avg(i) });
        }
        if (ring.alert(i)) spanStart ??= t;
        else if (spanStart !== null) {
          spans.push([spanStart, t]);
          spanStart = null;
        }
      }
      if (spanStart !== null) spans.push([spanStart, now]);
      const [h, a, th] = chart.data.datasets;
      h!.data = hits;
      a!.data = avg;
      th!.data = [
        { x: min, y: threshold },
        { x: now, y: threshold },
      ];
      const x = chart.options.scales!.x!;
      Object.assign(x, { min, max: now });
      x.ticks = { ...x.ticks, stepSize: stepFor(rangeSec) } as typeof x.ticks;
      chart.options.scales!.y!.suggestedMax = threshold * 1.25;
      chart.update('none');
      canvas.dataset.points = String(ring.size - ring.lowerBound(min));
      canvas.dataset.drawn = String(hits.length);
      canvas.dataset.alertSpans = String(spans.length);
    },
    applyTheme,
  };
}
