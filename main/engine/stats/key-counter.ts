import { HyperLogLog } from './hyperloglog';

/** One row of a top list. */
export interface KeyCount {
  key: string;
  count: number;
}

/**
 * Counts occurrences per key with bounded memory. Exact while the number of
 * distinct keys stays at or below `2 × capacity`; past that it prunes back to
 * the `capacity` largest keys (a lossy-counting top-k: heavy hitters survive,
 * counts of survivors stay exact from then on, new keys start from zero) and
 * switches distinct counting to HyperLogLog. Pruning sorts, so its cost is
 * amortised over `capacity` insertions.
 */
export class KeyCounter {
  private counts = new Map<string, number>();
  private hll: HyperLogLog | null = null;
  /** True once any key was dropped: top lists are approximate from then on. */
  pruned = false;
  private distinctOverride: number | null = null;

  /**
   * @param capacity keys kept after a prune (exact up to twice this many)
   * @param ownKeys copy new keys: a key sliced from a line keeps the whole
   *   decoded chunk alive in V8, which matters for long-lived counters only
   */
  constructor(
    readonly capacity: number,
    private readonly ownKeys = true,
  ) {}

  add(key: string, n = 1): void {
    const c = this.counts.get(key);
    if (c !== undefined) {
      this.counts.set(key, c + n);
      return;
    }
    const own = this.ownKeys ? (' ' + key).slice(1) : key;
    this.counts.set(own, n);
    if (this.hll) this.hll.add(own);
    if (this.counts.size > 2 * this.capacity) this.prune();
  }

  /** Add every count (and every distinct key) of `other` into this counter. */
  merge(other: KeyCounter): void {
    if (other.hll || this.hll) {
      this.ensureHll();
      if (other.hll) this.hll!.merge(other.hll);
      else for (const k of other.counts.keys()) this.hll!.add(k);
    }
    for (const [k, n] of other.counts) this.add(k, n);
    if (other.pruned) this.pruned = true;
  }

  /**
   * Take away the counts of `other` (a second leaving the window). Keys this
   * counter no longer holds are skipped: after a prune, counts are approximate.
   */
  subtract(other: KeyCounter): void {
    for (const [k, n] of other.counts) {
      const c = this.counts.get(k);
      if (c === undefined) continue;
      if (c > n) this.counts.set(k, c - n);
      else this.counts.delete(k);
    }
  }

  /** Distinct keys seen: exact until the first prune, then an estimate. */
  distinct(): number {
    if (this.distinctOverride !== null) return this.distinctOverride;
    return this.hll ? Math.max(this.hll.estimate(), this.counts.size) : this.counts.size;
  }

  /** Add every distinct key seen to `hll`. */
  addKeysTo(hll: HyperLogLog): void {
    if (this.hll) hll.merge(this.hll);
    else for (const k of this.counts.keys()) hll.add(k);
  }

  /** Set the distinct count from outside (a window whose own estimate cannot forget keys). */
  overrideDistinct(n: number): void {
    this.distinctOverride = n;
  }

  /** The `n` largest counts, largest first; ties by key so output is stable. */
  top(n: number): KeyCount[] {
    // Only entries at or above the n-th largest count can make the list: find that
    // count with a numeric sort (fast on a typed array), then sort the few candidates.
    const floor = nthLargest(this.counts.values(), this.counts.size, n);
    const rows: KeyCount[] = [];
    for (const [key, count] of this.counts) if (count >= floor) rows.push({ key, count });
    rows.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return rows.slice(0, n);
  }

  get size(): number {
    return this.counts.size;
  }

  private ensureHll(): void {
    if (this.hll) return;
    this.hll = new HyperLogLog();
    for (const k of this.counts.keys()) this.hll.add(k);
  }

  private prune(): void {
    this.ensureHll();
    const floor = nthLargest(this.counts.values(), this.counts.size, this.capacity);
    // Keep the counts above the floor, then fill up to capacity with ties at the floor.
    const kept = new Map<string, number>();
    for (const [k, c] of this.counts) if (c > floor) kept.set(k, c);
    for (const [k, c] of this.counts) {
      if (kept.size >= this.capacity) break;
      if (c === floor) kept.set(k, c);
    }
    this.counts = kept;
    this.pruned = true;
  }
}

/** The n-th largest of `size` values (the smallest value when n >= size). */
function nthLargest(values: Iterable<number>, size: number, n: number): number {
  if (size === 0) return 0;
  const arr = new Float64Array(size);
  let i = 0;
  for (const v of values) arr[i++] = v;
  arr.sort();
  return arr[Math.max(0, size - n)]!;
}
