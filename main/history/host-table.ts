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
 * another recorder's tag) is found by its record's tag; else, while the
 * engine has made one record per host, it is new (no name is looked up);
 * else it is found by name. Hosts that share a kept key (an anonymized
 * /24...) are summed when the row is made, and the group is named only if
 * it is listed.
 */
import type { KeyCounts, KeyRef, KeySpace } from '../engine/api';
import { IntIndex } from '../common/int-index';
import { topSummary } from './key-counter';
import type { TopSummary } from './top-summary';

/** Whether the top hosts are kept, and what hosts are mapped to first (anonymized). */
export interface HostKeeping {
  keep: boolean;
  map?: (host: string) => string;
  /**
   * With `map`: a number standing for what `map` would give (hosts with one
   * number map alike), or -1 when `map` must be asked. A group found by its
   * number is named only if it is listed.
   */
  quick?: (host: string) => number;
}

/** Hosts remembered; beyond this, a minute's new hosts only raise error bounds. */
export const HOST_SLOTS = 50_000;
/** Hosts the table has room for at first (it grows: HostTable.reserve). */
const MIN_CAPACITY = 1024;

/**
 * The tags of one table generation are `base + number`, with `base` a
 * multiple of TAG_SPAN (> HOST_SLOTS) of its own: a tag left by another
 * table, or by this one before it was emptied, is out of range.
 */
const TAG_SPAN = 65_536;
/** Table generations made in this process (tag 0, "none", is in no range). */
let generations = 0;

/**
 * How a list's hosts without a valid tag are numbered: `fresh`, a KeyRef
 * new to the table is a new host (its space made one KeyRef per host and
 * this table tags them all); `byName`, looked up by name, then tagged;
 * `guest`, looked up by name and never tagged (another table tags that
 * space's KeyRefs).
 */
type Numbering = 'fresh' | 'byName' | 'guest';

/** The hosts seen lately, across minutes. */
export class HostTable {
  /** Host numbers by name; null while every host comes from the one `trusted` space. */
  private numbers: Map<string, number> | null = null;
  /** The space whose KeyRefs this generation has numbered without names. */
  private trusted: KeySpace | null = null;
  /** By number: the host, its hits in the current minute, and its group's number (anonymized). */
  readonly names: string[] = [];
  counts = new Int32Array(MIN_CAPACITY);
  groupOf = new Int32Array(MIN_CAPACITY);
  private readonly groupNumbers = new Map<string, number>();
  private readonly quickGroups = new IntIndex(HOST_SLOTS);
  /** By group number: its name once asked for, and a host of it to name it by. */
  private readonly groupNames: (string | undefined)[] = [];
  private readonly groupHost: number[] = [];
  /** Hits by group number while a row is summed (all 0 between rows). */
  groupCounts = new Int32Array(MIN_CAPACITY);
  /** The counts a row is picked from, in the order of its list (reused: no garbage per row). */
  rowCounts = new Int32Array(MIN_CAPACITY);
  /** The current minute's hosts (numbers), then its groups while a row is made: see MinuteHosts. */
  touched = new Int32Array(MIN_CAPACITY);
  rowGroups = new Int32Array(MIN_CAPACITY);
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
      this.numbers = null;
      this.trusted = null;
      this.names.length = 0;
      this.groupNumbers.clear();
      this.quickGroups.clear();
      this.groupNames.length = 0;
      this.groupHost.length = 0;
      this.base = ++generations * TAG_SPAN;
    }
    const keeping = this.keeping;
    this.current = new MinuteHosts(this, keeping.keep, Boolean(keeping.map));
    return this.current;
  }

  /**
   * Room in the arrays above (all indexed by a host number, or a position
   * among hosts) for `more` new hosts: they grow by doubling up to
   * HOST_SLOTS, so a small log's table stays small.
   */
  reserve(more: number): void {
    const need = Math.min(HOST_SLOTS, this.names.length + more);
    const have = this.counts.length;
    if (need <= have) return;
    const size = Math.min(HOST_SLOTS, Math.max(need, 2 * have));
    const grown = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.counts = grown(this.counts);
    this.groupOf = grown(this.groupOf);
    this.groupCounts = grown(this.groupCounts);
    this.rowCounts = grown(this.rowCounts);
    this.touched = grown(this.touched);
    this.rowGroups = grown(this.rowGroups);
  }

  /** The number a valid tag stands for, else -1. */
  numberIn(tag: number): number {
    const k = tag - this.base;
    return k >= 0 && k < TAG_SPAN ? k : -1;
  }

  /**
   * How the hosts of a list from `space` are numbered. A host may be taken
   * for new by its KeyRef alone while the generation has seen only this
   * space, from its start, and the space has made one KeyRef per host;
   * else, until the table is emptied, hosts are found by name.
   */
  numbering(space: KeySpace | undefined): Numbering {
    if (space) space.tagOwner ??= this;
    const tags = !space || space.tagOwner === this;
    if (this.numbers === null && tags && space && !space.approximate) {
      if (space === this.trusted) return 'fresh';
      if (this.trusted === null && this.names.length === 0) {
        this.trusted = space;
        return 'fresh';
      }
    }
    if (this.numbers === null) {
      this.numbers = new Map();
      this.names.forEach((name, k) => this.numbers!.set(name, k));
    }
    return tags ? 'byName' : 'guest';
  }

  /** Let another table tag the trusted space's KeyRefs (this one is done recording). */
  release(): void {
    if (this.trusted?.tagOwner === this) this.trusted.tagOwner = null;
  }

  /**
   * The number of a host with no valid tag in its second's list, found or
   * made (see `numbering`); -1 when the table is full.
   */
  untagged(host: KeyRef<string>, numbering: Numbering): number {
    // Tagged after the second was counted (its tag in the list is older).
    const t = host.tag - this.base;
    if (t >= 0 && t < TAG_SPAN) return t;
    let k = numbering === 'fresh' ? undefined : this.numbers!.get(host.key);
    if (k === undefined) {
      if (this.names.length >= HOST_SLOTS) return -1;
      k = this.names.length;
      this.names.push(host.key);
      this.numbers?.set(host.key, k);
      if (this.keeping.map) this.groupOf[k] = this.group(k);
    }
    if (numbering !== 'guest') host.tag = this.base + k;
    return k;
  }

  /** The name of group `g` (what its hosts are kept as). */
  groupName(g: number): string {
    return (this.groupNames[g] ??= this.keeping.map!(this.names[this.groupHost[g]!]!));
  }

  /** The group number of host `k`, found or made. */
  private group(k: number): number {
    const { map, quick } = this.keeping;
    const host = this.names[k]!;
    const q = quick ? quick(host) : -1;
    let g = q < 0 ? (this.groupNumbers.get(map!(host)) ?? -1) : this.quickGroups.get(q);
    if (g < 0) {
      g = this.groupHost.length;
      this.groupHost.push(k);
      this.groupNames.push(undefined);
      if (q < 0) this.groupNumbers.set(this.groupName(g), g);
      else this.quickGroups.set(q, g);
    }
    return g;
  }
}

