/**
 * The `hours` table: each complete hour's top lists merged from its minutes
 * (the top 100 of each, with their error bounds), so a long range merges a
 * few hundred rows. Hour points themselves are summed from the minutes.
 */
import type { DatabaseSync } from 'node:sqlite';
import { merge, truncate, type TopSummary } from './top-summary';
import { TOP_COLUMNS, topParams, topsFromColumns, type TopColumns } from './rows';

export const HOUR_MS = 3_600_000;
/** Keys kept per breakdown in an hour's row. */
export const HOUR_TOP = 100;

/** Start of the hour holding `at`. */
export const hourOf = (at: number) => Math.floor(at / HOUR_MS) * HOUR_MS;

/** Write the row of every hour starting in [from, before) that has minutes. */
export function rollUpHours(db: DatabaseSync, from: number, before: number): void {
  const lo = Number.isFinite(from) ? from : Number.MIN_SAFE_INTEGER;
  const starts = db
    .prepare(
      `SELECT DISTINCT at - (at % ${HOUR_MS}) AS h FROM minute_tops WHERE at >= ? AND at < ? ORDER BY h`,
    )
    .all(lo, before) as Array<{ h: number }>;
  if (starts.length === 0) return;
  const minutes = db.prepare(
    `SELECT hits, ${TOP_COLUMNS} FROM minute_tops WHERE at >= ? AND at < ? ORDER BY at`,
  );
  const insert = db.prepare(
    `INSERT OR REPLACE INTO hours (at, hits, ${TOP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const { h } of starts) {
    const rows = (minutes.all(h, h + HOUR_MS) as unknown as TopColumns[]).map((r) => ({
      hits: r.hits,
      ...topsFromColumns(r),
    }));
    const keep = (parts: TopSummary[]) => truncate(merge(parts), HOUR_TOP);
    const anyHosts = rows.some((r) => r.hosts !== null);
    insert.run(
      h,
      rows.reduce((sum, r) => sum + r.hits, 0),
      ...topParams({
        distinctHosts: Math.max(0, ...rows.map((r) => r.distinctHosts)),
        sections: keep(rows.map((r) => r.sections)),
        hosts: anyHosts ? keep(rows.map((r) => r.hostsOrUnknown)) : null,
        codes: keep(rows.map((r) => r.codes)),
        methods: keep(rows.map((r) => r.methods)),
      }),
    );
  }
}
