/**
 * The traffic chart's points, from live seconds or from a history range
 * (pure). A step with no point is a quiet step: the engine sends nothing for
 * idle seconds, so a gap is drawn as zeros, never as a ramp across it.
 */
import type { HistoryPoint } from '../main/common/history-types';

/** Time-ordered steps the chart reads: the live second ring, or history points. */
export interface StepSource {
  readonly size: number;
  at(i: number): number;
  hits(i: number): number;
  avg(i: number): number;
  alert(i: number): boolean;
  /** Index of the first step with `at >= t` (size if none). */
  lowerBound(t: number): number;
}

export interface Point {
  x: number;
  y: number;
}

export interface TrafficSeries {
  /** Requests per second of each step (the busiest step of each bucket). */
  hits: Point[];
  /** Window average at each step. */
  avg: Point[];
  /** Alert periods, [from, to) in ms. */
  spans: [number, number][];
  /** Steps of the source inside the range. */
  points: number;
}

/** History points as a StepSource. */
export function pointSource(points: readonly HistoryPoint[]): StepSource {
  return {
    size: points.length,
    at: (i) => points[i]!.at,
    hits: (i) => points[i]!.hits,
    avg: (i) => points[i]!.avg,
    alert: (i) => points[i]!.alert,
    lowerBound(t) {
      let lo = 0;
      let hi = points.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (points[mid]!.at < t) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
}

/**
 * Points of `src` in [min, max]. `stepMs` is the source's spacing (hits are
 * divided by its seconds, so every range is drawn in req/s); `bucketMs`
 * merges steps so a wide range costs about as much as a narrow one.
 */
export function trafficSeries(
  src: StepSource,
  min: number,
  max: number,
  stepMs: number,
  bucketMs: number,
): TrafficSeries {
  const hits: Point[] = [];
  const avg: Point[] = [];
  const spans: [number, number][] = [];
  const perSec = 1000 / stepMs;
  let spanStart: number | null = null;
  let bucketEnd = -Infinity;

  const add = (t: number, h: number, a: number) => {
    if (t < bucketEnd) {
      const last = hits[hits.length - 1]!;
      if (h > last.y) last.y = h;
      avg[avg.length - 1]!.y = a;
      return;
    }
    bucketEnd = t - (t % bucketMs) + bucketMs;
    hits.push({ x: t, y: h });
    avg.push({ x: t, y: a });
  };

  const first = src.lowerBound(min);
  // The step before the range, if any, tells whether the range opens in a quiet stretch.
  let prev = first > 0 ? src.at(first - 1) : null;
  let i = first;
  for (; i < src.size && src.at(i) <= max; i++) {
    const t = src.at(i);
    if (prev !== null && t - prev > stepMs) {
      // Quiet steps between two points: zero at both ends of the gap.
      add(Math.max(prev + stepMs, min - stepMs), 0, 0);
      if (t - stepMs > prev + stepMs) add(t - stepMs, 0, 0);
    }
    add(t, src.hits(i) * perSec, src.avg(i));
    if (src.alert(i)) spanStart ??= t;
    else if (spanStart !== null) {
      spans.push([spanStart, t]);
      spanStart = null;
    }
    prev = t;
  }
  if (spanStart !== null) spans.push([spanStart, prev === null ? max : prev + stepMs]);
  return { hits, avg, spans, points: i - first };
}