/** One minute's hosts: distinct hosts as logged, and the top of what is kept. */
export class MinuteHosts {
  /** Hosts counted this minute (their counts are above 0): the first `size` of the table's `touched`. */
  private size = 0;
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
    // Room for every host of the list first: the arrays are not replaced during the loop.
    table.reserve(hosts.n);
    const counts = table.counts;
    const touched = table.touched;
    const tags = hosts.tags;
    const numbering = table.numbering(hosts.space);
    let size = this.size;
    for (let i = 0; i < hosts.n; i++) {
      let k = table.numberIn(tags[i]!);
      if (k < 0) k = table.untagged(hosts.keys[i]!, numbering);
      const n = hosts.hits[i]!;
      if (k < 0) this.pastCap += n;
      else if (n > 0) {
        if (counts[k] === 0) touched[size++] = k;
        counts[k]! += n;
      }
    }
    this.size = size;
  }

  /** The table's counts go back to 0 for the next minute. */
  end(): void {
    const { counts, touched } = this.table;
    for (let i = 0; i < this.size; i++) counts[touched[i]!] = 0;
  }

  /** Distinct hosts as logged (those the table had room for). */
  get distinct(): number {
    return this.size;
  }

  /**
   * The top hosts, or null when hosts are not kept. A group (a /24...) may
   * lack hits of its hosts the table had no room for.
   */
  summary(hits: number, prior: TopSummary | null): TopSummary | null {
    if (!this.keep) return null;
    const t = this.table;
    const touched = t.touched;
    const size = this.size;
    const counts = t.rowCounts;
    if (!this.grouped) {
      for (let i = 0; i < size; i++) counts[i] = t.counts[touched[i]!]!;
      const names = t.names;
      const keyOf = (i: number) => names[touched[i]!]!;
      return topSummary(counts, size, keyOf, hits, this.pastCap, prior);
    }
    const sums = t.groupCounts;
    const groups = t.rowGroups;
    let n = 0;
    for (let i = 0; i < size; i++) {
      const k = touched[i]!;
      const g = t.groupOf[k]!;
      if (sums[g] === 0) groups[n++] = g;
      sums[g]! += t.counts[k]!;
    }
    for (let i = 0; i < n; i++) {
      counts[i] = sums[groups[i]!]!;
      sums[groups[i]!] = 0;
    }
    const keyOf = (i: number) => t.groupName(groups[i]!);
    return topSummary(counts, n, keyOf, hits, this.pastCap, prior, this.pastCap);
  }
}
