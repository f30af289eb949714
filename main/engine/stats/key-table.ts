import { HyperLogLog } from './hyperloglog';

/** One key's counts in the three spans the engine reports. */
export interface KeyRecord<K> {
  readonly key: K;
  total: number;
  /** Count in the interval numbered `epoch` (stale when the table's epoch moved on). */
  interval: number;
  epoch: number;
  window: number;
  /** The second and the index of this key's entry in that second's list (to coalesce). */
  sec: number;
  slot: number;
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
 */
export class KeyTable<K extends string | number> {
  private records = new Map<K, KeyRecord<K>>();
  private readonly hll = new HyperLogLog();
  private epoch = 0;
  private cooldown = 0;
  /** True once any key was evicted or refused. */
  approximate = false;
  windowDistinct = 0;
  intervalDistinct = 0;

  constructor(readonly capacity: number) {}

  /** The record of `key`, created if needed; null when the table is full (a flood). */
  touch(key: K): KeyRecord<K> | null {
    const found = this.records.get(key);
    if (found) return found;
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
    const own = (typeof key === 'string' ? (' ' + key).slice(1) : key) as K;
    const rec: KeyRecord<K> = {
      key: own,
      total: 0,
      interval: 0,
      epoch: this.epoch,
      window: 0,
      sec: NaN,
      slot: 0,
    };
    this.records.set(own, rec);
    this.hll.add(String(own));
    return rec;
  }

  /** Count a hit in the totals and the current interval. */
  count(rec: KeyRecord<K>): void {
    rec.total++;
    if (rec.epoch !== this.epoch) {
      rec.epoch = this.epoch;
      rec.interval = 0;
    }
    if (rec.interval++ === 0) this.intervalDistinct++;
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
    const rows: { key: K; count: number }[] = [];
    let floor = 0;
    for (const rec of this.records.values()) {
      const c =
        span === 'total'
          ? rec.total
          : span === 'window'
            ? rec.window
            : rec.epoch === this.epoch
              ? rec.interval
              : 0;
      if (c <= 0 || (rows.length >= n && c < floor)) continue;
      rows.push({ key: rec.key, count: c });
      if (rows.length >= 4 * n) {
        // Keep the candidate list short: sort, cut to n, raise the floor.
        sortRows(rows);
        rows.length = n;
        floor = rows[n - 1]!.count;
      }
    }
    sortRows(rows);
    return rows.slice(0, n);
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
    for (let i = 0; i < Math.min(excess, idle.length); i++) this.records.delete(idle[i]!.key);
    this.approximate = true;
  }
}

function sortRows<K extends string | number>(rows: { key: K; count: number }[]): void {
  rows.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
