/**
 * Requests since start by section and status class: what `/metrics` exports as
 * `http_console_requests_total{status_class, section}` (see docs/reference/metrics.md).
 * Bounded: the top sections have counts of their own, every other request is
 * counted under `other`. Every count only grows, so Prometheus never sees a
 * reset that did not happen: a section counts under its own name from when it
 * enters the top list (what it had before stays in `other`), and when it leaves,
 * its counts stop and are kept, to resume from if it comes back.
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

export class SectionClasses {
  /** Sections with their own counts (each record's `classes`), in the order they got them. */
  private readonly labelled = new Map<string, KeyRecord<string>>();
  /** Counts of sections that left the top list, oldest first, to resume from. */
  private readonly retired = new Map<string, number[]>();
  private readonly other = newClasses();

  /**
   * @param limit sections with their own counts at once (the top list's length)
   * @param retiredLimit left sections whose counts are kept (beyond, the oldest restart from 0)
   */
  constructor(
    readonly limit: number,
    private readonly retiredLimit = 1000,
  ) {}

  /** `n` requests of `section` (null: none, or a key a flood made the table refuse) with `status`. */
  count(section: KeyRecord<string> | null, status: number | undefined, n = 1): void {
    // Until the first top list is known, the first sections seen fill the free places.
    if (section !== null && section.classes === null && this.labelled.size < this.limit)
      this.label(section);
    (section?.classes ?? this.other)[classIndex(status)]! += n;
  }

  /** The top list changed: these sections (at most `limit`) have their own counts from now on. */
  relabel(top: readonly KeyRecord<string>[]): void {
    const keep = new Set(top.map((r) => r.key));
    for (const [key, rec] of this.labelled) {
      if (keep.has(key)) continue;
      this.labelled.delete(key);
      this.retired.delete(key);
      this.retired.set(key, rec.classes!);
      rec.classes = null;
      if (this.retired.size > this.retiredLimit)
        this.retired.delete(this.retired.keys().next().value!);
    }
    for (const rec of top.slice(0, this.limit))
      if (this.labelled.get(rec.key) !== rec) this.label(rec);
  }

  /** The sections with their own counts, then `other`. */
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
    return [
      ...[...this.labelled].map(([key, rec]) => row(key, rec.classes!)),
      row('other', this.other),
    ];
  }

  private label(rec: KeyRecord<string>): void {
    // A record evicted and created again for the same key carries its counts over.
    const before = this.labelled.get(rec.key);
    rec.classes = before?.classes ?? this.retired.get(rec.key) ?? newClasses();
    if (before) before.classes = null;
    this.retired.delete(rec.key);
    this.labelled.set(rec.key, rec);
  }
}
