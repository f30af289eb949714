/**
 * Rows of the alert history table: each alert paired with its recovery,
 * with the peak average and duration (pure).
 */
import type { AlertEvent } from '../main/common/types';
import type { SecondRing } from './second-ring';

export interface HistoryRow {
  start: number;
  /** null while the alert is still active, or when its recovery is not in the history. */
  end: number | null;
  /** The alert is still active. */
  ongoing: boolean;
  /** Highest window average seen during the alert. */
  peak: number;
  /**
   * true when the peak was stored with the transition, or the page saw every
   * second of the alert; false for older events it did not see whole: a lower bound.
   */
  peakExact: boolean;
  /** Hits in the window when the alert started. */
  hits: number;
  threshold: number;
  /** end - start, now - start while active; null when the end is unknown. */
  duration: number | null;
}

/** Highest avg of the seconds in [from, to] held by the ring, and whether the ring covers that span. */
function peakIn(ring: SecondRing, from: number, to: number): { peak: number; covered: boolean } {
  let peak = 0;
  const first = ring.lowerBound(from);
  for (let i = first; i < ring.size && ring.at(i) <= to; i++) peak = Math.max(peak, ring.avg(i));
  return { peak, covered: ring.size > 0 && ring.at(0) <= from };
}

/** Pair transitions (oldest first) into rows, newest first. `now` ends an active alert's duration. */
export function historyRows(
  history: readonly AlertEvent[],
  ring: SecondRing,
  now: number,
): HistoryRow[] {
  const rows: HistoryRow[] = [];
  let open: AlertEvent | null = null;
  const close = (a: AlertEvent, r: AlertEvent | null, ongoing: boolean) => {
    const end = r?.at ?? null;
    const to = end ?? (ongoing ? now : a.at);
    // A recovery stores the alert's exact peak; without one (older versions, or an
    // alert still going) the seconds the page saw give it, exact only if it saw them all.
    const seen = peakIn(ring, a.at, to);
    const stored = r?.peak;
    rows.push({
      start: a.at,
      end,
      ongoing,
      peak: stored ?? Math.max(a.peak ?? a.avg, seen.peak),
      peakExact: stored !== undefined || seen.covered,
      hits: a.hits,
      threshold: a.threshold,
      duration: end === null && !ongoing ? null : Math.max(0, to - a.at),
    });
  };
  for (const e of history) {
    if (e.type === 'alert') {
      // Two alerts in a row (history trimmed at its start, or a restart): the first has no known end.
      if (open) close(open, null, false);
      open = e;
    } else if (open) {
      close(open, e, false);
      open = null;
    }
  }
  if (open) close(open, null, true);
  return rows.reverse();
}
