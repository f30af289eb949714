import type { Stats } from '../../common/types';
import type { Hit } from '../parse/types';
import { addCounts, countHit, emptyCounts, statusClasses, type Counts } from './counts';
import { ByteKeys } from './byte-keys';
import { KeyTable, type KeyRecord, type Span } from './key-table';
import { SectionClasses } from './section-classes';

/** Rows in each top list of a Stats object. */
export const TOP_N = 10;

/**
 * Per dimension: the keys a second added to the window, and how many times
 * each, in the first `n` places of the arrays (which are reused, with their
 * capacity, by the second that takes the ring slot next).
 */
interface Entries<K extends string | number> {
  recs: KeyRecord<K>[];
  ns: number[];
  n: number;
}

interface Bucket {
  sec: number;
  counts: Counts;
  /** Taken out of the window figures already (the alert evaluation may still read `counts.hits`). */
  expired: boolean;
  sections: Entries<string>;
  hosts: Entries<string>;
  methods: Entries<string>;
  codes: Entries<number>;
}

/** What one second holds: see `TrafficStats.secondDetail`. */
export interface SecondContent {
  counts: Counts;
  status: ReturnType<typeof statusClasses>;
  sections: [string, number][];
  hosts: [string, number][];
  codes: [number, number][];
  methods: [string, number][];
}

const entries = <K extends string | number>(): Entries<K> => ({ recs: [], ns: [], n: 0 });

function addEntry<K extends string | number>(
  table: KeyTable<K>,
  e: Entries<K>,
  rec: KeyRecord<K>,
  sec: number,
  n: number,
): void {
  if (n === 1) table.enterWindow(rec);
  else table.window(rec, n);
  const slot = rec.slot;
  if (rec.sec === sec && slot < e.n && e.recs[slot] === rec) {
    e.ns[slot]! += n;
    return;
  }
  rec.sec = sec;
  rec.slot = e.n;
  e.recs[e.n] = rec;
  e.ns[e.n] = n;
  e.n++;
}

function removeEntries<K extends string | number>(table: KeyTable<K>, e: Entries<K>): void {
  for (let i = 0; i < e.n; i++) table.window(e.recs[i]!, -e.ns[i]!);
}

/**
 * All the summary figures (see docs/reference/json-events.md) for since start, the current interval and
 * the alert window, counted once per hit: per-key counts live in KeyTables,
 * and each second of the window keeps the list of keys it added so that it
 * can take them out again when it leaves the window. Buckets sit in a ring of
 * `window + 2` slots, so memory is bounded by the window whatever the log.
 */
export class TrafficStats {
  // Exact up to twice these many distinct keys (then idle keys are evicted): ordinary
  // traffic stays exact; a flood of distinct hosts peaks under 200 MB (npm run bench).
  readonly sections = new KeyTable<string>(10_000);
  readonly hosts = new KeyTable<string>(25_000);
  readonly methods = new KeyTable<string>(64);
  readonly codes = new KeyTable<number>(1000);
  /** The same tables looked up by the bytes of a key (the common/combined fast path). */
  readonly sectionKeys = new ByteKeys(this.sections, 20_000);
  readonly hostKeys = new ByteKeys(this.hosts, 50_000);
  readonly methodKeys = new ByteKeys(this.methods, 128);
  private readonly codeRecords: (KeyRecord<number> | null)[] = new Array<null>(1000).fill(null);
  /** Since start by section and status class, for /metrics (only grows). */
  readonly sectionClasses = new SectionClasses(TOP_N);
  private totalBase = emptyCounts();
  private interval = emptyCounts();
  private readonly ring: (Bucket | undefined)[];
  private readonly size: number;
  /** Every second up to this one has left the window figures. */
  private expiredThrough = -Infinity;

  constructor(readonly windowSec: number) {
    this.size = windowSec + 2;
    this.ring = new Array<Bucket | undefined>(this.size);
  }

  private index(sec: number): number {
    return ((sec % this.size) + this.size) % this.size;
  }

