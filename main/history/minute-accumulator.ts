/**
 * One minute's exact figures, built from its seconds, and the row kept for it
 * (totals plus the top 50 of each breakdown). A minute that was half written
 * before a restart resumes from its row. Pure: no database here.
 */
import { emptyStatusClasses } from '../common/status-classes';
import { anonymizeHost, ipv4Network } from '../common/anonymize';
import type { HostKeeping, MinuteHosts } from './host-table';
import { KeyCounter } from './key-counter';
import type { TopSummary } from './top-summary';
import type { HostsMode, SecondRecord, StatusMix, Totals } from './types';

export const MINUTE_MS = 60_000;

/** What the `minutes` table holds for one minute. */
export interface MinuteRow extends Totals {
  at: number;
  /** Distinct client hosts of the minute (as logged, whatever the hosts mode). */
  distinctHosts: number;
  sections: TopSummary;
  /** null when hosts are not kept (`off`). */
  hosts: TopSummary | null;
  codes: TopSummary;
  methods: TopSummary;
}

/** Every status class at 0. */
export const emptyStatus = (): StatusMix => emptyStatusClasses();

export const emptyTotals = (): Totals => ({
  hits: 0,
  bytes: 0,
  status: emptyStatus(),
  malformed: 0,
  late: 0,
  skewed: 0,
  avg: 0,
  alert: false,
});

const STATUS_KEYS = Object.keys(emptyStatusClasses()) as Array<keyof StatusMix>;

/** Add `s` into `into` (sums; avg is the peak, alert any). */
export function addTotals(into: Totals, s: Totals): void {
  into.hits += s.hits;
  into.bytes += s.bytes;
  for (const k of STATUS_KEYS) into.status[k] += s.status[k];
  into.malformed += s.malformed;
  into.late += s.late;
  into.skewed += s.skewed;
  into.avg = Math.max(into.avg, s.avg);
  into.alert = into.alert || s.alert;
}

/** What hosts are kept as in `mode`. */
export function hostKeeping(mode: HostsMode): HostKeeping {
  return mode === 'anonymized'
    ? { keep: true, map: anonymizeHost, quick: ipv4Network }
    : { keep: mode === 'full' };
}

/** A resumed row's hosts; when it kept none (mode was `off`), its hits are all unknown keys. */
const priorHosts = (r: MinuteRow): TopSummary =>
  r.hosts ?? { entries: new Map(), unseen: r.hits, other: r.hits };

/** Accumulates the seconds of the minute starting at `at`. */
export class MinuteAccumulator {
  private readonly totals = emptyTotals();
  private sessionHits = 0;
  private readonly sections = new KeyCounter();
  private readonly codes = new KeyCounter();
  private readonly methods = new KeyCounter();

  /** @param hosts this minute's hosts, from the recorder's HostTable */
  constructor(
    readonly at: number,
    private readonly hosts: MinuteHosts,
    private readonly resumed: MinuteRow | null = null,
  ) {
    if (resumed) addTotals(this.totals, resumed);
  }

  add(s: SecondRecord): void {
    addTotals(this.totals, s);
    this.sessionHits += s.hits;
    this.sections.addAll(s.sections);
    this.codes.addAll(s.codes);
    this.methods.addAll(s.methods);
    this.hosts.addAll(s.hosts);
  }

  /** The row as it stands (written every second for the current minute, once more when it ends). */
  row(): MinuteRow {
    const r = this.resumed;
    const hits = this.sessionHits;
    return {
      at: this.at,
      ...this.totals,
      status: { ...this.totals.status },
      distinctHosts: Math.max(this.hosts.distinct, r?.distinctHosts ?? 0),
      sections: this.sections.summary(hits, r?.sections ?? null),
      hosts: this.hosts.summary(hits, r ? priorHosts(r) : null),
      codes: this.codes.summary(hits, r?.codes ?? null),
      methods: this.methods.summary(hits, r?.methods ?? null),
    };
  }
}
