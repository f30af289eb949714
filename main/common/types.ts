/**
 * Data types shared by the engine and every front-end (console, web server,
 * Electron main, preload, renderer). Pure types: no runtime code, no imports.
 * These shapes are also the `--json` interface (see
 * docs/reference/json-events.md): change them only in a backward-compatible way.
 */

/** Log formats the engine can parse (see docs/reference/formats.md). */
export type FormatName = 'common' | 'combined' | 'w3c' | 'csv';
/** A format, or `auto` to detect it from the first lines. */
export type FormatOption = FormatName | 'auto';

/** What the follower knows about the file (see docs/reference/following.md). */
export type FileState = 'following' | 'waiting' | 'error' | 'rotated' | 'truncated';

/**
 * The stable, machine-readable reason behind a FileState (scripts match this,
 * never the English message). See docs/reference/following.md.
 */
export type FileCode =
  | 'no-file'
  | 'starting'
  | 'following'
  | 'format-unknown'
  | 'waiting-missing'
  | 'waiting-dir-missing'
  | 'error-permission'
  | 'error-directory'
  | 'error-fifo'
  | 'error-device'
  | 'error-socket'
  | 'error-not-regular'
  | 'error-io'
  | 'rotated-rename'
  | 'rotated-resumed'
  | 'truncated'
  // A fleet watched through Prometheus (see docs/reference/metrics.md, "Reading a fleet").
  | 'prometheus-down'
  | 'prometheus-error'
  | 'prometheus-slow'
  | 'no-instances';

/** One `{key, hits}` row of a top list, largest first. */
export interface SectionCount {
  section: string;
  hits: number;
}
export interface HostCount {
  host: string;
  hits: number;
}
export interface CodeCount {
  code: number;
  hits: number;
}
export interface MethodCount {
  method: string;
  hits: number;
}
/** Hits of one source: a file path, `stdin`, or a syslog sender's `HOST/TAG`. */
export interface SourceCount {
  source: string;
  hits: number;
}

/**
 * Requests by status class; the classes sum to the hits. `other` holds codes
 * outside 100–599 and hits whose status is unknown (`-`).
 */
export interface StatusClasses {
  '1xx': number;
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
  other: number;
}

/**
 * Figures for one span of time: an interval, the alert window, or since start.
 * Top lists may be approximate under a flood of distinct keys and are exact
 * for ordinary traffic (see docs/reference/json-events.md).
 */
export interface Stats {
  /** Requests counted. */
  hits: number;
  /** hits / seconds. */
  rps: number;
  /** Length of the span in seconds, the divisor of `rps`. */
  seconds: number;
  sections: SectionCount[];
  status: StatusClasses;
  codes: CodeCount[];
  methods: MethodCount[];
  hosts: HostCount[];
  /**
   * Hits by source, largest first (see docs/reference/sources.md). One entry
   * when the monitor reads one source; absent in events of versions before 0.3.
   */
  sources?: SourceCount[];
  /** Distinct client hosts (exact up to a few thousand, then a HyperLogLog estimate). */
  distinctHosts: number;
  /** Bytes sent, over the hits whose byte count is known. */
  bytes: number;
  /** 5xx share of hits with a known status, 0..1. */
  errorRate: number;
  malformed: number;
  /** Lines older than the window when read (counted in totals only). */
  late: number;
  /** Lines more than 1 hour ahead of the wall clock (counted in totals only). */
  skewed: number;
}

/** Emitted every interval of the monitor's clock. */
export interface SummaryEvent {
  type: 'summary';
  /** Unix ms, monitor clock: the end of the interval. */
  at: number;
  interval: Stats;
  window: Stats;
  total: Stats;
}

/** Emitted once per transition (see docs/reference/alerts.md). */
export interface AlertEvent {
  type: 'alert' | 'recovery';
  /** Unix ms, monitor clock: the start of the second whose evaluation crossed. */
  at: number;
  /** Average req/s over the window at that second. */
  avg: number;
  /**
   * Highest window average of the alert: for an alert its own `avg`, for a
   * recovery the highest average the alert reached (absent in events kept
   * from versions before 0.2).
   */
  peak?: number;
  /** Hits in the window at that second. */
  hits: number;
  threshold: number;
  /** Window length in seconds. */
  window: number;
}

