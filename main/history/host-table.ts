/**
 * Client hosts per minute at one map lookup per host and second. Hosts come
 * back second after second, so the table keeps each host's slot across
 * minutes: what the host is kept as, and its count in the minute that last
 * saw it (the count lives in the slot: no second object to reach). Hosts that
 * share a kept key (an anonymized /24...) are summed when the row is made.
 */
import { topSummary, type Count } from './key-counter';
import type { TopSummary } from './top-summary';

/** Whether the top hosts are kept, and what hosts are mapped to first (anonymized). */
export interface HostKeeping {
  keep: boolean;
  map?: (host: string) => string;
}

/** Hosts remembered; beyond this, a minute's new hosts only raise error bounds. */
export const HOST_SLOTS = 50_000;

/** What several hosts are kept as; `owner` marks the row being summed. */
interface Group extends Count {
  owner: object | null;
}

/** A host as logged: its count in the minute `owner`, and what it is kept as. */
interface Slot extends Count {
  owner: MinuteHosts | null;
  group: Group | null;
}

/** The hosts seen lately, across minutes. */
export class HostTable {
  private readonly slots = new Map<string, Slot>();
  private readonly groups = new Map<string, Group>();

  constructor(private readonly keeping: HostKeeping) {}

  /** The hosts of a new minute; the table is emptied between minutes when half full. */
  minute(): MinuteHosts {
    if (this.slots.size > HOST_SLOTS / 2) {
      this.slots.clear();
      this.groups.clear();
    }
    return new MinuteHosts(this, this.keeping.keep, Boolean(this.keeping.map));
  }

  /** The slot of `host`, made on first sight; null when the table is full. */
  slot(host: string): Slot | null {
    const s = this.slots.get(host);
    return s !== undefined ? s : this.newSlot(host);
  }

  /** Taken out of `slot` so the lookup of a known host stays small enough to inline. */
  private newSlot(host: string): Slot | null {
    if (this.slots.size >= HOST_SLOTS) return null;
    const map = this.keeping.map;
    const s: Slot = { key: host, n: 0, owner: null, group: map ? this.group(map(host)) : null };
    this.slots.set(host, s);
    return s;
  }

  private group(key: string): Group {
    let g = this.groups.get(key);
    if (g === undefined) {
      g = { key, n: 0, owner: null };
      this.groups.set(key, g);
    }
    return g;
  }
}

/** One minute's hosts: distinct hosts as logged, and the top of what is kept. */
export class MinuteHosts {
  private readonly touched: Slot[] = [];
  /** Hits of hosts the table had no room for. */
  private pastCap = 0;

  constructor(
    private readonly table: HostTable,
    private readonly keep: boolean,
    private readonly grouped: boolean,
  ) {}

  /** Count one second's hosts (the per-line hot path of recording: one map lookup per host). */
  addAll(hosts: ReadonlyArray<readonly [string, number]>): void {
    const table = this.table;
    const touched = this.touched;
    for (let i = 0; i < hosts.length; i++) {
      const e = hosts[i]!;
      const s = table.slot(e[0]);
      if (s === null) {
        this.pastCap += e[1];
        continue;
      }
      if (s.owner !== this) {
        s.owner = this;
        s.n = 0;
        touched.push(s);
      }
      s.n += e[1];
    }
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
    if (!this.grouped) return topSummary(this.touched, hits, this.pastCap, prior);
    const row = {};
    const groups: Group[] = [];
    for (const s of this.touched) {
      const g = s.group!;
      if (g.owner !== row) {
        g.owner = row;
        g.n = 0;
        groups.push(g);
      }
      g.n += s.n;
    }
    return topSummary(groups, hits, this.pastCap, prior, this.pastCap);
  }
}
