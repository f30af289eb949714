/**
 * The history contract: what `GET /api/history` answers and what the page's
 * `history()` resolves to (see docs/reference/history.md). Pure types and
 * one pure check, shared by the web server, Electron main, preload and page.
 */
import type { StatusClasses, Stats } from './types';

/** Point spacing of a history range. */
export type HistoryStep = '1s' | '1m' | '1h';

/** Every step, for validation. */
export const HISTORY_STEPS: readonly HistoryStep[] = ['1s', '1m', '1h'];

/** What the page asks for: Unix ms bounds, and a step (automatic when absent). */
export interface HistoryQuery {
  from: number;
  to: number;
  step?: HistoryStep;
}

/** Status classes as stored: `1xx` and `other` may be absent in rows written by older versions. */
export type HistoryStatus = Partial<StatusClasses> & Partial<Record<'1xx' | 'other', number>>;

/** One point of a range: totals over `[at, at + step)`. */
export interface HistoryPoint {
  /** Unix ms, start of the step. */
  at: number;
  hits: number;
  bytes: number;
  status: HistoryStatus;
  /** Highest window average among the step's seconds, req/s. */
  avg: number;
  /** An alert was active during the step. */
  alert: boolean;
}

/** A range read from the database: its points and the figures over the whole range. */
export interface HistoryRange {
  from: number;
  to: number;
  step: HistoryStep;
  points: HistoryPoint[];
  /** Top lists merged from per-minute tops: `approximate` when a key fell out of some minute's top. */
  stats: Stats & { approximate?: boolean };
}

/** The longest range a query may span: 90 days, what the database keeps. */
export const MAX_HISTORY_SPAN_MS = 90 * 24 * 3600 * 1000;

/**
 * Check a query from an untrusted caller; returns a clean copy or the name of
 * the bad field with why.
 */
export function checkHistoryQuery(
  q: unknown,
): { ok: true; query: HistoryQuery } | { ok: false; field: string; message: string } {
  if (typeof q !== 'object' || q === null || Array.isArray(q))
    return { ok: false, field: 'range', message: 'range: must be an object {from, to, step?}' };
  const r = q as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (key !== 'from' && key !== 'to' && key !== 'step')
      return { ok: false, field: key, message: `${key}: not a field of a history range` };
  }
  for (const key of ['from', 'to'] as const) {
    const v = r[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      return { ok: false, field: key, message: `${key}: must be Unix milliseconds` };
  }
  const from = r.from as number;
  const to = r.to as number;
  if (to <= from) return { ok: false, field: 'to', message: 'to: must be after from' };
  if (to - from > MAX_HISTORY_SPAN_MS)
    return { ok: false, field: 'to', message: 'to: a range spans at most 90 days' };
  const query: HistoryQuery = { from, to };
  if (r.step !== undefined) {
    if (!HISTORY_STEPS.includes(r.step as HistoryStep))
      return { ok: false, field: 'step', message: 'step: must be 1s, 1m or 1h' };
    query.step = r.step as HistoryStep;
  }
  return { ok: true, query };
}
