/**
 * What the stored rows of a history database reveal of client hosts, noted
 * in `meta` (key `hosts`): the most revealing `--history-hosts` level any
 * row may have been written at. Opening with a less revealing level applies
 * to new rows only, so the run is told how to rewrite the old ones
 * (see docs/reference/history.md).
 */
import type { DatabaseSync } from 'node:sqlite';
import { anonymizeHost } from '../common/anonymize';
import { decodeSummary } from './top-summary';
import type { HostsMode } from './types';

const REVEALING: Record<HostsMode, number> = { off: 0, anonymized: 1, full: 2 };

/** The more revealing of two levels. */
export const mostRevealing = (a: HostsMode, b: HostsMode): HostsMode =>
  REVEALING[a] >= REVEALING[b] ? a : b;

/**
 * The level noted in `meta`; for a file written before it was noted, found
 * from the minutes' hosts (a host that anonymising would change is `full`).
 */
export function storedHostsLevel(db: DatabaseSync): HostsMode {
  const noted = db.prepare("SELECT value FROM meta WHERE key = 'hosts'").get() as
    { value: string } | undefined;
  if (noted && noted.value in REVEALING) return noted.value as HostsMode;
  let level: HostsMode = 'off';
  const rows = db.prepare('SELECT hosts FROM minute_tops WHERE hosts IS NOT NULL').iterate();
  for (const row of rows as Iterable<{ hosts: string }>) {
    level = 'anonymized';
    for (const key of decodeSummary(row.hosts).entries.keys())
      if (anonymizeHost(key) !== key) return 'full';
  }
  return level;
}

/** Note the level of the stored rows (inside the caller's transaction). */
export function noteHostsLevel(db: DatabaseSync, level: HostsMode): void {
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('hosts', ?)").run(level);
}

const RANK = (v: string) => `CASE ${v} WHEN 'full' THEN 2 WHEN 'anonymized' THEN 1 ELSE 0 END`;

/**
 * For the recorder, with each write: raise the noted level to `mode` if it
 * is lower (a purge run while this monitor records must not hide its rows).
 */
export function hostsLevelRaiser(db: DatabaseSync, mode: HostsMode): () => void {
  const raise = db.prepare(
    `INSERT INTO meta (key, value) VALUES ('hosts', ?1)
     ON CONFLICT (key) DO UPDATE SET value = ?1 WHERE ${RANK('value')} < ${RANK('?1')}`,
  );
  return () => void raise.run(mode);
}

/** One line when the file holds rows more revealing than `mode`; null otherwise. */
export function purgeHint(path: string, stored: HostsMode, mode: HostsMode): string | null {
  if (REVEALING[stored] <= REVEALING[mode]) return null;
  const flag = mode === 'off' ? '--purge-hosts=off' : '--purge-hosts';
  return (
    `history database ${path} holds client hosts kept ${stored === 'full' ? 'in full' : 'anonymized'}; ` +
    `--history-hosts ${mode} applies to new minutes only: ` +
    `http-console report --db ${path} ${flag} rewrites the old ones`
  );
}
