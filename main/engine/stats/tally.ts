import type { Stats } from '../../common/types';
import type { Hit } from '../parse/types';
import { KeyCounter } from './key-counter';

/** Rows in each top list of a Stats object. */
export const TOP_N = 10;

/** Capacities of the bounded counters of one tally. */
export interface TallyLimits {
  sections: number;
  hosts: number;
  /** Short-lived tallies (one second) need not copy their keys. */
  ownKeys?: boolean;
}

/**
 * Long-lived tallies (window, interval, since start): exact up to 20,000
 * sections and 40,000 hosts, a few MB each at most.
 */
export const LARGE_LIMITS: TallyLimits = { sections: 10_000, hosts: 20_000 };

/**
 * Running figures for one span of time (one second, one interval, since
 * start). Everything a Stats object reports, in bounded memory.
 */
export class Tally {
  hits = 0;
  bytes = 0;
  s2 = 0;
  s3 = 0;
  s4 = 0;
  s5 = 0;
  /** Hits whose status is known (the error-rate denominator). */
  statusKnown = 0;
  malformed = 0;
  late = 0;
  skewed = 0;
  readonly sections: KeyCounter;
  readonly hosts: KeyCounter;
  readonly methods: KeyCounter;
  readonly codes = new Map<number, number>();

  constructor(limits: TallyLimits = LARGE_LIMITS) {
    this.sections = new KeyCounter(limits.sections, limits.ownKeys ?? true);
    this.hosts = new KeyCounter(limits.hosts, limits.ownKeys ?? true);
    this.methods = new KeyCounter(64, limits.ownKeys ?? true);
  }

  add(hit: Hit): void {
    this.hits++;
    if (hit.bytes !== undefined) this.bytes += hit.bytes;
    this.sections.add(hit.section);
    if (hit.host !== undefined) this.hosts.add(hit.host);
    if (hit.method !== undefined) this.methods.add(hit.method);
    const status = hit.status;
    if (status !== undefined) {
      this.statusKnown++;
      this.codes.set(status, (this.codes.get(status) ?? 0) + 1);
      if (status >= 200 && status < 300) this.s2++;
      else if (status >= 300 && status < 400) this.s3++;
      else if (status >= 400 && status < 500) this.s4++;
      else if (status >= 500 && status < 600) this.s5++;
    }
  }

  merge(o: Tally): void {
    this.hits += o.hits;
    this.bytes += o.bytes;
    this.s2 += o.s2;
    this.s3 += o.s3;
    this.s4 += o.s4;
    this.s5 += o.s5;
    this.statusKnown += o.statusKnown;
    this.malformed += o.malformed;
    this.late += o.late;
    this.skewed += o.skewed;
    this.sections.merge(o.sections);
    this.hosts.merge(o.hosts);
    this.methods.merge(o.methods);
    for (const [code, n] of o.codes) this.codes.set(code, (this.codes.get(code) ?? 0) + n);
  }

  /** Take away a tally that was merged in before (a second leaving the window). */
  subtract(o: Tally): void {
    this.hits -= o.hits;
    this.bytes -= o.bytes;
    this.s2 -= o.s2;
    this.s3 -= o.s3;
    this.s4 -= o.s4;
    this.s5 -= o.s5;
    this.statusKnown -= o.statusKnown;
    this.malformed -= o.malformed;
    this.late -= o.late;
    this.skewed -= o.skewed;
    this.sections.subtract(o.sections);
    this.hosts.subtract(o.hosts);
    this.methods.subtract(o.methods);
    for (const [code, n] of o.codes) {
      const left = (this.codes.get(code) ?? 0) - n;
      if (left > 0) this.codes.set(code, left);
      else this.codes.delete(code);
    }
  }

  /** A copy (for a snapshot that adds seconds not yet complete). */
  clone(): Tally {
    const t = new Tally({
      sections: this.sections.capacity,
      hosts: this.hosts.capacity,
      ownKeys: false,
    });
    t.merge(this);
    return t;
  }

  /** The Stats object for this span, `seconds` long (the divisor of rps). */
  toStats(seconds: number): Stats {
    const codes = [...this.codes]
      .map(([code, hits]) => ({ code, hits }))
      .sort((a, b) => b.hits - a.hits || a.code - b.code)
      .slice(0, TOP_N);
    return {
      hits: this.hits,
      rps: seconds > 0 ? round3(this.hits / seconds) : 0,
      seconds,
      sections: this.sections.top(TOP_N).map((r) => ({ section: r.key, hits: r.count })),
      status: { '2xx': this.s2, '3xx': this.s3, '4xx': this.s4, '5xx': this.s5 },
      codes,
      methods: this.methods.top(TOP_N).map((r) => ({ method: r.key, hits: r.count })),
      hosts: this.hosts.top(TOP_N).map((r) => ({ host: r.key, hits: r.count })),
      distinctHosts: this.hosts.distinct(),
      bytes: this.bytes,
      errorRate: this.statusKnown > 0 ? round3(this.s5 / this.statusKnown) : 0,
      malformed: this.malformed,
      late: this.late,
      skewed: this.skewed,
    };
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
