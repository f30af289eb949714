import type { Stats } from '../../common/types';
import type { Hit } from '../parse/types';
import { anonymizeHost, cachedAnonymizer } from '../../common/anonymize';
import { addCounts, countHit, emptyCounts, statusClasses, type Counts } from './counts';
import { ByteKeys } from './byte-keys';
import type { KeyCounts } from './key-counts';
import { KeyTable, type KeyRecord, type Span } from './key-table';
import { SectionClasses } from './section-classes';

/** Rows in each top list of a Stats object. */
export const TOP_N = 10;

/**
 * Per dimension: the keys a second added to the window, and how many times
 * each, in the first `n` places of the arrays (which are reused, with their
 * capacity, by the second that takes the ring slot next).
 */
interface Entries<K extends string | number> extends KeyCounts<K> {
  keys: KeyRecord<K>[];
  hits: number[];
  tags: number[];
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
  sources: Entries<string>;
}

/** What one second holds: see `TrafficStats.secondDetail`. */
export interface SecondContent {
  counts: Counts;
  status: ReturnType<typeof statusClasses>;
  /** The bucket's own lists: valid until the ring slot is reused (see KeyCounts). */
  sections: KeyCounts<string>;
  hosts: KeyCounts<string>;
  codes: KeyCounts<number>;
  methods: KeyCounts<string>;
}

const entries = <K extends string | number>(space: KeyTable<K>): Entries<K> => ({
  keys: [],
  hits: [],
  tags: [],
  n: 0,
  space,
});

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
  if (rec.sec === sec && slot < e.n && e.keys[slot] === rec) {
    e.hits[slot]! += n;
    return;
  }
  rec.sec = sec;
  rec.slot = e.n;
  e.keys[e.n] = rec;
  e.hits[e.n] = n;
  // The record is at hand now; the history reads its tag from here, a second or a window later.
  e.tags[e.n] = rec.tag;
  e.n++;
}

/**
 * Empty a reused second's list. The arrays keep their capacity, but not the
 * records: a stale reference past `n` would keep a record the table evicted
 * (and its key) alive for as long as the ring slot lives, which under a flood
 * of distinct keys grew the heap for minutes after the window was full.
 */
function clearEntries<K extends string | number>(e: Entries<K>): void {
  e.keys.fill(undefined as unknown as KeyRecord<K>, 0, e.n);
  e.n = 0;
}

/**
 * Take a second's keys out of the window. Each record is read here anyway, so
 * its tag, if the history numbered the key since the second was counted, is
 * copied into the list: in a replay the second is recorded next.
 */
function removeEntries<K extends string | number>(table: KeyTable<K>, e: Entries<K>): void {
  for (let i = 0; i < e.n; i++) {
    const rec = e.keys[i]!;
    table.window(rec, -e.hits[i]!);
    e.tags[i] = rec.tag;
  }
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
  /** Files, stdin and syslog senders (the engine bounds senders near 1000). */
  readonly sources = new KeyTable<string>(2000);
  /** The same tables looked up by the bytes of a key (the common/combined fast path). */
  readonly sectionKeys = new ByteKeys(this.sections, 20_000);
  readonly hostKeys: ByteKeys;
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

  /** What a host is counted as (`anonymizeHosts`: its /24, /48 or domain); null: as logged. */
  private readonly hostName: ((host: string) => string) | null;

  constructor(
    readonly windowSec: number,
    anonymizeHosts = false,
  ) {
    this.hostName = anonymizeHosts ? cachedAnonymizer() : null;
    // The byte path names each new key once, so it needs no cache of its own.
    this.hostKeys = new ByteKeys(this.hosts, 50_000, anonymizeHosts ? anonymizeHost : null);
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
      for (const e of [b.sections, b.hosts, b.methods, b.codes, b.sources] as Entries<
        string | number
      >[])
        clearEntries(e);
      return b;
    }
    const fresh: Bucket = {
      sec,
      counts: emptyCounts(),
      expired: false,
      sections: entries(this.sections),
      hosts: entries(this.hosts),
      methods: entries(this.methods),
      codes: entries(this.codes),
      sources: entries(this.sources),
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
   * when `sec` (its second) is given, i.e. when it is inside the window;
   * under `source` in the sources breakdown when given.
   */
  add(hit: Hit, sec: number | null, source: KeyRecord<string> | null = null): void {
    this.addRecords(
      hit.status,
      hit.bytes,
      this.sections.touch(hit.section),
      hit.host === undefined
        ? null
        : this.hosts.touch(this.hostName ? this.hostName(hit.host) : hit.host),
      hit.method === undefined ? null : this.methods.touch(hit.method),
      hit.status === undefined ? null : this.codeRecord(hit.status),
      sec,
      source,
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
    source: KeyRecord<string> | null = null,
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
    if (source) this.key(this.sources, source, b, b?.sources, n);
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
    removeEntries(this.sources, b.sources);
  }

  /**
   * Everything second `sec` holds, every key exact (keys a flood made the
   * tables refuse are only in `counts.hits`); null once its slot is reused.
   */
  secondDetail(sec: number): SecondContent | null {
    const b = this.ring[this.index(sec)];
    if (!b || b.sec !== sec) return null;
    return {
      counts: { ...b.counts },
      status: statusClasses(b.counts),
      sections: b.sections,
      hosts: b.hosts,
      codes: b.codes,
      methods: b.methods,
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
    for (const t of [this.sections, this.hosts, this.methods, this.codes, this.sources] as const)
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
      sources: this.sources.tops(TOP_N),
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
      sources: tops.sources[span].map((r) => ({ source: r.key, hits: r.count })),
      distinctHosts,
      bytes: c.bytes,
      errorRate: c.statusKnown > 0 ? round3(c.s5 / c.statusKnown) : 0,
      malformed: c.malformed,
      late: c.late,
      skewed: c.skewed,
    };
  }
}
