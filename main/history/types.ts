/**
 * What the engine hands the history database, and what the database answers.
 * See docs/reference/history.md.
 */
import type {
  HistoryPoint as ContractPoint,
  HistoryQuery,
  HistoryRange as ContractRange,
  HistoryStep,
} from '../common/history-types';
import type { SecondEvent, Stats, StatusClasses } from '../common/types';
import type { KeyCounts } from '../engine/api';

/** Requests by status class; 'other' is a status outside 100–599, or none. */
export type StatusMix = StatusClasses;

/** Sums over a second, a minute or a range. */
export interface Totals {
  hits: number;
  bytes: number;
  status: StatusMix;
  malformed: number;
  late: number;
  skewed: number;
  /** Window average: at this second, or the highest among a span's seconds. */
  avg: number;
  /** Alert active after evaluating this second, or in any of a span's seconds. */
  alert: boolean;
}

/**
 * One completed second of the monitor's clock, with every key it saw (exact);
 * the key lists are read during `record` only (the engine lends them).
 */
export interface SecondRecord extends Totals {
  /** Unix ms, start of the second (monitor clock). */
  at: number;
  sections: KeyCounts<string>;
  hosts: KeyCounts<string>;
  codes: KeyCounts<number>;
  methods: KeyCounts<string>;
}

/** One alert transition, with the peak average of the alert and the preferences in force. */
export interface AlertRecord {
  type: 'alert' | 'recovery';
  at: number;
  avg: number;
  peak: number;
  hits: number;
  threshold: number;
  window: number;
  prefs: Record<string, unknown>;
}

/** What the per-minute top hosts hold: nothing, anonymized prefixes and domains, or hosts as logged. */
export type HostsMode = 'off' | 'anonymized' | 'full';

/** Resolution of a range's points (the contract in main/common/history-types.ts). */
export type Step = HistoryStep;

/** One point of a range as the database writes it: every status class present. */
export interface HistoryPoint extends ContractPoint {
  status: StatusMix;
}

/** Stats for a past range; `approximate` when a top list may be off (see docs/reference/history.md). */
export type RangeStats = Omit<Stats, 'status'> & { status: StatusMix; approximate: boolean };

/** The answer to a range query: `from`/`to` widened to whole steps. */
export interface HistoryRange extends ContractRange {
  points: HistoryPoint[];
  stats: RangeStats;
}

/** A range to read; `step` omitted: chosen so there are at most ~1500 points. */
export type RangeQuery = HistoryQuery;

/** Why a history database could not be used. */
export type HistoryErrorCode =
  'corrupt' | 'locked' | 'read-only' | 'newer-schema' | 'older-schema' | 'other-source' | 'other';

export interface HistoryFailure {
  code: HistoryErrorCode;
  message: string;
}

/** Reading side of a history database (the report command and the web route need no more). */
export interface HistoryReader {
  readonly path: string;
  /** Points and Stats for a past range; throws a ParamError (a RangeError) naming a bad argument. */
  range(query: RangeQuery): HistoryRange;
  /** The last `seconds` seconds up to the newest one recorded, oldest first, one per second. */
  recent(seconds: number): SecondEvent[];
  /** Alert transitions with `from <= at < to`, oldest first. */
  alerts(from?: number, to?: number): AlertRecord[];
  /** The last `n` alert transitions, oldest first. */
  recentAlerts(n: number): AlertRecord[];
  /** The highest window average stored from the minute of `from` on (0 when none). */
  highestAverage(from: number): number;
  close(): void;
}

/** A history database being written by a monitor. */
export interface History extends HistoryReader {
  /** Queue one completed second; seconds must come in order (an older or repeated one is ignored). */
  record(second: SecondRecord): void;
  /** Queue one alert transition. */
  recordAlert(alert: AlertRecord): void;
  /** Write everything queued in one transaction now (the timer does this every second). */
  flush(): void;
  /** The failure that stopped recording, or null while it records. */
  readonly failure: HistoryFailure | null;
}
