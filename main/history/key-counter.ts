/**
 * Exact per-minute counts of each breakdown, and their top 50 as a
 * TopSummary. Counting is one map lookup per key and second; the top 50 are
 * picked in one pass, because the current minute's row is made every second.
 */
import type { KeyCounts } from '../engine/api';
import { merge, truncate, type TopEntry, type TopSummary } from './top-summary';

/** Keys kept per breakdown in a minute's row. */
export const MINUTE_TOP = 50;
/** Distinct keys counted exactly per breakdown and minute; later new keys only raise the error bound. */
export const MINUTE_KEY_CAP = 20_000;

/** A count in the top list being picked. */
interface Count {
  key: string;
  n: number;
}

/** Ranks larger counts first, ties by key (so the cut at the 50th place is stable). */
const before = (a: Count, b: Count) => b.n - a.n || (a.key < b.key ? -1 : 1);

/**
 * The top 50 of the first `size` counts, key `i` named by `keyOf(i)` (asked
 * only for a count that may be listed: no string is read for most of a
 * minute's hosts), which hold `hits` hits but for `overflow` hits of keys not
 * counted, merged with a resumed row's `prior`. `missed`: what each count may
 * lack.
 */
export function topSummary(
  counts: ArrayLike<number>,
  size: number,
  keyOf: (i: number) => string,
  hits: number,
  overflow: number,
  prior: TopSummary | null,
  missed = 0,
): TopSummary {
  const top: Count[] = [];
  const all = prior ? new Map<string, TopEntry>() : null;
  let restMax = 0;
  let listed = 0;
  for (let i = 0; i < size; i++) {
    const n = counts[i]!;
    listed += n;
    all?.set(keyOf(i), { hits: n, missed });
    if (top.length === MINUTE_TOP) {
      const last = top[MINUTE_TOP - 1]!;
      // Ranked after the 50th: not listed.
      if (n < last.n || (n === last.n && keyOf(i) >= last.key)) {
        restMax = Math.max(restMax, n);
        continue;
      }
      restMax = Math.max(restMax, top.pop()!.n);
    }
    const c = { key: keyOf(i), n };
    let j = top.length;
    while (j > 0 && before(c, top[j - 1]!) < 0) j--;
    top.splice(j, 0, c);
  }
  if (prior && all)
    return truncate(
      merge([prior, { entries: all, unseen: overflow, other: hits - listed }]),
      MINUTE_TOP,
    );
  const entries = new Map(top.map((c) => [c.key, { hits: c.n, missed }]));
  const kept = top.reduce((sum, c) => sum + c.n, 0);
  return { entries, unseen: Math.max(overflow, restMax), other: hits - kept };
}

/** Counts up to MINUTE_KEY_CAP keys; hits of keys beyond go to `overflow`. */
export class KeyCounter {
  private readonly index = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly counts: number[] = [];
  private overflow = 0;

  add(key: string, n: number): void {
    const i = this.index.get(key);
    if (i !== undefined) this.counts[i]! += n;
    else if (this.keys.length < MINUTE_KEY_CAP) {
      this.index.set(key, this.keys.length);
      this.keys.push(key);
      this.counts.push(n);
    } else this.overflow += n;
  }

  /** Count one second's keys (a status code is counted under its decimal string). */
  addAll(c: KeyCounts<string | number>): void {
    for (let i = 0; i < c.n; i++) {
      const key = c.keys[i]!.key;
      this.add(typeof key === 'string' ? key : String(key), c.hits[i]!);
    }
  }

  summary(hits: number, prior: TopSummary | null): TopSummary {
    const keys = this.keys;
    return topSummary(this.counts, keys.length, (i) => keys[i]!, hits, this.overflow, prior);
  }
}
