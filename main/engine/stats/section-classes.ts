/**
 * Requests since start by section and status class: what `/metrics` exports as
 * `http_console_requests_total{status_class, section}` (see docs/reference/metrics.md).
 * Bounded: the top sections have counts of their own, every other request is
 * counted under `other`. Every count only grows, so Prometheus never sees a
 * reset that did not happen: when a section leaves the top list its counts
 * stop (and are kept, to resume from if it comes back).
 *
 * A section entering the list is first shown at its count (0, or where it
 * stopped) for `grace` seconds while its requests still go to `other`: a series
 * must be scraped once before it grows, or Prometheus's `rate` (and the fleet
 * source) would never see its first requests, a burst on a new path included.
 */
import type { StatusClasses } from '../../common/types';
import type { KeyRecord } from './key-table';

/** Slot of a status in a classes array: 1xx..5xx, then other (unknown, or outside 100-599). */
export function classIndex(status: number | undefined): number {
  if (status === undefined || !(status >= 100 && status < 600)) return 5;
  return Math.floor(status / 100) - 1;
}

const newClasses = () => [0, 0, 0, 0, 0, 0];

/** The counts of one exported section. */
export interface SectionRequests {
  section: string;
  status: StatusClasses;
}

interface Labelled {
  rec: KeyRecord<string>;
  counts: number[];
  /** The second it got its place; it counts its own requests `grace` seconds later. */
  since: number;
}

export class SectionClasses {
  /** Sections with a series of their own, in the order they got it. */
  private readonly labelled = new Map<string, Labelled>();
  /** Counts of sections that left the top list, oldest first, to resume from. */
  private readonly retired = new Map<string, number[]>();
  private readonly other = newClasses();
  /** The clock's second, as last told (see `tick`). */
  private nowSec = -Infinity;

  /**
   * @param limit sections with their own series at once (the top list's length)
   * @param grace seconds a new series is shown unchanged before it counts
   * @param retiredLimit left sections whose counts are kept (beyond, the oldest restart from 0)
   */
  constructor(
    readonly limit: number,
    private readonly grace = 60,
    private readonly retiredLimit = 1000,
  ) {}

  /** `n` requests of `section` (null: none, or a key a flood made the table refuse) with `status`. */
  count(section: KeyRecord<string> | null, status: number | undefined, n = 1): void {
    // Until the first top list is known, the first sections seen take the free places.
    if (section !== null && section.classes === null && this.labelled.size < this.limit)
      if (!this.labelled.has(section.key)) this.label(section);
    (section?.classes ?? this.other)[classIndex(status)]! += n;
  }

  /** The monitor's clock moved to `sec`: series past their grace start counting. */
  tick(sec: number): void {
    this.nowSec = sec;
    for (const l of this.labelled.values())
      if (l.rec.classes === null && sec >= l.since + this.grace) l.rec.classes = l.counts;
  }

  /** The top list changed: these sections (at most `limit`) have their own series from now on. */
  relabel(top: readonly KeyRecord<string>[]): void {
    const keep = new Set(top.map((r) => r.key));
    for (const [key, l] of this.labelled) {
      if (keep.has(key)) continue;
      this.labelled.delete(key);
      this.retired.delete(key);
      this.retired.set(key, l.counts);
      l.rec.classes = null;
      if (this.retired.size > this.retiredLimit)
        this.retired.delete(this.retired.keys().next().value!);
    }
    for (const rec of top.slice(0, this.limit)) {
      const l = this.labelled.get(rec.key);
      if (!l) this.label(rec);
      else if (l.rec !== rec) {
        // The table evicted the key and made a new record for it: the counts carry over.
        rec.classes = l.rec.classes;
        l.rec.classes = null;
        l.rec = rec;
      }
    }
  }

  /** The sections with their own series, then `other`. */
  rows(): SectionRequests[] {
    const row = (section: string, c: number[]): SectionRequests => ({
      section,
      status: {
        '1xx': c[0]!,
        '2xx': c[1]!,
        '3xx': c[2]!,
        '4xx': c[3]!,
        '5xx': c[4]!,
        other: c[5]!,
      },
    });
    return [...[...this.labelled].map(([key, l]) => row(key, l.counts)), row('other', this.other)];
  }

  private label(rec: KeyRecord<string>): void {
    const counts = this.retired.get(rec.key) ?? newClasses();
    this.retired.delete(rec.key);
    this.labelled.set(rec.key, { rec, counts, since: this.nowSec });
    rec.classes = this.grace <= 0 ? counts : null;
  }
}
