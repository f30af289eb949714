/**
 * Bars of the status-classes chart (pure): one per summary interval from the
 * live summaries, completed from history for the part of the range the page
 * did not see, and, when neither has anything, one bar of the figures shown
 * beside the chart, so the chart never sits empty beside non-zero counts.
 */
import type { HistoryPoint, HistoryStatus } from '../main/common/history-types';
import { STATUS_CLASSES } from '../main/common/status-classes';
import type { StatusClasses, SummaryEvent } from '../main/common/types';

export { STATUS_CLASSES };
/** One status class (`other`: outside 100–599, or no status). */
export type StatusClass = keyof StatusClasses;

export interface StatusBar {
  /** Unix ms of the end of the bar's span, or null for the fallback bar. */
  at: number | null;
  counts: Record<StatusClass, number>;
}

/** A status record with every class present (older snapshots lack 1xx and other). */
export function fullStatus(s: HistoryStatus | undefined): Record<StatusClass, number> {
  const out = {} as Record<StatusClass, number>;
  for (const c of STATUS_CLASSES) out[c] = s?.[c] ?? 0;
  return out;
}

/** Sum points into bars of `bucketMs` ending after `from`, before `until` (exclusive). */
export function bucketPoints(
  points: readonly HistoryPoint[],
  from: number,
  until: number,
  bucketMs: number,
): StatusBar[] {
  const bars = new Map<number, Record<StatusClass, number>>();
  for (const p of points) {
    if (p.at < from || p.at >= until) continue;
    const end = p.at - (p.at % bucketMs) + bucketMs;
    const bar = bars.get(end) ?? fullStatus(undefined);
    const s = fullStatus(p.status);
    for (const c of STATUS_CLASSES) bar[c] += s[c];
    bars.set(end, bar);
  }
  return [...bars.entries()].sort((a, b) => a[0] - b[0]).map(([at, counts]) => ({ at, counts }));
}

/**
 * Bars for the range after `from`: summaries where the page has them, history
 * points (bucketed by `intervalMs`) before the first summary, else `fallback`.
 */
export function statusBars(
  summaries: readonly SummaryEvent[],
  points: readonly HistoryPoint[],
  from: number,
  intervalMs: number,
  fallback: HistoryStatus,
): StatusBar[] {
  const live = summaries
    .filter((s) => s.at > from)
    .map((s) => ({ at: s.at, counts: fullStatus(s.interval.status) }));
  const firstLive = live[0]?.at ?? Infinity;
  // History buckets end on interval boundaries; the one a summary ends is the summary's.
  const past = bucketPoints(points, from, firstLive - intervalMs, intervalMs);
  const bars = [...past, ...live];
  if (bars.length > 0) return bars;
  const counts = fullStatus(fallback);
  return STATUS_CLASSES.some((c) => counts[c] > 0) ? [{ at: null, counts }] : [];
}
