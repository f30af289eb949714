import { hash32, HyperLogLog } from './hyperloglog';
import type { KeyRef, KeySpace } from './key-counts';

/** Bits of the flood-mode doorkeeper (128 KiB), far more than 4 × the largest capacity. */
const DOORKEEPER_BITS = 1 << 20;

/** One key's counts in the three spans the engine reports. */
export interface KeyRecord<K extends string | number> extends KeyRef<K> {
  total: number;
  /** Count in the interval numbered `epoch` (stale when the table's epoch moved on). */
  interval: number;
  epoch: number;
  window: number;
  /** The second and the index of this key's entry in that second's list (to coalesce). */
  sec: number;
  slot: number;
  /** Dropped from its table (a cache holding it must look the key up again). */
  evicted: boolean;
  /**
   * Sections only: its requests by status class while it has its own `/metrics` series
   * (see section-classes.ts), else null.
   */
  classes: number[] | null;
}

/** Which span a top list is for. */
export type Span = 'total' | 'interval' | 'window';

/**
 * Counts per key (section, host, method, status code) for since start, the
 * current interval and the alert window, with one Map lookup per hit. Memory
 * is bounded: past `capacity` keys, keys that are in neither the window nor
 * the interval are evicted, least counted first (the since-start top list is
 * then approximate, and distinct keys come from a HyperLogLog); past twice
 * that, new keys are counted in the totals only. Ordinary traffic stays exact.
 *
 * Once approximate, a new key enters the table only when it is seen a second
 * time (a one-bit-per-slot doorkeeper, as in TinyLFU): a flood of one-off
 * keys then costs no records to create and evict, and a key that keeps
 * coming back still gets in. The doorkeeper forgets every few capacities of
 * new keys, so it never fills up.
 */
export class KeyTable<K extends string | number> implements KeySpace {
  private records = new Map<K, KeyRecord<K>>();
  private readonly hll = new HyperLogLog();
  private epoch = 0;
  private cooldown = 0;
  private doorkeeper: Uint32Array | null = null;
  private doorkeeperAdds = 0;
  /** True once any key was evicted or refused. */
  approximate = false;
  /** The history recorder that tags this table's records (KeySpace). */
  tagOwner: object | null = null;
  windowDistinct = 0;
  intervalDistinct = 0;

  constructor(readonly capacity: number) {}

  /**
   * The record of `key`, created if needed; null when the table is full (a
   * flood). `owned`: the key is a string of its own, not a slice of a line
   * (which would keep the line's whole chunk alive), so it needs no copy.
   */
  touch(key: K, owned = false): KeyRecord<K> | null {
    const found = this.records.get(key);
    if (found) return found;
    if (this.approximate && !this.seenBefore(key)) return null;
    if (this.records.size >= 2 * this.capacity) {
      // Evicting scans every key: after one that freed too little, wait before the next.
      if (this.cooldown-- <= 0) {
        this.evict();
        if (this.records.size > 1.75 * this.capacity) this.cooldown = this.capacity / 4;
      }
      if (this.records.size >= 2 * this.capacity) {
        this.approximate = true;
        this.hll.add(String(key));
        return null;
      }
    }
    // A key sliced from a line keeps the whole decoded chunk alive in V8: store a copy.
    const own = (typeof key === 'string' && !owned ? (' ' + key).slice(1) : key) as K;
    const rec: KeyRecord<K> = {
      key: own,
      total: 0,
      interval: 0,
      epoch: this.epoch,
      window: 0,
      sec: NaN,
      slot: 0,
      evicted: false,
      classes: null,
      tag: 0,
    };
    this.records.set(own, rec);
    this.hll.add(String(own));
    return rec;
  }

  /** Flood mode: true when `key` was offered before (then it may enter); false the first time. */
  private seenBefore(key: K): boolean {
    const h = hash32(String(key));
    this.hll.addHash(h);
    const bits = (this.doorkeeper ??= new Uint32Array(DOORKEEPER_BITS / 32));
    const bit = h & (DOORKEEPER_BITS - 1);
    const word = bit >>> 5;
    const mask = 1 << (bit & 31);
    if (bits[word]! & mask) return true;
    bits[word]! |= mask;
    if (++this.doorkeeperAdds >= 4 * this.capacity) {
      bits.fill(0);
      this.doorkeeperAdds = 0;
    }
    return false;
  }

