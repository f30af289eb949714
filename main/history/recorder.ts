/**
 * Writes a history database: seconds and alert transitions are queued in
 * memory and written once per second of the injected clock in one
 * transaction, off the per-line path. The current minute's row is rewritten
 * with every write, so a kill loses at most the seconds since the last one.
 * Retention deletes run with every write, a bounded chunk at a time.
 */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { Clock } from '../engine/api';
import { failureOf } from './errors';
import { HostTable } from './host-table';
import { hostsLevelRaiser } from './hosts-level';
import { HOUR_MS, hourOf, rollUpHours } from './hour-rollup';
import { hostKeeping, MINUTE_MS, MinuteAccumulator, type MinuteRow } from './minute-accumulator';
import { createReader } from './queries';
import { TOP_COLUMNS, TOTAL_COLUMNS, topParams, totalsParams } from './rows';
import { MINUTES_KEPT_MS, SECONDS_KEPT_MS } from './steps';
import type {
  AlertRecord,
  History,
  HistoryFailure,
  HostsMode,
  SecondRecord,
  Totals,
} from './types';

/** Period of the batched writes, ms of the injected clock. */
export const FLUSH_MS = 1000;
/** Seconds queued before a write without waiting for the timer (a replay outruns the clock). */
const MAX_QUEUED = 5000;
/** Rows deleted per table per write at most, so catching up after a long pause stays cheap. */
const RETENTION_CHUNK = 5000;
/** Writes in a row refused because another process holds the lock, before giving up. */
const BUSY_LIMIT = 10;

export interface RecorderOptions {
  db: DatabaseSync;
  path: string;
  clock: Clock;
  hosts: HostsMode;
  /** Called once if recording stops on an error (monitoring goes on without history). */
  onError?: (failure: HistoryFailure) => void;
  /** Where the file left off: its newest stored second, last minute row and last hour rolled up. */
  resume: { newest: number | null; lastMinute: MinuteRow | null; lastHour: number | null };
}

/** Nothing to keep: a second or minute with no lines and a zero average is not stored. */
const quiet = (t: Totals) =>
  t.hits === 0 && t.malformed === 0 && t.late === 0 && t.skewed === 0 && t.avg === 0 && !t.alert;

function statements(db: DatabaseSync) {
  const marks = (n: number) => new Array<string>(n).fill('?').join(', ');
  const prune = (table: string) =>
    db.prepare(
      `DELETE FROM ${table} WHERE at IN (SELECT at FROM ${table} WHERE at < ? ORDER BY at LIMIT ${RETENTION_CHUNK})`,
    );
  return {
    second: db.prepare(
      `INSERT OR REPLACE INTO seconds (at, ${TOTAL_COLUMNS}) VALUES (${marks(14)})`,
    ),
    minute: db.prepare(
      `INSERT OR REPLACE INTO minutes (at, ${TOTAL_COLUMNS}) VALUES (${marks(14)})`,
    ),
    minuteTops: db.prepare(
      `INSERT OR REPLACE INTO minute_tops (at, hits, ${TOP_COLUMNS}) VALUES (${marks(7)})`,
    ),
    alert: db.prepare(
      `INSERT INTO alerts (type, at, avg, peak, hits, threshold, window, prefs) VALUES (${marks(8)})`,
    ),
    meta: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
    pruneSeconds: prune('seconds'),
    pruneMinutes: prune('minutes'),
    pruneMinuteTops: prune('minute_tops'),
    pruneHours: prune('hours'),
  };
}