  private bucket(sec: number): Bucket {
    const i = this.index(sec);
    const b = this.ring[i];
    if (b && b.sec === sec) return b;
    if (b) {
      if (!b.expired) this.expire(b);
      // Reuse the slot's bucket and its arrays: no garbage per second.
      b.sec = sec;
      b.expired = false;
      Object.assign(b.counts, emptyCounts());
      b.sections.n = b.hosts.n = b.methods.n = b.codes.n = 0;
      return b;
    }
    const fresh: Bucket = {
      sec,
      counts: emptyCounts(),
      expired: false,
      sections: entries(),
      hosts: entries(),
      methods: entries(),
      codes: entries(),
    };
    this.ring[i] = fresh;
    return fresh;
  }

  /** Hits stamped in second `sec` (0 once its slot is reused). */
  hits(sec: number): number {
    const b = this.ring[this.index(sec)];
    return b && b.sec === sec ? b.counts.hits : 0;
  }

  /**
   * Count a hit: in the totals and the interval always, and in the window
   * when `sec` (its second) is given, i.e. when it is inside the window.
   */
  add(hit: Hit, sec: number | null): void {
    this.addRecords(
      hit.status,
      hit.bytes,
      this.sections.touch(hit.section),
      hit.host === undefined ? null : this.hosts.touch(hit.host),
      hit.method === undefined ? null : this.methods.touch(hit.method),
      hit.status === undefined ? null : this.codeRecord(hit.status),
      sec,
    );
  }

  /** The record of a status code (cached: there are at most 900 of them). */
  codeRecord(status: number): KeyRecord<number> | null {
    const cached = this.codeRecords[status];
    if (cached && !cached.evicted) return cached;
    const rec = this.codes.touch(status);
    if (rec && Number.isInteger(status) && status >= 0 && status < this.codeRecords.length)
      this.codeRecords[status] = rec;
    return rec;
  }

  /**
   * `add` for a hit whose keys were looked up already; a null record is a
   * field the line lacks, or a key the table refused under a flood. `n`: as
   * many identical hits at once (a fleet's aggregate second).
   */
  addRecords(
    status: number | undefined,
    bytes: number | undefined,
    section: KeyRecord<string> | null,
    host: KeyRecord<string> | null,
    method: KeyRecord<string> | null,
    code: KeyRecord<number> | null,
    sec: number | null,
    n = 1,
  ): void {
    countHit(this.interval, status, bytes, n);
    const b = sec === null ? null : this.bucket(sec);
    if (b) countHit(b.counts, status, bytes, n);
    this.sectionClasses.count(section, status, n);
    if (section) this.key(this.sections, section, b, b?.sections, n);
    if (host) this.key(this.hosts, host, b, b?.hosts, n);
    if (method) this.key(this.methods, method, b, b?.methods, n);
    if (code) this.key(this.codes, code, b, b?.codes, n);
  }

  private key<K extends string | number>(
    table: KeyTable<K>,
    rec: KeyRecord<K>,
    b: Bucket | null,
    e: Entries<K> | undefined,
    n: number,
  ): void {
    table.count(rec, n);
    if (b && e) addEntry(table, e, rec, b.sec, n);
  }

  /** Count a malformed, late or skewed line (in the window's second `sec` when given). */
  note(kind: 'malformed' | 'late' | 'skewed', sec: number | null): void {
    this.interval[kind]++;
    if (sec !== null) {
      this.bucket(sec).counts[kind]++;
    }
  }

  /** The clock reached `nowSec`: seconds up to `nowSec - window` leave the window figures. */
  expireThrough(nowSec: number): void {
    this.sectionClasses.tick(nowSec);
    const last = nowSec - this.windowSec;
    if (last <= this.expiredThrough) return;
    if (last - this.expiredThrough > this.size) {
      for (const b of this.ring) if (b && !b.expired && b.sec <= last) this.expire(b);
    } else {
      for (let s = this.expiredThrough + 1; s <= last; s++) {
        const b = this.ring[this.index(s)];
        if (b && b.sec === s && !b.expired) this.expire(b);
      }
    }
    this.expiredThrough = last;
  }

