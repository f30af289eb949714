/**
 * GET /api/history?from=&to=&step=: points and Stats for a past range from
 * the history database (see docs/reference/history.md). A handler of the URL
 * alone, so the server mounts it and tests call it directly.
 */
import { ParamError } from '../history/param-error';
import { parseRange } from '../history/range-params';
import type { HistoryQuery, HistoryRange } from '../common/history-types';

/** What the route reads: a history database (or the Monitor's view of one). */
export interface RangeSource {
  range(query: HistoryQuery): HistoryRange;
}

export interface RouteResponse {
  status: number;
  /** Sent as JSON. */
  body: unknown;
}

const PARAMS = new Set(['from', 'to', 'step', 'token']);

/**
 * The handler; `history` returns the open database, or null when this run has
 * none (--no-db, or it could not be opened).
 */
export function createHistoryRoute(history: () => RangeSource | null): (url: URL) => RouteResponse {
  return (url) => {
    const db = history();
    if (!db) return { status: 404, body: { error: 'no history database in this run' } };
    const q = url.searchParams;
    for (const name of q.keys())
      if (!PARAMS.has(name))
        return { status: 400, body: { error: `unknown parameter '${name}'`, parameter: name } };
    try {
      const range = parseRange({ from: q.get('from'), to: q.get('to'), step: q.get('step') });
      return { status: 200, body: db.range(range) };
    } catch (err) {
      if (err instanceof ParamError)
        return { status: 400, body: { error: err.message, parameter: err.param } };
      return { status: 500, body: { error: `history: ${(err as Error).message}` } };
    }
  };
}
