/**
 * Exact per-minute counts of each breakdown, and their top 50 as a
 * TopSummary. Counting is one map lookup per key and second; the top 50 are
 * picked in one pass, because the current minute's row is made every second.
 */
import { merge, truncate, type TopEntry, type TopSummary } from './top-summary';

/** Keys kept per breakdown in a minute's row. */
export const MINUTE_TOP = 50;
/** Distinct keys counted exactly per breakdown and minute; later new keys only raise the error bound. */
export const MINUTE_KEY_CAP = 20_000;

/** A count: an object, so adding to a known key is one lookup. */
export interface Count {
  key: string;
  n: number;
}

/** Ranks larger counts first, ties by key (so the cut at the 50th place is stable). */
const before = (a: Count, b: Count) => b.n - a.n || (a.key < b.key ? -1 : 1);

/**
 * The top 50 of `counts` (which hold `hits` hits but for `overflow` hits of
 * keys not counted), merged with a resumed row's `prior`. `missed`: what each
 * count may lack.
 */
export function topSummary(
  counts: Iterable<Count>,
  hits: number,
  overflow: number,
  prior: TopSummary | null,
  missed = 0,
): TopSummary {
  const top: Count[] = [];
  const all = prior ? new Map<string, TopEntry>() : null;
  let restMax = 0;
  let listed = 0;
  for (const c of counts) {
    listed += c.n;
    all?.set(c.key, { hits: c.n, missed });
    if (top.length === MINUTE_TOP) {
      if (before(c, top[MINUTE_TOP - 1]!) > 0) {
        restMax = Math.max(restMax, c.n);
        continue;
      }
      restMax = Math.max(restMax, top.pop()!.n);
    }
    let i = top.length;
    while (i > 0 && before(c, top[i - 1]!) < 0) i--;
    top.splice(i, 0, c);
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
  private readonly counts = new Map<string, Count>();
  private overflow = 0;

  add(key: string, n: number): void {
    const c = this.counts.get(key);
    if (c !== undefined) c.n += n;
    else if (this.counts.size < MINUTE_KEY_CAP) this.counts.set(key, { key, n });
    else this.overflow += n;
  }

  /** Count one second's keys (a status code is counted under its decimal string). */
  addAll(keys: ReadonlyArray<readonly [string | number, number]>): void {
    for (let i = 0; i < keys.length; i++) {
      const e = keys[i]!;
      this.add(typeof e[0] === 'string' ? e[0] : String(e[0]), e[1]);
    }
  }

  summary(hits: number, prior: TopSummary | null): TopSummary {
    return topSummary(this.counts.values(), hits, this.overflow, prior);
  }
}
