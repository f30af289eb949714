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

  constructor(readonly capacity: number) {}

  add(key: string, n = 1): void {
    const c = this.counts.get(key);
    if (c !== undefined) {
      this.counts.set(key, c + n);
      return;
    }
    this.counts.set(key, n);
    if (this.hll) this.hll.add(key);
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

  /** Distinct keys seen: exact until the first prune, then an estimate. */
  distinct(): number {
    return this.hll ? Math.max(this.hll.estimate(), this.counts.size) : this.counts.size;
  }

  /** The `n` largest counts, largest first; ties by key so output is stable. */
  top(n: number): KeyCount[] {
    const rows: KeyCount[] = [];
    for (const [key, count] of this.counts) rows.push({ key, count });
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
    const keep = this.top(this.capacity);
    this.counts = new Map(keep.map((r) => [r.key, r.count]));
    this.pruned = true;
  }
}