/** A History writing to an open, migrated database. */
export function createRecorder(o: RecorderOptions): History {
  const { db, clock } = o;
  const st = statements(db);
  const hosts = new HostTable(hostKeeping(o.hosts));
  const noteHosts = hostsLevelRaiser(db, o.hosts);
  let failure: HistoryFailure | null = null;
  let closed = false;
  let newest = o.resume.newest ?? -Infinity;
  let minute: MinuteAccumulator | null = null;
  let minuteDirty = false;
  /** The `seconds` rows waiting for the next write, as statement parameters. */
  let seconds: SQLInputValue[][] = [];
  let finished: MinuteRow[] = [];
  let alerts: AlertRecord[] = [];
  /** Hours before this are rolled up; the next roll-up goes to `rollUpTo`. */
  let rolledUpTo = o.resume.lastHour === null ? -Infinity : o.resume.lastHour + HOUR_MS;
  let rollUpTo: number | null = null;
  let busy = 0;

  const writeMinute = (m: MinuteRow) => {
    if (quiet(m)) return;
    st.minute.run(m.at, ...totalsParams(m));
    st.minuteTops.run(m.at, m.hits, ...topParams(m));
  };

  const stop = (f: HistoryFailure) => {
    failure = f;
    hosts.release();
    clock.clearInterval(timer);
    seconds = [];
    finished = [];
    alerts = [];
    o.onError?.(f);
  };

  const write = () => {
    for (const p of seconds) st.second.run(...p);
    for (const m of finished) writeMinute(m);
    if (minute && minuteDirty) writeMinute(minute.row());
    if (rollUpTo !== null) rollUpHours(db, rolledUpTo, rollUpTo);
    for (const a of alerts)
      st.alert.run(
        a.type,
        a.at,
        a.avg,
        a.peak,
        a.hits,
        a.threshold,
        a.window,
        JSON.stringify(a.prefs),
      );
    st.meta.run('last_written', String(clock.now()));
    noteHosts();
    st.pruneSeconds.run(newest - SECONDS_KEPT_MS);
    st.pruneMinutes.run(newest - MINUTES_KEPT_MS);
    st.pruneMinuteTops.run(newest - MINUTES_KEPT_MS);
    st.pruneHours.run(newest - MINUTES_KEPT_MS);
  };

  const flush = () => {
    if (failure || closed) return;
    if (!seconds.length && !finished.length && !minuteDirty && !alerts.length) return;
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        write();
        db.exec('COMMIT');
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
    } catch (err) {
      const f = failureOf(err, o.path);
      // Another process holding the lock for a moment: keep the queue and try again.
      if (f.code === 'locked' && ++busy < BUSY_LIMIT) return;
      return stop(f);
    }
    busy = 0;
    seconds = [];
    finished = [];
    alerts = [];
    minuteDirty = false;
    if (rollUpTo !== null) rolledUpTo = rollUpTo;
    rollUpTo = null;
  };

  const timer = clock.setInterval(flush, FLUSH_MS);

  const record = (s: SecondRecord) => {
    if (failure || closed || !(s.at > newest)) return;
    newest = s.at;
    const at = Math.floor(s.at / MINUTE_MS) * MINUTE_MS;
    if (minute?.at !== at) {
      if (minute) {
        finished.push(minute.row());
        if (hourOf(at) !== hourOf(minute.at)) rollUpTo = hourOf(at);
      }
      const resumed = o.resume.lastMinute?.at === at ? o.resume.lastMinute : null;
      minute = new MinuteAccumulator(at, hosts.minute(), resumed);
    }
    minute.add(s);
    minuteDirty = true;
    // Only the totals wait for the write: holding the key lists until then would keep
    // a second's worth of arrays per second alive past the young generation.
    if (!quiet(s)) seconds.push(totalsParams(s, s.at));
    if (seconds.length + finished.length >= MAX_QUEUED) flush();
  };

  const close = () => {
    if (closed) return;
    // The last write is not retried: a lock now loses the queue, and says so.
    busy = BUSY_LIMIT;
    flush();
    closed = true;
    hosts.release();
    clock.clearInterval(timer);
    db.close();
  };

  const reader = createReader(db, o.path, flush, close);
  return {
    ...reader,
    record,
    recordAlert: (a) => {
      if (!failure && !closed) alerts.push(a);
    },
    flush,
    get failure() {
      return failure;
    },
  };
}
