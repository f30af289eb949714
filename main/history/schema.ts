/**
 * The history database's tables and their migrations. The schema version is
 * SQLite's `user_version`; each migration takes the file one version up, in
 * the transaction that opens it (see docs/reference/history.md).
 */
import type { DatabaseSync } from 'node:sqlite';
import { rollUpHours } from './hour-rollup';

/** The version this code writes and reads. */
export const SCHEMA_VERSION = 2;

const TOTALS = `hits INTEGER NOT NULL, bytes INTEGER NOT NULL,
  s1xx INTEGER NOT NULL, s2xx INTEGER NOT NULL, s3xx INTEGER NOT NULL,
  s4xx INTEGER NOT NULL, s5xx INTEGER NOT NULL, sother INTEGER NOT NULL,
  malformed INTEGER NOT NULL, late INTEGER NOT NULL, skewed INTEGER NOT NULL,
  avg REAL NOT NULL, alert INTEGER NOT NULL`;

/**
 * Version 1: meta, seconds (48 h), minutes and their top lists (90 days),
 * alerts (forever). The top lists have their own table so that reading a
 * month of minute totals does not read the lists too.
 */
function v1(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE seconds (at INTEGER PRIMARY KEY, ${TOTALS});
    CREATE TABLE minutes (at INTEGER PRIMARY KEY, ${TOTALS});
    CREATE TABLE minute_tops (at INTEGER PRIMARY KEY, hits INTEGER NOT NULL,
      distinct_hosts INTEGER NOT NULL,
      sections TEXT NOT NULL, hosts TEXT, codes TEXT NOT NULL, methods TEXT NOT NULL);
    CREATE TABLE alerts (id INTEGER PRIMARY KEY,
      type TEXT NOT NULL CHECK (type IN ('alert', 'recovery')), at INTEGER NOT NULL,
      avg REAL NOT NULL, peak REAL NOT NULL, hits INTEGER NOT NULL,
      threshold REAL NOT NULL, window INTEGER NOT NULL, prefs TEXT NOT NULL);
    CREATE INDEX alerts_at ON alerts (at);
  `);
}

/**
 * Version 2: the top lists of each complete hour, merged from its minutes, so
 * that a month's Stats read 720 rows instead of 43,200. Built here for the
 * minutes a version 1 file already holds.
 */
function v2(db: DatabaseSync): void {
  db.exec(`CREATE TABLE hours (at INTEGER PRIMARY KEY, hits INTEGER NOT NULL, distinct_hosts INTEGER NOT NULL,
    sections TEXT NOT NULL, hosts TEXT, codes TEXT NOT NULL, methods TEXT NOT NULL)`);
  const last = db.prepare('SELECT max(at) AS at FROM minute_tops').get() as { at: number | null };
  if (last.at !== null) rollUpHours(db, -Infinity, last.at);
}

/** MIGRATIONS[n] takes a file from version n to n + 1. */
export const MIGRATIONS: ReadonlyArray<(db: DatabaseSync) => void> = [v1, v2];

/** Run the migrations from `from` up to `to`, inside the caller's transaction. */
export function migrate(db: DatabaseSync, from: number, to = SCHEMA_VERSION): void {
  for (let v = from; v < to; v++) MIGRATIONS[v]!(db);
  db.exec(`PRAGMA user_version = ${to}`);
}
