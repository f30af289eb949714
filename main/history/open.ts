/**
 * Opening a history database for a monitor (read and write) or for a report
 * (read only). Every refusal is a value, never a throw, and leaves the file
 * as it was: see docs/reference/history.md for the codes.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { systemClock, type Clock } from '../engine/api';
import { failure, failureOf, HistoryError } from './errors';
import {
  minuteFromColumns,
  TOP_COLUMNS,
  TOTAL_COLUMNS,
  type TopColumns,
  type TotalsColumns,
} from './rows';
import { mostRevealing, noteHostsLevel, purgeHint, storedHostsLevel } from './hosts-level';
import { createReader } from './queries';
import { createRecorder } from './recorder';
import { migrate, SCHEMA_VERSION } from './schema';
import type { History, HistoryFailure, HistoryReader, HostsMode } from './types';

export interface OpenHistoryOptions {
  path: string;
  /** The log source the history belongs to (the file's absolute path, or the listener). */
  source: string;
  /** Empty the database first; allowed for a database of another source only when `explicit`. */
  reset?: boolean;
  /** The path was named by the user (--db), not the default location. */
  explicit?: boolean;
  clock?: Clock;
  /** What the per-minute top hosts keep. Default 'anonymized'. */
  hosts?: HostsMode;
  /** Called once if recording stops later on an error. */
  onError?: (failure: HistoryFailure) => void;
  /** Told, in one line, when the file holds hosts more revealing than `hosts` (how to purge them). */
  onNotice?: (message: string) => void;
  /** How long to wait for another process's lock, ms. Default 1000. */
  busyMs?: number;
}

export type OpenResult<T> = { ok: true; history: T } | ({ ok: false } & HistoryFailure);

const PRIVATE_FILE = 0o600;
const PRIVATE_DIR = 0o700;
const SIDE_FILES = ['', '-wal', '-shm'];

/** Create the folder (0700) and an empty file (0600) if missing; true if the file was created. */
function createPrivateFile(path: string): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR });
  if (existsSync(path)) {
    if (!statSync(path).isFile()) throw new HistoryError(failure('other', path, 'not a file'));
    return false;
  }
  // SQLite gives the -wal and -shm files the mode of the database file.
  closeSync(openSync(path, 'wx', PRIVATE_FILE));
  return true;
}

/** Files left readable by others (by an older version, or copied in) are made private. */
function tightenModes(path: string): void {
  if (process.platform === 'win32') return;
  for (const suffix of SIDE_FILES) {
    try {
      if ((statSync(path + suffix).mode & 0o077) !== 0) chmodSync(path + suffix, PRIVATE_FILE);
    } catch {
      // Missing side file, or not ours to change: nothing to tighten.
    }
  }
}

const getValue = (db: DatabaseSync, sql: string, ...args: string[]) =>
  (db.prepare(sql).get(...args) as Record<string, unknown> | undefined) ?? {};

/** The file's schema version; throws when it is newer than this code or another program's. */
export function schemaVersion(db: DatabaseSync, path: string): number {
  const v = Number(getValue(db, 'PRAGMA user_version').user_version);
  if (v > SCHEMA_VERSION)
    throw new HistoryError(
      failure('newer-schema', path, `schema ${v}; this version reads up to ${SCHEMA_VERSION}`),
    );
  const tables = Number(getValue(db, 'SELECT count(*) AS n FROM sqlite_master').n);
  if (v === 0 && tables > 0)
    throw new HistoryError(failure('other', path, 'a SQLite database of another program'));
  return v;
}

/** Whether to empty the file, or a refusal when it belongs to another source. */
function checkSource(db: DatabaseSync, version: number, o: OpenHistoryOptions): boolean {
  const owner =
    version > 0
      ? (getValue(db, "SELECT value FROM meta WHERE key = 'source'").value ?? null)
      : null;
  const reset = Boolean(o.reset && (o.explicit || owner === o.source));
  if (owner === null || owner === o.source || reset) return reset;
  const how = o.reset ? '; --reset-history needs --db naming the file' : '';
  throw new HistoryError(
    failure('other-source', o.path, `it holds ${String(owner)}, not ${o.source}${how}`),
  );
}

