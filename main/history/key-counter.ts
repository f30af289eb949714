/**
 * Exact per-minute counts of one breakdown, and their top 50 as a
 * TopSummary. Counting is one map lookup per key and second; the top 50 are
 * picked in one pass, because the current minute's row is made every second.
 */
import { merge, truncate, type TopEntry, type TopSummary } from './top-summary';

/** Keys kept per breakdown in a minute's row. */
export const MINUTE_TOP = 50;
/** Distinct keys counted exactly per breakdown and minute; later new keys only raise the error bound. */
export const MINUTE_KEY_CAP = 20_000;

/** A count: an object, so adding to a known key is one lookup. */
interface Count {
  key: string;
  n: number;
}

/** Ranks larger counts first, ties by key (so the cut at the 50th place is stable). */
const before = (a: Count, b: Count) => b.n - a.n || (a.key < b.key ? -1 : 1);

/** Counts up to MINUTE_KEY_CAP keys; hits of keys beyond go to `overflow`. */
export class KeyCounter {
  private readonly counts = new Map<string, Count>();
  overflow = 0;

  /** The count of `key`, created at zero; null when the cap is reached. */
  entry(key: string): Count | null {
    let c = this.counts.get(key);
    if (c === undefined) {
      if (this.counts.size >= MINUTE_KEY_CAP) return null;
      c = { key, n: 0 };
      this.counts.set(key, c);
    }
    return c;
  }

  add(key: string, n: number): void {
    const c = this.entry(key);
    if (c) c.n += n;
    else this.overflow += n;
  }

  /**
   * The top 50 of the `hits` counted, merged with a resumed row's `prior`.
   * `missed`: what each listed count may lack (hits past a cap upstream).
   */
  summary(hits: number, prior: TopSummary | null, missed = 0): TopSummary {
    const top: Count[] = [];
    let restMax = 0;
    let listed = 0;
    for (const c of this.counts.values()) {
      listed += c.n;
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
    const unseen = Math.max(this.overflow, restMax);
    if (prior) {
      const all = new Map<string, TopEntry>();
      for (const c of this.counts.values()) all.set(c.key, { hits: c.n, missed });
      const now = { entries: all, unseen: this.overflow, other: hits - listed };
      return truncate(merge([prior, now]), MINUTE_TOP);
    }
    const entries = new Map(top.map((c) => [c.key, { hits: c.n, missed }]));
    const kept = top.reduce((sum, c) => sum + c.n, 0);
    return { entries, unseen, other: hits - kept };
  }
}

/** Whether the top hosts are kept, and what hosts are mapped to first (anonymized). */
export interface HostKeeping {
  keep: boolean;
  map?: (host: string) => string;
}

/** Hosts remembered across minutes; beyond this a minute's new hosts only raise error bounds. */
export const HOST_SLOTS = 50_000;

/** A host as logged: what it is kept as, and its count in the minute that last saw it. */
interface Slot {
  key: string | null;
  owner: MinuteHosts | null;
  count: Count | null;
}

/**
 * The hosts seen lately, across minutes. The same clients come back second
 * after second, so a second costs one lookup per host: the host's slot
 * already holds its anonymized key and its count in the current minute.
 */
export class HostTable {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly keeping: HostKeeping) {}

  /** The hosts of a new minute. The table is emptied between minutes when half full. */
  minute(): MinuteHosts {
    if (this.slots.size > HOST_SLOTS / 2) this.slots.clear();
    return new MinuteHosts(this, this.keeping.keep, Boolean(this.keeping.map));
  }

  /** The slot of `host`; null when the table is full. */
  slot(host: string): Slot | null {
    let s = this.slots.get(host);
    if (s === undefined) {
      if (this.slots.size >= HOST_SLOTS) return null;
      const { keep, map } = this.keeping;
      s = { key: keep ? (map ? map(host) : host) : null, owner: null, count: null };
      this.slots.set(host, s);
    }
    return s;
  }
}

/** One minute's hosts: distinct hosts as logged, and the top of what is kept. */
export class MinuteHosts {
  private readonly groups = new KeyCounter();
  /** Distinct hosts as logged (up to what the table holds). */
  distinct = 0;
  /** Hits of hosts the table had no room for: a group's count may lack them. */
  private pastCap = 0;

  constructor(
    private readonly table: HostTable,
    private readonly keep: boolean,
    private readonly grouped: boolean,
  ) {}

  add(host: string, n: number): void {
    const s = this.table.slot(host);
    if (s === null) {
      this.pastCap += n;
      this.groups.overflow += n;
      return;
    }
    if (s.owner !== this) {
      s.owner = this;
      s.count = s.key === null ? null : this.groups.entry(s.key);
      this.distinct++;
    }
    if (s.count) s.count.n += n;
    else this.groups.overflow += n;
  }

  /** The top hosts, or null when hosts are not kept. */
  summary(hits: number, prior: TopSummary | null): TopSummary | null {
    if (!this.keep) return null;
    return this.groups.summary(hits, prior, this.grouped ? this.pastCap : 0);
  }
}