export interface FileEvent {
  type: 'file';
  /** Unix ms, monitor clock (wall clock before the first line). */
  at: number;
  state: FileState;
  /** Why, for scripts: stable across releases, unlike `message`. */
  code: FileCode;
  path: string;
  message: string;
}

export interface MalformedEvent {
  type: 'malformed';
  at: number;
  /** The line, truncated to 200 characters. */
  line: string;
  reason: string;
}

/** One evaluated second, for charts. Not part of the console's `--json` output. */
export interface SecondEvent {
  type: 'second';
  /** Unix ms of the start of the second. */
  at: number;
  /** Hits whose timestamp is in this second (as known when it was evaluated). */
  hits: number;
  /** Window average at this second. */
  avg: number;
  alert: boolean;
}

/** Every event the engine emits. */
export type EngineEvent = SummaryEvent | AlertEvent | FileEvent | MalformedEvent | SecondEvent;

/** Traffic state shown by the tray and the dashboard badge (see docs/reference/tray.md). */
export type TrafficState = 'idle' | 'waiting' | 'error' | 'normal' | 'elevated' | 'alert';

/** Everything a late subscriber needs to draw the current picture. */
export interface Snapshot {
  /** Unix ms, monitor clock; null before the first line. */
  at: number | null;
  file: { path: string; state: FileState; code: FileCode; message: string };
  /** Detected or forced format; null until known. */
  format: FormatName | null;
  threshold: number;
  /** Seconds. */
  window: number;
  /** Seconds. */
  interval: number;
  /** Current window average, req/s. */
  avg: number;
  /** Hits in the current window. */
  windowHits: number;
  alert: { active: boolean; since: number | null };
  state: TrafficState;
  /** Following is paused by the user (state is then `idle`). */
  paused: boolean;
  /** The last completed interval's summary, if any. */
  lastSummary: SummaryEvent | null;
  /** Figures for the current window and since start. */
  stats: { window: Stats; total: Stats };
  /** The most recent evaluated seconds, oldest first (bounded). */
  seconds: SecondEvent[];
  /** The last 20 malformed lines. */
  malformedSamples: MalformedEvent[];
  /** Alert transitions, oldest first (the last 1000). */
  history: AlertEvent[];
  /**
   * Each source's own condition, in the order they were given (files a glob
   * matches, and syslog senders, as they appear). One entry for one file.
   * `file` above is then the combined picture (see docs/reference/sources.md).
   */
  inputs?: InputStatus[];
  /** Watching a fleet through Prometheus: each instance's rate and whether it reports. */
  instances?: InstanceStatus[];
  /**
   * Requests since start by section and status class, as `/metrics` exports
   * them: the top sections (each from when it entered the top list), then
   * `other`. Every count only grows (see docs/reference/metrics.md).
   */
  sectionRequests?: { section: string; status: StatusClasses }[];
}

/** Kinds of source a monitor reads. */
export type InputKind = 'file' | 'stdin' | 'syslog' | 'prometheus';

/** One source's condition, as a file's (see docs/reference/sources.md). */
export interface InputStatus {
  /** Its name: the file path, `stdin`, `udp://HOST:PORT` (a listener) or `HOST/TAG` (a sender). */
  source: string;
  kind: InputKind;
  state: FileState;
  /** A FileCode, or a source's own stable code (e.g. `syslog-listening`). */
  code: string;
  message: string;
  /** Detected or forced format of its lines; null until known. */
  format: FormatName | null;
}

/** One instance of a fleet watched through Prometheus. */
export interface InstanceStatus {
  instance: string;
  /** Requests per second over the window. */
  rps: number;
  /** Its share of the fleet's requests over the window, 0..1. */
  share: number;
  /** false: its target is down or stopped reporting (shown as missing). */
  up: boolean;
}
