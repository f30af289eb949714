/**
 * What the console remembers of alert transitions: whether an alert is active
 * (shown in every summary block) and the alert periods a batch report recaps.
 */
import type { AlertEvent } from '../common/types';

/** One alert, from its start to its recovery (null: still active). */
export interface AlertPeriod {
  /** Unix ms, monitor clock. */
  start: number;
  end: number | null;
  /** Window average when the alert was raised, req/s. */
  avg: number;
}

/** Every alert of a run: how many, and the most recent of them. */
export interface AlertRecap {
  count: number;
  recent: AlertPeriod[];
}

/** Periods kept for the recap; a flapping log must not grow memory without bound. */
const KEEP = 1000;

export interface AlertTracker {
  note(event: AlertEvent): void;
  /** The active alert, or null. */
  active(): AlertPeriod | null;
  periods(): AlertRecap;
}

export function createAlertTracker(): AlertTracker {
  const recent: AlertPeriod[] = [];
  let count = 0;
  let current: AlertPeriod | null = null;
  return {
    note(e) {
      if (e.type === 'alert') {
        current = { start: e.at, end: null, avg: e.avg };
        recent.push(current);
        count++;
        if (recent.length > KEEP) recent.shift();
      } else if (current) {
        current.end = e.at;
        current = null;
      }
    },
    active: () => current,
    periods: () => ({ count, recent: [...recent] }),
  };
}
