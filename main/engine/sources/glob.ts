/**
 * `-f` patterns: each is a path or a glob (`/var/log/nginx/*.access.log`,
 * `access.log*`). Matches come in reading order: a rotated set oldest first
 * (`access.log.3.gz`, `access.log.2.gz`, `access.log.1`, then the live
 * `access.log`; dated names `access.log-20261127.gz` by name), so a batch
 * over the set reads its lines in time order. No watcher: the caller polls
 * `rescan()` for files that appeared. See docs/reference/sources.md.
 */
import { glob } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';

/** Whether `pattern` holds glob syntax; a plain path is taken literally, even while it does not exist. */
export const isGlob = (pattern: string): boolean => /[*?[{]/.test(pattern);

/** Highest number taken as a rotation count (`.1` … `.99999`); longer digit runs are dates. */
const MAX_COUNT_DIGITS = 5;
/** `.N`, or a date-like suffix (`-20261127`, `.2026-11-27`), before an optional `.gz`. */
const ROTATED = /^(.*?)(?:\.(\d+)|([.-]\d[\d_-]{5,}))(\.gz)?$/;

interface RotationKey {
  /** The live file's path this one was rotated from. */
  base: string;
  /** 0: dated, ordered by name; 1: numbered, higher is older; 2: the live file. */
  rank: number;
  count: number;
}

function rotationKey(path: string): RotationKey {
  const m = ROTATED.exec(path);
  if (m?.[2] !== undefined && m[2].length <= MAX_COUNT_DIGITS) {
    return { base: m[1]!, rank: 1, count: Number(m[2]) };
  }
  if (m) return { base: m[1]!, rank: 0, count: 0 };
  return { base: path.endsWith('.gz') ? path.slice(0, -3) : path, rank: 2, count: 0 };
}

/**
 * Whether a path is a rotated copy (`.1`, `.2.gz`, `-20261127`) rather than a
 * live log. While following, a pattern like `access.log*` also matches the
 * copies; the follower already drains a rotated file, so they are for batch
 * reading only.
 */
export const isRotatedName = (path: string): boolean => rotationKey(path).rank !== 2;

/** Orders paths for reading: grouped by live file, each group oldest first, the live file last. */
export function orderForReading(paths: readonly string[]): string[] {
  const keyed = paths.map((path) => ({ path, key: rotationKey(path) }));
  keyed.sort((a, b) => {
    if (a.key.base !== b.key.base) return a.key.base < b.key.base ? -1 : 1;
    if (a.key.rank !== b.key.rank) return a.key.rank - b.key.rank;
    if (a.key.count !== b.key.count) return b.key.count - a.key.count;
    return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  });
  return keyed.map((k) => k.path);
}

/** The files (not directories) matching one glob; a relative pattern gives paths relative to `cwd`. */
async function matches(pattern: string, cwd: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of glob(pattern, { cwd, withFileTypes: true })) {
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
    const full = join(entry.parentPath, entry.name);
    found.push(isAbsolute(pattern) ? full : relative(cwd, full));
  }
  return found;
}

/** Expands patterns and watches for new matches. */
export interface PathSet {
  /** Every path so far, in reading order (per pattern, in the order the patterns were given). */
  paths(): string[];
  /** Matches that are new since the last scan, in reading order. */
  rescan(): Promise<string[]>;
}

/**
 * Expands `patterns` (`-` is kept as is: standard input). Literal paths are
 * kept even when missing, so they can be waited for; a glob that matches
 * nothing yet is simply empty until `rescan` finds something.
 */
export async function expandPatterns(
  patterns: readonly string[],
  cwd: string = process.cwd(),
): Promise<PathSet> {
  const seen = new Set<string>();
  const ordered: string[] = [];
  async function scan(): Promise<string[]> {
    const fresh: string[] = [];
    for (const pattern of patterns) {
      const found = isGlob(pattern) ? orderForReading(await matches(pattern, cwd)) : [pattern];
      for (const path of found) {
        if (seen.has(path)) continue;
        seen.add(path);
        fresh.push(path);
      }
    }
    ordered.push(...fresh);
    return fresh;
  }
  await scan();
  return { paths: () => [...ordered], rescan: scan };
}
