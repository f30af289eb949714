/**
 * Client hosts per minute at one map lookup per host and second. Hosts come
 * back second after second, so the table keeps, across minutes, each host's
 * slot: what it is kept as (its group: itself, its anonymized form, or none)
 * and the minute that last saw it. A group's count belongs to the minute
 * that owns it; counting needs no map of its own.
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

interface Group extends Count {
  owner: MinuteHosts | null;
}

interface Slot {
  group: Group | null;
  owner: MinuteHosts | null;
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

  /** The slot of `host`; null when the table is full. */
  slot(host: string): Slot | null {
    let s = this.slots.get(host);
    if (s === undefined) {
      if (this.slots.size >= HOST_SLOTS) return null;
      s = { group: this.keeping.keep ? this.group(host) : null, owner: null };
      this.slots.set(host, s);
    }
    return s;
  }

  private group(host: string): Group {
    const key = this.keeping.map ? this.keeping.map(host) : host;
    let g = this.groups.get(key);
    if (g === undefined) {
      g = { key, n: 0, owner: null };
      this.groups.set(key, g);
    }
    return g;
  }
}

/** One minute's hosts: distinct hosts as logged, and the counts of what is kept. */
export class MinuteHosts {
  private readonly touched: Group[] = [];
  /** Distinct hosts as logged (those the table had room for). */
  distinct = 0;
  /** Hits of hosts the table had no room for. */
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
      return;
    }
    if (s.owner !== this) {
      s.owner = this;
      this.distinct++;
      const g = s.group;
      if (g && g.owner !== this) {
        g.owner = this;
        g.n = 0;
        this.touched.push(g);
      }
    }
    if (s.group) s.group.n += n;
  }

  /**
   * The top hosts, or null when hosts are not kept. A group (a /24...) may
   * lack hits of its hosts the table had no room for.
   */
  summary(hits: number, prior: TopSummary | null): TopSummary | null {
    if (!this.keep) return null;
    const missed = this.grouped ? this.pastCap : 0;
    return topSummary(this.touched, hits, this.pastCap, prior, missed);
  }
}
