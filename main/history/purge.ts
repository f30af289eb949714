/**
 * `report --purge-hosts[=anonymized|off]`: rewrite the hosts a history
 * database already holds (per minute and per hour) to a less revealing
 * level, in one transaction, then VACUUM so the old text is gone from the
 * file, not only from its rows (see docs/reference/history.md).
 */
import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { anonymizeHost } from '../common/anonymize';
import { failure, failureOf, HistoryError } from './errors';
import { noteHostsLevel } from './hosts-level';
import { schemaVersion } from './open';
import { SCHEMA_VERSION } from './schema';
import { decodeSummary, encodeSummary, type TopEntry, type TopSummary } from './top-summary';
import type { HistoryFailure } from './types';

/** The levels hosts can be purged to (what is cut off cannot be brought back). */
export type PurgeLevel = 'anonymized' | 'off';

/**
 * A top list of hosts as logged, by anonymised host: listed hosts with the
 * same prefix or domain are summed, so the list plus `other` still sums to
 * the row's hits. When the list was cut (`unseen` > 0), unlisted hosts of a
 * listed group, and unlisted groups, may hold any of `other`: the bounds say so.
 */
export function anonymizeSummary(s: TopSummary): TopSummary {
  const spill = s.unseen > 0 ? s.other : 0;
  const entries = new Map<string, TopEntry>();
  for (const [key, e] of s.entries) {
    const name = anonymizeHost(key);
    const g = entries.get(name);
    if (g) {
      g.hits += e.hits;
      g.missed += e.missed;
    } else entries.set(name, { hits: e.hits, missed: e.missed });
  }
  // Whatever a group may lack is among the `other` hits, so `other` bounds it.
  if (spill > 0) for (const g of entries.values()) g.missed = spill;
  return { entries, unseen: spill, other: s.other };
}

/** The hosts column rewritten to `level`. */
function rewritten(hosts: string, level: PurgeLevel): string | null {
  return level === 'off' ? null : encodeSummary(anonymizeSummary(decodeSummary(hosts)));
}

export type PurgeResult = { ok: true; rows: number } | ({ ok: false } & HistoryFailure);

/**
 * Rewrite every stored row's hosts to `level` and compact the file; `rows`:
 * how many rows changed. Refuses (changing nothing) a file that is not a
 * history database, one of another version, or one another process holds.
 */
export function purgeHosts(path: string, level: PurgeLevel, busyMs = 1000): PurgeResult {
  let db: DatabaseSync | null = null;
  try {
    if (!existsSync(path)) throw new HistoryError(failure('other', path, 'no such file'));
    db = new DatabaseSync(path, { timeout: busyMs });
    const version = schemaVersion(db, path);
    if (version === 0)
      throw new HistoryError(failure('other', path, 'not an http-console history database'));
    if (version < SCHEMA_VERSION)
      throw new HistoryError(failure('older-schema', path, `schema ${version}`));
    // Freed pages are zeroed, so nothing of the old rows lingers even before VACUUM.
    db.exec('PRAGMA secure_delete = ON');
    let rows = 0;
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const table of ['minute_tops', 'hours']) {
        const update = db.prepare(`UPDATE ${table} SET hosts = ? WHERE at = ?`);
        const all = db
          .prepare(`SELECT at, hosts FROM ${table} WHERE hosts IS NOT NULL`)
          .all() as Array<{ at: number; hosts: string }>;
        for (const r of all) {
          const next = rewritten(r.hosts, level);
          if (next === r.hosts) continue;
          update.run(next, r.at);
          rows++;
        }
      }
      noteHostsLevel(db, level);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
    db.exec('VACUUM');
    // VACUUM went through the write-ahead log: copy it into the file and empty it.
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return { ok: true, rows };
  } catch (err) {
    return { ok: false, ...failureOf(err, path) };
  } finally {
    try {
      db?.close();
    } catch {
      // Already closed, or never opened.
    }
  }
}