  private expire(b: Bucket): void {
    b.expired = true;
    removeEntries(this.sections, b.sections);
    removeEntries(this.hosts, b.hosts);
    removeEntries(this.methods, b.methods);
    removeEntries(this.codes, b.codes);
  }

  /**
   * Everything second `sec` holds, every key exact (keys a flood made the
   * tables refuse are only in `counts.hits`); null once its slot is reused.
   */
  secondDetail(sec: number): SecondContent | null {
    const b = this.ring[this.index(sec)];
    if (!b || b.sec !== sec) return null;
    const list = <K extends string | number>(e: Entries<K>): [K, number][] => {
      const out: [K, number][] = [];
      for (let i = 0; i < e.n; i++) out.push([e.recs[i]!.key, e.ns[i]!]);
      return out;
    };
    return {
      counts: { ...b.counts },
      status: statusClasses(b.counts),
      sections: list(b.sections),
      hosts: list(b.hosts),
      codes: list(b.codes),
      methods: list(b.methods),
    };
  }

  /** The window's Stats: its scalar figures are summed from the seconds that have not left it. */
  private windowStats(tops: ReturnType<TrafficStats['tops']>): Stats {
    const c = emptyCounts();
    for (const b of this.ring) if (b && !b.expired) addCounts(c, b.counts);
    return this.stats(tops, 'window', c, this.windowSec, this.hosts.windowDistinct);
  }

  /**
   * Close the interval: its figures join the totals. Returns the interval's,
   * the window's and the since-start Stats (one pass over each key table).
   */
  endInterval(
    intervalSeconds: number,
    totalSeconds: number,
  ): { interval: Stats; window: Stats; total: Stats } {
    const tops = this.tops();
    const interval = this.stats(
      tops,
      'interval',
      this.interval,
      intervalSeconds,
      this.hosts.intervalDistinct,
    );
    this.foldInterval();
    return {
      interval,
      window: this.windowStats(tops),
      total: this.stats(tops, 'total', this.totalBase, totalSeconds, this.hosts.totalDistinct()),
    };
  }

  /** The interval's figures join the totals and a new interval starts (no Stats computed). */
  foldInterval(): void {
    addCounts(this.totalBase, this.interval);
    this.interval = emptyCounts();
    for (const t of [this.sections, this.hosts, this.methods, this.codes] as const)
      t.nextInterval();
  }

  /** The window's and the since-start Stats now (for a snapshot). */
  current(totalSeconds: number): { window: Stats; total: Stats } {
    const tops = this.tops();
    const c = emptyCounts();
    addCounts(c, this.totalBase);
    addCounts(c, this.interval);
    return {
      window: this.windowStats(tops),
      total: this.stats(tops, 'total', c, totalSeconds, this.hosts.totalDistinct()),
    };
  }

  private tops() {
    const sections = this.sections.tops(TOP_N);
    // The exported sections follow the since-start top list.
    this.sectionClasses.relabel(
      sections.total.flatMap((r) => this.sections.touch(r.key, true) ?? []),
    );
    return {
      sections,
      hosts: this.hosts.tops(TOP_N),
      methods: this.methods.tops(TOP_N),
      codes: this.codes.tops(TOP_N),
    };
  }

  private stats(
    tops: ReturnType<TrafficStats['tops']>,
    span: Span,
    c: Counts,
    seconds: number,
    distinctHosts: number,
  ): Stats {
    const round3 = (x: number) => Math.round(x * 1000) / 1000;
    return {
      hits: c.hits,
      rps: seconds > 0 ? round3(c.hits / seconds) : 0,
      seconds,
      sections: tops.sections[span].map((r) => ({ section: r.key, hits: r.count })),
      status: statusClasses(c),
      codes: tops.codes[span].map((r) => ({ code: r.key, hits: r.count })),
      methods: tops.methods[span].map((r) => ({ method: r.key, hits: r.count })),
      hosts: tops.hosts[span].map((r) => ({ host: r.key, hits: r.count })),
      distinctHosts,
      bytes: c.bytes,
      errorRate: c.statusKnown > 0 ? round3(c.s5 / c.statusKnown) : 0,
      malformed: c.malformed,
      late: c.late,
      skewed: c.skewed,
    };
  }
}
