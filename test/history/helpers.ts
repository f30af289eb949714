/** Test helpers for the history database: synthetic seconds, temp folders, the sqlite3 CLI. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyCounts } from '../../main/engine/stats/key-counts';
import type { SecondRecord, StatusMix, Totals } from '../../main/history/types';

export { fakeClock, type FakeClock } from '../engine/fixtures/follow-helpers';

/** A monday, 00:00:00 UTC: minute and hour boundaries fall on round numbers. */
export const T0 = Date.UTC(2026, 10, 2);

/** A fresh folder, removed by `done()`. */
export function tempDir(): { dir: string; db: string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'hc-history-'));
  return {
    dir,
    db: join(dir, 'history.db'),
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const noStatus = (): StatusMix => ({
  '1xx': 0,
  '2xx': 0,
  '3xx': 0,
  '4xx': 0,
  '5xx': 0,
  other: 0,
});

/** What a test gives `second`: totals, and breakdowns as `[key, hits]` pairs. */
export interface SecondInput extends Partial<Totals> {
  sections?: Array<[string, number]>;
  hosts?: Array<[string, number]>;
  codes?: Array<[number, number]>;
  methods?: Array<[string, number]>;
}

/**
 * A second at `at` with `hits` GET hits on `/a` from 10.0.0.1 answered 200,
 * 100 bytes each, unless the breakdowns are given.
 */
export function second(at: number, hits: number, more: SecondInput = {}): SecondRecord {
  const { sections, hosts, codes, methods, ...totals } = more;
  return {
    at,
    hits,
    bytes: hits * 100,
    status: { ...noStatus(), '2xx': hits },
    malformed: 0,
    late: 0,
    skewed: 0,
    avg: 0,
    alert: false,
    ...totals,
    sections: keyCounts(sections ?? (hits ? [['/a', hits]] : [])),
    hosts: keyCounts(hosts ?? (hits ? [['10.0.0.1', hits]] : [])),
    codes: keyCounts(codes ?? (hits ? [[200, hits]] : [])),
    methods: keyCounts(methods ?? (hits ? [['GET', hits]] : [])),
  };
}

/** Run the sqlite3 CLI on `db`; returns its stdout, trimmed. Throws with stderr on failure. */
export function sqlite(db: string, sql: string): string {
  const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return r.stdout.trim();
}
