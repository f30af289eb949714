/**
 * The engine's public API: what the console, the web server and the Electron
 * main process consume. The engine imports nothing from Electron (enforced by
 * eslint) and reads time only through an injected Clock.
 */
import type { HistoryQuery, HistoryRange } from '../common/history-types';
import type {
  AlertEvent,
  EngineEvent,
  FormatOption,
  Snapshot,
  StatusClasses,
} from '../common/types';
import type { KeyCounts } from './stats/key-counts';

export type { KeyCounts, KeyRef, KeySpace } from './stats/key-counts';

/** An opaque timer handle. */
export type TimerHandle = unknown;

/** Wall clock and timers, injected so tests can move time by minutes in a millisecond. */
export interface Clock {
  /** Unix ms. */
  now(): number;
  setInterval(fn: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setInterval: (fn, ms) => {
    const h = setInterval(fn, ms);
    h.unref?.();
    return h;
  },
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * One completed second as the history database keeps it (docs/reference/history.md):
 * its totals and every key it holds, exact. Sent once per second, in order.
 * The key lists are the engine's own, lent for the call (see KeyCounts).
 */
export interface SecondDetail {
  /** Unix ms, start of the second (monitor clock). */
  at: number;
  hits: number;
  bytes: number;
  status: StatusClasses;
  malformed: number;
  late: number;
  skewed: number;
  /** Window average at this second. */
  avg: number;
  /** Alert active after evaluating this second. */
  alert: boolean;
  sections: KeyCounts<string>;
  hosts: KeyCounts<string>;
  codes: KeyCounts<number>;
  methods: KeyCounts<string>;
}

/** Alert state carried over a restart (docs/reference/alerts.md). */
export interface AlertMemory {
  active: boolean;
  /** Unix ms of the transition that started the active alert. */
  since: number | null;
  /** The active alert's highest average so far, when known (a history database keeps it). */
  peak?: number;
  /** Past transitions, oldest first; the engine keeps the last 1000. */
  history: AlertEvent[];
}

/**
 * One source of a monitor (docs/reference/sources.md). A file `path` may be a
 * glob (matching files are picked up while running) or a `.gz` file (read,
 * never followed); `-` is standard input.
 */
export type SourceSpec =
  | { kind: 'file'; path: string }
  | { kind: 'stdin'; stream?: NodeJS.ReadableStream }
  | { kind: 'syslog'; url: string; allow?: string[] };

export interface EngineOptions {
  /** Path of the log to follow (one file; `sources` for several). */
  file: string;
  /** Several sources in one monitor, alerting on the combined rate; `file` then names the set. */
  sources?: SourceSpec[];
  /** Average req/s over the window that raises an alert. Default and range: PREF_RULES. */
  threshold?: number;
  /** Alert window, seconds. Default and range: PREF_RULES (the `run` range). */
  window?: number;
  /** Summary interval, seconds. Default and range: PREF_RULES (the `run` range). */
  interval?: number;
  /** Default auto. */
  format?: FormatOption;
  /** Read the whole file first instead of only the tail that fills the window. */
  fromStart?: boolean;
  /** false: read to the end, emit the final summary, resolve `finished`. Default true. */
  follow?: boolean;
  /** Alert state and history from a previous run. */
  memory?: AlertMemory;
  /** Each completed second, for the history database (see `SecondDetail`). */
  onSecond?: (second: SecondDetail) => void;
  /** Unix s: the seconds up to this one are in the history database already (not sent again). */
  recordFrom?: number;
  /**
   * Count client hosts by their IPv4 /24, IPv6 /48 or registrable domain
   * (top lists, distinct counts, the history) and mask the host leading a
   * malformed sample. Default false (docs/reference/security.md).
   */
  anonymizeHosts?: boolean;
  clock?: Clock;
  /** Safety-net poll period of the follower, ms. Default 1000. */
  pollMs?: number;
  /** Use filesystem notifications (fs.watch on the log's directory) in addition to polling. Default true. */
  watch?: boolean;
  /** Keep draining a rotated-away file until it has had no new bytes for this long, ms. Default 30 000. */
  rotatedIdleMs?: number;
  /**
   * `follow: false` only: files of at least this many bytes are read and
   * parsed on a worker thread while the main thread counts. Default 4 MiB;
   * Infinity: never.
   */
  batchWorkerMinBytes?: number;
  /** `sources` with globs, following: how often they are expanded again for new files, ms. Default 3000. */
  rescanMs?: number;
  /** Warnings for the user (a syslog listener bound beyond loopback). Default: standard error. */
  warn?: (message: string) => void;
}

export interface Engine {
  /** Open the file (or wait for it) and start following. */
  start(): Promise<void>;
  /** Resolves once a `follow: false` run has read to the end and emitted its final summary. */
  readonly finished: Promise<void>;
  /**
   * Stop for good (SIGINT/SIGTERM): stop reading, then emit one final summary
   * of what was read since the last one. A batch run resolves `finished`.
   * Idempotent; nothing more once a batch run has finished.
   */
  stop(): Promise<void>;
  /** Stop reading and the clock's timer; statistics are kept. */
  pause(): Promise<void>;
  /** Continue from where reading stopped. */
  resume(): Promise<void>;
  /** Re-stat and reopen the file now (SIGHUP), keeping every position: nothing is lost. */
  reopen(): Promise<void>;
  readonly paused: boolean;
  /** Change the threshold live; the next evaluated second uses it. */
  setThreshold(threshold: number): void;
  /** The current picture, for late subscribers. */
  snapshot(): Snapshot;
  /** Subscribe to every event; returns the unsubscribe function. */
  onAny(listener: (event: EngineEvent) => void): () => void;
  /** Called after each batch of lines read from the file is counted (with the number of lines). */
  onIngest(listener: (lines: number) => void): () => void;
  /** Release every watcher, timer and file handle. Idempotent. */
  dispose(): Promise<void>;
}

/** Where a Monitor keeps alert state and history between runs (electron-store, a JSON file, memory). */
export interface AlertMemoryStore {
  load(): AlertMemory | null;
  save(memory: AlertMemory): void;
}

/** A fleet watched through Prometheus's HTTP API (docs/reference/metrics.md, "Reading a fleet"). */
export interface FleetTarget {
  /** Base URL of Prometheus, e.g. `http://prometheus:9090`. */
  url: string;
  /** Label matchers narrowing the agents, e.g. `{job="web"}`; empty: all of them. */
  selector: string;
  /** File holding the bearer token Prometheus asks for; null: none. */
  tokenFile: string | null;
}

/**
 * Settings a Monitor runs with: the effective preferences of a run
 * (stored prefs overridden by command-line flags).
 */
export interface MonitorSettings {
  /** null: no file chosen (state idle). With `sources`, the first of them (shown as the log). */
  file: string | null;
  /** Several sources followed as one monitor, alerting on the combined rate. Absent: `file` alone. */
  sources?: SourceSpec[];
  /** Watch a fleet through Prometheus instead of logs (`file` and `sources` are then unused). */
  fleet?: FleetTarget;
  threshold: number;
  window: number;
  interval: number;
  format: FormatOption;
  /** Count client hosts by their /24, /48 or domain (EngineOptions.anonymizeHosts). Default false. */
  anonymizeHosts?: boolean;
}

/**
 * Owns the current Engine for a front-end that changes settings at run time
 * (the tray app, the web dashboard): restarts the engine when the file,
 * window, interval, format or host anonymising change, changes the threshold live, pauses and
 * resumes, persists alert state and history, and re-emits engine events.
 */
export interface Monitor {
  /** Current picture; an idle one when no file is chosen. */
  snapshot(): Snapshot;
  /** Apply new settings (validated by the caller). */
  apply(settings: MonitorSettings): Promise<void>;
  readonly settings: MonitorSettings;
  pause(): Promise<void>;
  resume(): Promise<void>;
  readonly paused: boolean;
  /** Stop the current engine with its final summary (Engine.stop), before dispose. */
  stop(): Promise<void>;
  /** Re-stat and reopen the followed file now (SIGHUP), keeping every position. */
  reopen(): Promise<void>;
  /** Every engine event, across engine restarts; returns the unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Called after any change a snapshot would show that is not an engine event (settings, pause). */
  onChange(listener: () => void): () => void;
  /** A past range from the history database; absent, or null, when there is none. */
  history?(range: HistoryQuery): Promise<HistoryRange | null>;
  dispose(): Promise<void>;
}

/**
 * The history database of one log source, as a Monitor uses it
 * (docs/reference/history.md; main/history/link.ts makes one).
 */
export interface HistorySink {
  /** The newest second it holds (Unix s), or null when it is empty. */
  readonly newestSecond: number | null;
  record(second: SecondDetail): void;
  /** An alert transition, with the settings in force when it happened. */
  recordAlert(alert: AlertEvent, settings: MonitorSettings): void;
  range(query: HistoryQuery): HistoryRange;
  /** The alert state and transitions it holds: a monitor's memory when history is on. */
  alertMemory(): AlertMemory;
  /** Write what is queued and close. */
  close(): void;
}

export interface MonitorOptions {
  settings: MonitorSettings;
  /** Makes each engine (default createEngine, a log's); `--prometheus` passes the fleet's. */
  createEngine?: (options: EngineOptions) => Engine;
  store?: AlertMemoryStore;
  /**
   * The history database of what the monitor reads, named by `sourceSetName`
   * (monitor.ts): a log file, a set of them, or a fleet. null when there is none (off, or refused).
   */
  history?: (source: string) => HistorySink | null;
  clock?: Clock;
  pollMs?: number;
  watch?: boolean;
}