  /** Count a hit (`n` hits) in the totals and the current interval. */
  count(rec: KeyRecord<K>, n = 1): void {
    rec.total += n;
    if (rec.epoch !== this.epoch) {
      rec.epoch = this.epoch;
      rec.interval = 0;
    }
    if (rec.interval === 0) this.intervalDistinct++;
    rec.interval += n;
  }

  /** One more hit of `rec` in the window. */
  enterWindow(rec: KeyRecord<K>): void {
    if (rec.window++ === 0) this.windowDistinct++;
  }

  /** Move `n` hits of `rec` into (n > 0) or out of (n < 0) the window. */
  window(rec: KeyRecord<K>, n: number): void {
    const before = rec.window;
    rec.window += n;
    if (before === 0 && rec.window > 0) this.windowDistinct++;
    else if (before > 0 && rec.window === 0) this.windowDistinct--;
  }

  /** A new interval starts: interval counts restart from zero. */
  nextInterval(): void {
    this.epoch++;
    this.intervalDistinct = 0;
  }

  /** Distinct keys since start: exact until the first eviction, then estimated. */
  totalDistinct(): number {
    return this.approximate ? Math.max(this.hll.estimate(), this.records.size) : this.records.size;
  }

  /** The `n` largest counts for a span, largest first; ties by key so output is stable. */
  top(span: Span, n: number): { key: K; count: number }[] {
    return this.tops(n)[span];
  }

  /** The top lists of all three spans in one pass over the keys. */
  tops(n: number): Record<Span, { key: K; count: number }[]> {
    const total = new TopList<K>(n);
    const interval = new TopList<K>(n);
    const window = new TopList<K>(n);
    for (const rec of this.records.values()) {
      total.offer(rec.key, rec.total);
      if (rec.window > 0) window.offer(rec.key, rec.window);
      if (rec.epoch === this.epoch && rec.interval > 0) interval.offer(rec.key, rec.interval);
    }
    return { total: total.rows(), interval: interval.rows(), window: window.rows() };
  }

  get size(): number {
    return this.records.size;
  }

  /** Drop the least counted keys that are in neither the window nor the interval, down to capacity. */
  private evict(): void {
    const idle: KeyRecord<K>[] = [];
    for (const rec of this.records.values()) {
      if (rec.window === 0 && (rec.epoch !== this.epoch || rec.interval === 0)) idle.push(rec);
    }
    const excess = this.records.size - this.capacity;
    if (idle.length === 0 || excess <= 0) return;
    idle.sort((a, b) => a.total - b.total);
    for (let i = 0; i < Math.min(excess, idle.length); i++) {
      idle[i]!.evicted = true;
      this.records.delete(idle[i]!.key);
    }
    this.approximate = true;
  }
}

/** Collects the n largest (count, key) pairs offered, largest count first, ties by key. */
class TopList<K extends string | number> {
  private list: { key: K; count: number }[] = [];
  private floor = 0;
  private floorKey: K | null = null;

  constructor(private readonly n: number) {}

  offer(key: K, count: number): void {
    if (count <= 0) return;
    // Once full, only a larger count, or an equal one with a smaller key, can enter.
    if (
      this.floorKey !== null &&
      (count < this.floor || (count === this.floor && key >= this.floorKey))
    )
      return;
    this.list.push({ key, count });
    if (this.list.length >= 4 * this.n) this.cut();
  }

  rows(): { key: K; count: number }[] {
    this.cut();
    return this.list;
  }

  private cut(): void {
    this.list.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (this.list.length >= this.n) {
      this.list.length = this.n;
      const last = this.list[this.n - 1]!;
      this.floor = last.count;
      this.floorKey = last.key;
    }
  }
}
