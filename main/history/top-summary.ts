/**
 * Top lists that can be merged over time and still say how exact they are.
 *
 * A minute keeps its top 50 keys; a key missing from a minute's list may still
 * have had hits there, at most `unseen`. Merging sums the listed hits and adds,
 * for each key, what it may have missed in the parts that did not list it, so
 * every merged count comes with an upper bound on its error (`missed`). A key
 * listed in every part that could hide hits is exact (missed 0). The bounds are
 * those of a mergeable summary: see docs/reference/history.md.
 */

export interface TopEntry {
  hits: number;
  /** Most hits this key may have beyond `hits`. */
  missed: number;
}

export interface TopSummary {
  entries: Map<string, TopEntry>;
  /** Most hits any key not in `entries` may have. */
  unseen: number;
  /** Hits in no listed key (keys cut off, hits without a key): entries + other = total. */
  other: number;
}

/** A summary as stored: see encodeSummary. */
interface Encoded {
  t?: Array<[string, number, number?]>;
  o?: number;
  u?: number;
}

/** An empty summary. */
export const emptySummary = (): TopSummary => ({ entries: new Map(), unseen: 0, other: 0 });

/** Entries sorted by hits, largest first (ties by key, so output is stable). */
export function ranked(s: TopSummary): Array<[string, TopEntry]> {
  return [...s.entries].sort((a, b) => b[1].hits - a[1].hits || (a[0] < b[0] ? -1 : 1));
}

/** Keep the `keep` largest entries; the rest go to `other` and raise `unseen`. */
export function truncate(s: TopSummary, keep: number): TopSummary {
  if (s.entries.size <= keep) return s;
  const sorted = ranked(s);
  let { unseen, other } = s;
  for (const [, e] of sorted.slice(keep)) {
    other += e.hits;
    unseen = Math.max(unseen, e.hits + e.missed);
  }
  return { entries: new Map(sorted.slice(0, keep)), unseen, other };
}

/**
 * Sums summaries of disjoint spans of time, one part at a time: a part may be
 * given as the column encodeSummary wrote, and is then merged straight from
 * its JSON (a month's Stats merge 720 hour rows of four lists each).
 */
export class SummaryMerger {
  private readonly entries = new Map<string, TopEntry>();
  /** Per key: the `unseen` of the parts that listed it, to find what the others may hide. */
  private readonly listedUnseen = new Map<string, number>();
  private unseen = 0;
  private other = 0;

  add(p: TopSummary): void {
    this.unseen += p.unseen;
    this.other += p.other;
    for (const [k, e] of p.entries) this.entry(k, e.hits, e.missed, p.unseen);
  }

  /** A column as encodeSummary wrote it; null or empty text is an empty part. */
  addEncoded(text: string | null): void {
    if (!text) return;
    const v = JSON.parse(text) as Encoded;
    const u = v.u ?? 0;
    this.unseen += u;
    this.other += v.o ?? 0;
    for (const [k, hits, missed] of v.t ?? []) this.entry(String(k), hits, missed ?? 0, u);
  }

  private entry(key: string, hits: number, missed: number, partUnseen: number): void {
    const m = this.entries.get(key);
    if (m) {
      m.hits += hits;
      m.missed += missed;
      this.listedUnseen.set(key, this.listedUnseen.get(key)! + partUnseen);
    } else {
      this.entries.set(key, { hits, missed });
      this.listedUnseen.set(key, partUnseen);
    }
  }

  /** The sum; the merger is spent. */
  result(): TopSummary {
    const { entries, unseen, other } = this;
    // A key may have hidden in every part that did not list it.
    if (unseen > 0) for (const [k, e] of entries) e.missed += unseen - this.listedUnseen.get(k)!;
    return { entries, unseen, other };
  }
}

/** Sum summaries of disjoint spans of time. */
export function merge(parts: Iterable<TopSummary>): TopSummary {
  const m = new SummaryMerger();
  for (const p of parts) m.add(p);
  return m.result();
}

/**
 * The first `n` entries, and whether they may be wrong: a shown count that may
 * be short, or a key outside the list that may belong in it.
 */
export function topOf(
  s: TopSummary,
  n: number,
): { rows: Array<[string, number]>; approximate: boolean } {
  const sorted = ranked(s);
  const shown = sorted.slice(0, n);
  const floor = shown.length < n ? 0 : shown[shown.length - 1]![1].hits;
  let outside = s.unseen;
  for (const [, e] of sorted.slice(n)) outside = Math.max(outside, e.hits + e.missed);
  const approximate = shown.some(([, e]) => e.missed > 0) || outside > floor;
  return { rows: shown.map(([k, e]) => [k, e.hits]), approximate };
}

/** Compact JSON for a database column: `{"t":[[key,hits],[key,hits,missed]],"o":other,"u":unseen}`. */
export function encodeSummary(s: TopSummary): string {
  const t = ranked(s).map(([k, e]) => (e.missed > 0 ? [k, e.hits, e.missed] : [k, e.hits]));
  return JSON.stringify({ t, o: s.other, u: s.unseen });
}

/** The inverse of encodeSummary; null or malformed text reads as an empty summary. */
export function decodeSummary(text: string | null): TopSummary {
  const s = emptySummary();
  if (!text) return s;
  const v = JSON.parse(text) as Encoded;
  for (const [k, hits, missed] of v.t ?? [])
    s.entries.set(String(k), { hits, missed: missed ?? 0 });
  s.other = v.o ?? 0;
  s.unseen = v.u ?? 0;
  return s;
}
