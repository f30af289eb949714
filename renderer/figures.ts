/**
 * One definition of each figure the page shows, used by every panel (pure):
 * the header and the Traffic card read the same window average, and the
 * malformed count sits beside the samples of the same span.
 */
import type { HistoryRange } from '../main/common/history-types';
import type { MalformedEvent, Snapshot, Stats } from '../main/common/types';

/** What the panels show: the live window, everything since start, or a past range. */
export type Span = { kind: 'window' } | { kind: 'total' } | { kind: 'range'; range: HistoryRange };

export interface SpanFigures {
  stats: Stats & { approximate?: boolean };
  /** Requests per second over the span. */
  rps: number;
  /** The malformed samples whose line was read inside the span. */
  samples: MalformedEvent[];
}

/**
 * The window average: hits in the window over its length, as of the last
 * evaluated second. The alert is judged on it, the header shows it, and so
 * does the Traffic card for the window.
 */
export function windowAverage(snap: Snapshot): number {
  return snap.avg;
}

/** The figures of `span`; `now` is the monitor's clock (ms). */
export function spanFigures(snap: Snapshot, span: Span, now: number): SpanFigures {
  switch (span.kind) {
    case 'window': {
      const since = now - snap.window * 1000;
      return {
        stats: snap.stats.window,
        rps: windowAverage(snap),
        samples: snap.malformedSamples.filter((m) => m.at >= since),
      };
    }
    case 'total':
      return { stats: snap.stats.total, rps: snap.stats.total.rps, samples: snap.malformedSamples };
    case 'range': {
      const { from, to, stats } = span.range;
      return {
        stats,
        rps: stats.rps,
        samples: snap.malformedSamples.filter((m) => m.at >= from && m.at < to),
      };
    }
  }
}
