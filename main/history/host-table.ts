/**
 * Client hosts per minute at no map lookup per host and second. The table
 * numbers each host it remembers (across minutes) and keeps, by number, its
 * count in the current minute and what it is kept as, in typed arrays. The
 * number goes back to the engine as the tag of the host's record (KeyRef),
 * and the engine copies it into each second's list as it counts the second:
 * a host seen before is counted by adding into one Int32Array, reading
 * neither its record nor its name (a window after the engine last touched
 * them, those reads miss the caches). A host with no valid tag in the list
 * (counted before it was numbered, a new record, a table emptied since,
 * another recorder's tag) is found by its record's tag, else by name. Hosts
 * that share a kept key (an anonymized /24...) are summed when the row is
 * made.
 */
import type { KeyCounts, KeyRef } from '../engine/api';
import { topSummary } from './key-counter';
import type { TopSummary } from './top-summary';

/** Whether the top hosts are kept, and what hosts are mapped to first (anonymized). */
export interface HostKeeping {
  keep: boolean;
  map?: (host: string) => string;
}

/** Hosts remembered; beyond this, a minute's new hosts only raise error bounds. */
export const HOST_SLOTS = 50_000;

/**
 * The tags of one table generation are `base + number`, with `base` a
 * multiple of TAG_SPAN (> HOST_SLOTS) of its own: a tag left by another
 * table, or by this one before it was emptied, is out of range.
 */
const TAG_SPAN = 65_536;
/** Table generations made in this process (tag 0, "none", is in no range). */
let generations = 0;

/** The hosts seen lately, across minutes. */
export class HostTable {
  private readonly numbers = new Map<string, number>();
  /** By number: the host, its hits in the current minute, and its group's number (anonymized). */
  readonly names: string[] = [];
  readonly counts = new Int32Array(HOST_SLOTS);
  readonly groupOf = new Int32Array(HOST_SLOTS);
  private readonly groupNumbers = new Map<string, number>();
  readonly groupNames: string[] = [];
  /** Hits by group number while a row is summed (all 0 between rows). */
  readonly groupCounts = new Int32Array(HOST_SLOTS);
  /** The counts a row is picked from, in the order of its list (reused: no garbage per row). */
  readonly rowCounts = new Int32Array(HOST_SLOTS);
  private base = ++generations * TAG_SPAN;
  private current: MinuteHosts | null = null;

  constructor(private readonly keeping: HostKeeping) {}

  /**
   * The hosts of a new minute, which ends the last one (one minute at a
   * time); the table is emptied between minutes when half full.
   */
  minute(): MinuteHosts {
    this.current?.end();
    if (this.names.length > HOST_SLOTS / 2) {
      this.numbers.clear();
      this.names.length = 0;
      this.groupNumbers.clear();
      this.groupNames.length = 0;
      this.base = ++generations * TAG_SPAN;
    }
    const keeping = this.keeping;
    this.current = new MinuteHosts(this, keeping.keep, Boolean(keeping.map));
    return this.current;
  }

  /** The number a valid tag stands for, else -1. */
  numberIn(tag: number): number {
    const k = tag - this.base;
    return k >= 0 && k < TAG_SPAN ? k : -1;
  }

  /** The number of a host with no valid tag in its second's list, found or made; -1 when the table is full. */
  untagged(host: KeyRef<string>): number {
    // Tagged after the second was counted (its tag in the list is older).
    const t = host.tag - this.base;
    if (t >= 0 && t < TAG_SPAN) return t;
    let k = this.numbers.get(host.key);
    if (k === undefined) {
      if (this.names.length >= HOST_SLOTS) return -1;
      k = this.names.length;
      this.names.push(host.key);
      this.numbers.set(host.key, k);
      const map = this.keeping.map;
      if (map) this.groupOf[k] = this.group(map(host.key));
    }
    host.tag = this.base + k;
    return k;
  }

  private group(key: string): number {
    let g = this.groupNumbers.get(key);
    if (g === undefined) {
      g = this.groupNames.length;
      this.groupNames.push(key);
      this.groupNumbers.set(key, g);
    }
    return g;
  }
}

/** One minute's hosts: distinct hosts as logged, and the top of what is kept. */
export class MinuteHosts {
  /** Numbers of the hosts counted this minute (their counts are above 0). */
  private readonly touched: number[] = [];
  /** Hits of hosts the table had no room for. */
  private pastCap = 0;

  constructor(
    private readonly table: HostTable,
    private readonly keep: boolean,
    private readonly grouped: boolean,
  ) {}

  /** Count one second's hosts (the per-line hot path of recording: no lookup for a known host). */
  addAll(hosts: KeyCounts<string>): void {
    const table = this.table;
    const counts = table.counts;
    const touched = this.touched;
    const tags = hosts.tags;
    for (let i = 0; i < hosts.n; i++) {
      let k = table.numberIn(tags[i]!);
      if (k < 0) k = table.untagged(hosts.keys[i]!);
      const n = hosts.hits[i]!;
      if (k < 0) this.pastCap += n;
      else if (n > 0) {
        if (counts[k] === 0) touched.push(k);
        counts[k]! += n;
      }
    }
  }

  /** The table's counts go back to 0 for the next minute. */
  end(): void {
    const counts = this.table.counts;
    for (const k of this.touched) counts[k] = 0;
  }

  /** Distinct hosts as logged (those the table had room for). */
  get distinct(): number {
    return this.touched.length;
  }

  /**
   * The top hosts, or null when hosts are not kept. A group (a /24...) may
   * lack hits of its hosts the table had no room for.
   */
  summary(hits: number, prior: TopSummary | null): TopSummary | null {
    if (!this.keep) return null;
    const t = this.table;
    const touched = this.touched;
    const counts = t.rowCounts;
    if (!this.grouped) {
      for (let i = 0; i < touched.length; i++) counts[i] = t.counts[touched[i]!]!;
      const names = t.names;
      const keyOf = (i: number) => names[touched[i]!]!;
      return topSummary(counts, touched.length, keyOf, hits, this.pastCap, prior);
    }
    const sums = t.groupCounts;
    const groups: number[] = [];
    for (const k of touched) {
      const g = t.groupOf[k]!;
      if (sums[g] === 0) groups.push(g);
      sums[g]! += t.counts[k]!;
    }
    for (let i = 0; i < groups.length; i++) {
      counts[i] = sums[groups[i]!]!;
      sums[groups[i]!] = 0;
    }
    const names = t.groupNames;
    const keyOf = (i: number) => names[groups[i]!]!;
    return topSummary(counts, groups.length, keyOf, hits, this.pastCap, prior, this.pastCap);
  }
}