function resumePoint(db: DatabaseSync) {
  const max = (table: string) =>
    (getValue(db, `SELECT max(at) AS at FROM ${table}`).at as number | null) ?? null;
  const totals = db
    .prepare(`SELECT at, ${TOTAL_COLUMNS} FROM minutes ORDER BY at DESC LIMIT 1`)
    .get() as (TotalsColumns & { at: number }) | undefined;
  const tops = totals
    ? (db.prepare(`SELECT ${TOP_COLUMNS} FROM minute_tops WHERE at = ?`).get(totals.at) as
        TopColumns | undefined)
    : undefined;
  const seconds = max('seconds');
  const minutes = max('minutes');
  return {
    newest: seconds === null ? minutes : Math.max(seconds, minutes ?? seconds),
    lastMinute: totals && tops ? minuteFromColumns({ ...totals, ...tops }) : null,
    lastHour: max('hours'),
  };
}

/** Open (creating if needed) the history of `source` at `path` for recording. */
export function openHistory(o: OpenHistoryOptions): OpenResult<History> {
  const clock = o.clock ?? systemClock;
  let db: DatabaseSync | null = null;
  let created = false;
  let notice: string | null = null;
  const hosts = o.hosts ?? 'anonymized';
  try {
    created = createPrivateFile(o.path);
    db = new DatabaseSync(o.path, { timeout: o.busyMs ?? 1000 });
    const version = schemaVersion(db, o.path);
    const reset = checkSource(db, version, o);
    db.exec('PRAGMA journal_mode = WAL');
    // In WAL mode, NORMAL loses nothing on a process crash (only on power loss).
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('BEGIN IMMEDIATE');
    try {
      migrate(db, version);
      const now = String(clock.now());
      if (reset)
        db.exec(
          'DELETE FROM seconds; DELETE FROM minutes; DELETE FROM minute_tops; DELETE FROM hours; DELETE FROM alerts;',
        );
      const meta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
      meta.run('source', o.source);
      if (version === 0 || reset) meta.run('created', now);
      const stored = reset ? 'off' : storedHostsLevel(db);
      notice = purgeHint(o.path, stored, hosts);
      noteHostsLevel(db, mostRevealing(stored, hosts));
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
    tightenModes(o.path);
    if (notice) o.onNotice?.(notice);
    const history = createRecorder({
      db,
      path: o.path,
      clock,
      hosts,
      resume: resumePoint(db),
      ...(o.onError ? { onError: o.onError } : {}),
    });
    return { ok: true, history };
  } catch (err) {
    try {
      db?.close();
    } catch {
      // Already closed, or never opened.
    }
    // Only what this call created (an empty file) is removed.
    if (created) for (const s of SIDE_FILES) rmSync(o.path + s, { force: true });
    return { ok: false, ...failureOf(err, o.path) };
  }
}

/** Open an existing history database for reading only (the report command). */
export function openHistoryReader(path: string, busyMs = 1000): OpenResult<HistoryReader> {
  let db: DatabaseSync | null = null;
  try {
    if (!existsSync(path)) throw new HistoryError(failure('other', path, 'no such file'));
    db = new DatabaseSync(path, { readOnly: true, timeout: busyMs });
    const version = schemaVersion(db, path);
    if (version === 0)
      throw new HistoryError(failure('other', path, 'not an http-console history database'));
    if (version < SCHEMA_VERSION)
      throw new HistoryError(failure('older-schema', path, `schema ${version}`));
    return { ok: true, history: createReader(db, path) };
  } catch (err) {
    try {
      db?.close();
    } catch {
      // Already closed, or never opened.
    }
    return { ok: false, ...failureOf(err, path) };
  }
}
