/**
 * Turns raw counter samples read from Prometheus into per-second fleet points
 * (see docs/reference/metrics.md, "Reading a fleet"). Pure: samples in, points out.
 *
 * Each increase between two samples of one series (a counter reset counts the
 * new value, as Prometheus's own `increase` does) is spread evenly over the
 * seconds between them. A second is handed out once every live instance has a
 * sample at or past it, so a slow scrape delays a point instead of showing a
 * dip; an instance whose target is down (or gone) stops holding points back and
 * is listed as missing. Increases that arrive for a second already handed out
 * go to the next one: nothing is lost, nothing is counted twice.
 */
import { emptyStatusClasses } from '../../common/status-classes';
import type { StatusClasses } from '../../common/types';

/** Status classes of a point; a class outside 1xx..5xx (or none) is `other`. */
export type StatusClass = keyof StatusClasses;

/** One second of the fleet's traffic. */
export interface FleetPoint {
  /** Unix ms of the start of the second. */
  at: number;
  /** Requests in that second, fleet-wide (fractional when a scrape spans several seconds). */
  hits: number;
  /** Every instance seen; `up: false` for one that stopped reporting (missing). */
  byInstance: { instance: string; rps: number; up: boolean }[];
  byStatus: Record<StatusClass, number>;
  /** Largest first. */
  bySection: { section: string; rps: number }[];
}

/** One series of a matrix answer: its labels and `[unix seconds, "value"]` samples. */
export interface RawSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

/** The counter the agents export. */
export const REQUESTS = 'http_console_requests_total';
/** Agents whose request counter has no `section` label export sections in this family. */
export const SECTION_REQUESTS = 'http_console_section_requests_total';

interface Bucket {
  hits: number;
  instances: Map<string, number>;
  status: Record<StatusClass, number>;
  sections: Map<string, number>;
}
interface Instance {
  /** Latest counter sample, ms (null before the first). */
  counterAt: number | null;
  /** Latest `up` sample, ms, and its value. */
  upAt: number | null;
  up: boolean;
  /** The three latest scrape times seen, by `up` and by counters, oldest first. */
  upTimes: number[];
  counterTimes: number[];
}

/** Keep the three latest distinct times, oldest first. */
function seen(times: number[], t: number): void {
  if (times.length > 0 && t <= times[times.length - 1]!) return;
  times.push(t);
  if (times.length > 3) times.shift();
}

