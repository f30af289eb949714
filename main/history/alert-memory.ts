/**
 * The alert memory a monitor starts from when it has a history database: the
 * database's own transitions (docs/reference/history.md). One rule for every
 * front: with history on, the database is where alert state survives a
 * restart; the app's own store is used only without one.
 */
import type { AlertMemory } from '../engine/api';
import type { AlertRecord, HistoryReader } from './types';

/** Transitions a monitor carries (as the engine keeps them). */
export const MEMORY_TRANSITIONS = 1000;

const eventOf = (a: AlertRecord) => ({
  type: a.type,
  at: a.at,
  avg: a.avg,
  peak: a.peak,
  hits: a.hits,
  threshold: a.threshold,
  window: a.window,
});

/**
 * Active when the last transition is an alert, since its time, with the
 * highest window average stored since then as its peak (so the recovery
 * after a restart reports the alert's true peak).
 */
export function alertMemoryOf(history: HistoryReader): AlertMemory {
  const recent = history.recentAlerts(MEMORY_TRANSITIONS);
  const last = recent.at(-1);
  const events = recent.map(eventOf);
  if (last?.type !== 'alert') return { active: false, since: null, history: events };
  return {
    active: true,
    since: last.at,
    peak: Math.max(last.peak, history.highestAverage(last.at)),
    history: events,
  };
}
