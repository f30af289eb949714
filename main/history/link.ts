/**
 * The history database as the front-ends use it (docs/reference/history.md):
 * opened for one log source with every refusal said in one line (monitoring
 * goes on without history), and adapted to the Monitor's HistorySink.
 */
import { resolve } from 'node:path';
import type { AlertEvent } from '../common/types';
import type { Clock, HistorySink, MonitorSettings } from '../engine/api';
import { openHistory } from './open';
import type { History, HostsMode } from './types';

/** What a front-end asks for. */
export interface SourceHistoryOptions {
  /** The database file. */
  path: string;
  /** The log file it belongs to. */
  file: string;
  /** The user named the path (--db): a database of another source may then be reset. */
  explicit: boolean;
  /** --reset-history: start the database afresh. */
  reset?: boolean;
  hosts?: HostsMode;
  clock?: Clock;
  /** Where a refusal or a later failure is said (one line each). */
  warn: (message: string) => void;
}

/** Open the history of a log source, or say why not and return null. */
export function openSourceHistory(o: SourceHistoryOptions): History | null {
  const opened = openHistory({
    path: o.path,
    // A fleet is named by its Prometheus URL, which is no path.
    source: /^https?:\/\//.test(o.file) ? o.file : resolve(o.file),
    explicit: o.explicit,
    ...(o.reset ? { reset: true } : {}),
    ...(o.hosts ? { hosts: o.hosts } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
    onError: (f) => o.warn(`history stopped, monitoring goes on: ${f.message}`),
  });
  if (opened.ok) return opened.history;
  o.warn(`history off, monitoring goes on: ${opened.message}`);
  return null;
}

/** The Monitor's view of a history database. */
export function historySink(history: History): HistorySink {
  const newest = history.recent(1)[0];
  return {
    newestSecond: newest ? Math.floor(newest.at / 1000) : null,
    record: (second) => history.record(second),
    recordAlert: (e: AlertEvent, settings: MonitorSettings) =>
      history.recordAlert({
        type: e.type,
        at: e.at,
        avg: e.avg,
        peak: e.peak ?? e.avg,
        hits: e.hits,
        threshold: e.threshold,
        window: e.window,
        prefs: { ...settings },
      }),
    range: (query) => history.range(query),
    close: () => history.close(),
  };
}