const CLASSES = new Set(['1xx', '2xx', '3xx', '4xx', '5xx']);
const emptyStatus = (): Record<StatusClass, number> => emptyStatusClasses();
const seriesKey = (m: Record<string, string>) =>
  JSON.stringify(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Accumulates samples; `drain` hands out the seconds that are complete. */
export class FleetSeconds {
  private readonly last = new Map<string, { t: number; v: number }>();
  private readonly buckets = new Map<number, Bucket>();
  private readonly instances = new Map<string, Instance>();
  private readonly spacings: number[] = [];
  /** The request counter carries `section` itself: the separate section family is ignored. */
  private jointSections = false;
  /** The last second handed out (Unix s), null before the first. */
  private emitted: number | null = null;

  /** @param maxSpanSeconds the most seconds kept before the newest complete one (a long gap). */
  constructor(private readonly maxSpanSeconds = 3600) {}

  /** Take a matrix answer of `http_console_requests_total` and `up` series. */
  ingest(series: RawSeries[]): void {
    // Decided before any series is counted: the answer's order is Prometheus's, not ours.
    if (series.some((s) => s.metric.__name__ === REQUESTS && s.metric.section !== undefined))
      this.jointSections = true;
    for (const s of series) {
      const inst = this.instance(s.metric.instance ?? '');
      const samples = s.values.map(([t, v]) => ({ t: Math.round(t * 1000), v: Number(v) }));
      if (s.metric.__name__ === 'up') {
        for (const { t, v } of samples) {
          if (inst.upAt === null || t > inst.upAt) [inst.upAt, inst.up] = [t, v === 1];
          seen(inst.upTimes, t);
        }
        continue;
      }
      const sectionsOnly = s.metric.__name__ === SECTION_REQUESTS;
      if (sectionsOnly && this.jointSections) continue;
      const key = seriesKey(s.metric);
      let prev = this.last.get(key);
      for (const cur of samples) {
        if (!Number.isFinite(cur.v) || (prev && cur.t <= prev.t)) continue;
        if (prev) {
          // A section counter falls when the top list changes (its "other" gives a
          // section back): not a restart, so a fall there adds nothing.
          const reset = sectionsOnly ? 0 : cur.v;
          const delta = cur.v >= prev.v ? cur.v - prev.v : reset;
          if (sectionsOnly) this.attributeSection(s.metric, delta, prev.t, cur.t);
          else this.attribute(s.metric, delta, prev.t, cur.t);
          this.spacings.push(cur.t - prev.t);
          if (this.spacings.length > 64) this.spacings.shift();
        }
        prev = cur;
        if (inst.counterAt === null || cur.t > inst.counterAt) inst.counterAt = cur.t;
        seen(inst.counterTimes, cur.t);
      }
      if (prev) this.last.set(key, prev);
    }
  }

  /** The typical spacing of samples (the scrape interval), ms; null until seen. */
  scrapeIntervalMs(): number | null {
    if (this.spacings.length === 0) return null;
    const sorted = [...this.spacings].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  }

  /** The earliest sample time (ms) the next read must reach back to; null: no live instance yet. */
  needsSince(): number | null {
    const live = this.live();
    return live.length ? Math.min(...live.map((i) => this.instances.get(i)!.counterAt!)) : null;
  }

  /** Instances holding counters, live or not. */
  known(): { instance: string; up: boolean }[] {
    const live = new Set(this.live());
    return [...this.instances]
      .filter(([, i]) => i.counterAt !== null)
      .map(([instance]) => ({ instance, up: live.has(instance) }))
      .sort((a, b) => (a.instance < b.instance ? -1 : 1));
  }

  /** Points for every second now complete, oldest first. */
  drain(): FleetPoint[] {
    const live = this.live();
    if (live.length === 0 || this.buckets.size === 0) return [];
    const through = Math.min(
      ...live.map((i) => Math.floor(this.instances.get(i)!.counterAt! / 1000)),
    );
    let from = this.emitted === null ? Math.min(...this.buckets.keys()) : this.emitted + 1;
    from = Math.max(from, through - this.maxSpanSeconds + 1);
    const roster = this.known();
    const out: FleetPoint[] = [];
    for (let s = from; s <= through; s++) out.push(this.point(s, roster));
    for (const s of this.buckets.keys()) if (s <= through) this.buckets.delete(s);
    if (through >= from) this.emitted = through;
    return out;
  }

  private point(s: number, roster: { instance: string; up: boolean }[]): FleetPoint {
    const b = this.buckets.get(s);
    return {
      at: s * 1000,
      hits: b?.hits ?? 0,
      byInstance: roster.map((r) => ({ ...r, rps: b?.instances.get(r.instance) ?? 0 })),
      byStatus: b ? { ...b.status } : emptyStatus(),
      bySection: [...(b?.sections ?? [])]
        .map(([section, rps]) => ({ section, rps }))
        .sort((x, y) => y.rps - x.rps),
    };
  }

  /**
   * Instances that have counters, whose target is up, and that are not left behind:
   * one is missing once another has been scraped three times since its last scrape
   * (a target taken out of Prometheus's configuration, or with no `up` to say so).
   * Counted in scrapes, not seconds, so Prometheus coming back from a gap and
   * scraping one target first leaves the others live.
   */
  private live(): string[] {
    const times = (i: Instance) => (i.upAt !== null ? i.upTimes : i.counterTimes);
    const all = [...this.instances].filter(([, i]) => i.counterAt !== null);
    const behind = Math.max(0, ...all.map(([, i]) => (times(i).length === 3 ? times(i)[0]! : 0)));
    return all
      .filter(([, i]) => (i.upAt === null || i.up) && times(i).at(-1)! >= behind)
      .map(([name]) => name);
  }

  private instance(name: string): Instance {
    let i = this.instances.get(name);
    if (!i)
      this.instances.set(
        name,
        (i = { counterAt: null, upAt: null, up: false, upTimes: [], counterTimes: [] }),
      );
    return i;
  }

  /** The seconds of (t0, t1] not handed out yet, and the share of `delta` for each. */
  private spread(
    delta: number,
    t0: number,
    t1: number,
  ): { first: number; last: number; share: number } {
    const floor = this.emitted === null ? -Infinity : this.emitted + 1;
    const last = Math.max(Math.floor(t1 / 1000), floor);
    const first = Math.min(
      Math.max(Math.floor(t0 / 1000) + 1, floor, last - this.maxSpanSeconds + 1),
      last,
    );
    return { first, last, share: delta / (last - first + 1) };
  }

  private bucket(s: number): Bucket {
    let b = this.buckets.get(s);
    if (!b) {
      b = { hits: 0, instances: new Map(), status: emptyStatus(), sections: new Map() };
      this.buckets.set(s, b);
    }
    return b;
  }

  /** A request counter's increase: hits, by instance, by status class (and section, if labelled). */
  private attribute(m: Record<string, string>, delta: number, t0: number, t1: number): void {
    const { first, last, share } = this.spread(delta, t0, t1);
    const cls = m.status_class ?? m.class ?? '';
    const status: StatusClass = CLASSES.has(cls) ? (cls as StatusClass) : 'other';
    const instance = m.instance ?? '';
    for (let s = first; s <= last; s++) {
      const b = this.bucket(s);
      b.hits += share;
      b.instances.set(instance, (b.instances.get(instance) ?? 0) + share);
      b.status[status] += share;
      if (m.section !== undefined)
        b.sections.set(m.section, (b.sections.get(m.section) ?? 0) + share);
    }
  }

  /** A section counter's increase: that section's rate only. */
  private attributeSection(m: Record<string, string>, delta: number, t0: number, t1: number): void {
    const { first, last, share } = this.spread(delta, t0, t1);
    const section = m.section ?? 'other';
    for (let s = first; s <= last; s++) {
      const b = this.bucket(s);
      b.sections.set(section, (b.sections.get(section) ?? 0) + share);
    }
  }
}
