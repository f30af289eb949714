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
import { formatClock, formatDateTime } from './format';
import { trafficSeries, type Point, type StepSource, type TrafficSeries } from './traffic-series';

const axisNumber = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Tooltip);

/** Tick spacing per range: about six labels. */
function stepFor(rangeSec: number): number {
  const steps = [20, 120, 300, 600, 3600, 4 * 3600, 24 * 3600, 5 * 24 * 3600];
  return (steps.find((s) => rangeSec / s <= 7) ?? steps.at(-1)!) * 1000;
}

export interface TrafficChart {
  /**
   * Redraw the steps of `src` in [min, max] (ms, monitor clock); `stepMs` is
   * the source's spacing: 1 s live, or the history range's step.
   */
  update(src: StepSource, min: number, max: number, stepMs: number, threshold: number): void;
  /** Call `fn` with the span a user drags across the chart. */
  onSelect(fn: (from: number, to: number) => void): void;
  /** The data last drawn (the page exposes it to tests and the benchmark). */
  readonly series: TrafficSeries;
  applyTheme(): void;
}

export function createTrafficChart(canvas: HTMLCanvasElement): TrafficChart {
  let theme: ChartTheme = readTheme();
  let spans: [number, number][] = [];
  let series: TrafficSeries = { hits: [], avg: [], spans: [], points: 0 };
  // A drag in progress, in chart x values (ms).
  let drag: { from: number; to: number } | null = null;
  let onSelect: (from: number, to: number) => void = () => undefined;

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
      if (drag) {
        ctx.fillStyle = theme.selection;
        const [a, b] = [x.getPixelForValue(drag.from), x.getPixelForValue(drag.to)];
        ctx.fillRect(Math.min(a, b), area.top, Math.abs(b - a), area.bottom - area.top);
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
          callbacks: {
            title: (items) => (items[0] ? formatDateTime(items[0].parsed.x ?? 0) : ''),
          },
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

  // Drag across the chart to pick a past range (pointer events: mouse, pen and touch alike).
  const valueAt = (e: PointerEvent) => {
    const x = chart.scales.x!;
    const px = Math.min(chart.chartArea.right, Math.max(chart.chartArea.left, e.offsetX));
    return x.getValueForPixel(px) ?? 0;
  };
  canvas.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    const v = valueAt(e);
    drag = { from: v, to: v };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drag) return;
    drag.to = valueAt(e);
    chart.draw();
  });
  const finish = (e: PointerEvent, pick: boolean) => {
    if (!drag) return;
    drag.to = valueAt(e);
    const [from, to] = [Math.min(drag.from, drag.to), Math.max(drag.from, drag.to)];
    drag = null;
    chart.draw();
    // A click is not a range: at least two seconds must be covered.
    if (pick && to - from >= 2000)
      onSelect(Math.floor(from / 1000) * 1000, Math.ceil(to / 1000) * 1000);
  };
  canvas.addEventListener('pointerup', (e) => finish(e, true));
  canvas.addEventListener('pointercancel', (e) => finish(e, false));

  return {
    update(src, min, max, stepMs, threshold) {
      const rangeSec = (max - min) / 1000;
      // About two points per pixel at most: wide ranges are drawn from buckets
      // (the busiest step of each, so spikes stay visible) at a flat cost.
      const width = Math.max(200, canvas.clientWidth);
      const bucketMs = Math.max(stepMs, Math.ceil(rangeSec / (width / 2)) * 1000);
      series = trafficSeries(src, min, max, stepMs, bucketMs);
      spans = series.spans.map(([a, b]) => [a, Math.min(b, max)]);
      const [h, a, th] = chart.data.datasets;
      h!.data = series.hits;
      a!.data = series.avg;
      th!.data = [
        { x: min, y: threshold },
        { x: max, y: threshold },
      ];
      const x = chart.options.scales!.x!;
      const long = rangeSec > 24 * 3600;
      Object.assign(x, { min, max });
      x.ticks = {
        ...x.ticks,
        stepSize: stepFor(rangeSec),
        callback: (v: number | string) =>
          long ? formatDateTime(Number(v)).slice(5, 16) : formatClock(Number(v)),
      } as typeof x.ticks;
      chart.options.scales!.y!.suggestedMax = threshold * 1.25;
      chart.update('none');
      canvas.dataset.points = String(series.points);
      canvas.dataset.drawn = String(series.hits.length);
      canvas.dataset.alertSpans = String(spans.length);
    },
    onSelect(fn) {
      onSelect = fn;
    },
    get series() {
      return series;
    },
    applyTheme,
  };
}
