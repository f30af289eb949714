/**
 * Rows of the `seconds`, `minutes` and `hours` tables to and from the
 * records the recorder and the queries work with.
 */
import type { SQLInputValue } from 'node:sqlite';
import { decodeSummary, encodeSummary, type TopSummary } from './top-summary';
import type { MinuteRow } from './minute-accumulator';
import type { StatusMix, Totals } from './types';

/** Column list of the totals, in the order of totalsParams. */
export const TOTAL_COLUMNS =
  'hits, bytes, s1xx, s2xx, s3xx, s4xx, s5xx, sother, malformed, late, skewed, avg, alert';
/** Columns of the top lists, in the order of topParams. */
export const TOP_COLUMNS = 'distinct_hosts, sections, hosts, codes, methods';

/** A totals row as SQLite returns it. */
export interface TotalsColumns {
  hits: number;
  bytes: number;
  s1xx: number;
  s2xx: number;
  s3xx: number;
  s4xx: number;
  s5xx: number;
  sother: number;
  malformed: number;
  late: number;
  skewed: number;
  avg: number;
  alert: number;
}

/** The top-list columns as SQLite returns them. */
export interface TopColumns {
  hits: number;
  distinct_hosts: number;
  sections: string;
  hosts: string | null;
  codes: string;
  methods: string;
}

/** Parameters for the totals columns; with `at`, for `(at, ...TOTAL_COLUMNS)`. */
export function totalsParams(t: Totals, at?: number): SQLInputValue[] {
  const s = t.status;
  const params: SQLInputValue[] = [
    t.hits,
    t.bytes,
    s['1xx'],
    s['2xx'],
    s['3xx'],
    s['4xx'],
    s['5xx'],
    s.other,
    t.malformed,
    t.late,
    t.skewed,
    t.avg,
    t.alert ? 1 : 0,
  ];
  if (at !== undefined) params.unshift(at);
  return params;
}

/** The status classes of a row. */
export function statusFromColumns(r: TotalsColumns): StatusMix {
  return {
    '1xx': r.s1xx,
    '2xx': r.s2xx,
    '3xx': r.s3xx,
    '4xx': r.s4xx,
    '5xx': r.s5xx,
    other: r.sother,
  };
}

export function totalsFromColumns(r: TotalsColumns): Totals {
  return {
    hits: r.hits,
    bytes: r.bytes,
    status: statusFromColumns(r),
    malformed: r.malformed,
    late: r.late,
    skewed: r.skewed,
    avg: r.avg,
    alert: r.alert !== 0,
  };
}

/** Parameters for the top-list columns of a minute or an hour. */
export function topParams(r: {
  distinctHosts: number;
  sections: TopSummary;
  hosts: TopSummary | null;
  codes: TopSummary;
  methods: TopSummary;
}): SQLInputValue[] {
  return [
    r.distinctHosts,
    encodeSummary(r.sections),
    r.hosts ? encodeSummary(r.hosts) : null,
    encodeSummary(r.codes),
    encodeSummary(r.methods),
  ];
}

/** The top lists of a row; a row that kept no hosts counts all its hits as unknown hosts. */
export function topsFromColumns(r: TopColumns) {
  return {
    distinctHosts: r.distinct_hosts,
    sections: decodeSummary(r.sections),
    hosts: r.hosts === null ? null : decodeSummary(r.hosts),
    hostsOrUnknown: r.hosts === null ? unknownKeys(r.hits) : decodeSummary(r.hosts),
    codes: decodeSummary(r.codes),
    methods: decodeSummary(r.methods),
  };
}

/** `hits` hits of keys nobody kept. */
export const unknownKeys = (hits: number): TopSummary => ({
  entries: new Map(),
  unseen: hits,
  other: hits,
});

export function minuteFromColumns(r: TotalsColumns & TopColumns & { at: number }): MinuteRow {
  const { hostsOrUnknown: _, ...tops } = topsFromColumns(r);
  return { at: r.at, ...totalsFromColumns(r), ...tops };
}
