/**
 * The one API the dashboard page talks to. In Electron the preload bridge
 * implements it over IPC (`window.api`); in a browser an HTTP + Server-Sent
 * Events client implements the same shape. One page, two bridges.
 */
import type { HistoryQuery, HistoryRange } from './history-types';
import type { Prefs, PrefsPatch } from './prefs';
import type { EngineEvent, MalformedEvent, Snapshot } from './types';

/**
 * The live figures of a snapshot, pushed to the web page with the seconds so
 * it need not fetch the whole snapshot to keep its panels current
 * (docs/reference/web.md). `malformedSamples` only when they changed.
 */
export interface FiguresEvent {
  type: 'figures';
  /** The snapshot's `at`: monitor time the figures are as of. */
  at: number | null;
  stats: Snapshot['stats'];
  malformedSamples?: MalformedEvent[];
  /** Each source's state and each fleet instance's rate (they change between summaries too). */
  inputs?: Snapshot['inputs'];
  instances?: Snapshot['instances'];
}

/** What the host pushes to the page. */
export type PushEvent =
  | EngineEvent
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'prefs'; prefs: Prefs }
  | FiguresEvent;

export type SetPrefsResult =
  { ok: true; prefs: Prefs } | { ok: false; field: string; message: string };

export interface DashboardApi {
  /** Which bridge this is; the page hides desktop-only controls on `web`. */
  readonly kind: 'electron' | 'web';
  /** The current picture (figures, state, history, recent seconds). */
  snapshot(): Promise<Snapshot>;
  getPrefs(): Promise<Prefs>;
  /** Validated by the host; a bad value is refused whole, naming the field. */
  setPrefs(patch: PrefsPatch): Promise<SetPrefsResult>;
  /**
   * Desktop only: the native file dialog (several files may be chosen); the
   * host then watches them. Resolves to the chosen paths, or null when cancelled or refused.
   */
  chooseLogFile(): Promise<string[] | null>;
  /**
   * Figures and points of a past range, read from the database; null when the
   * host keeps no history (`--no-db`). A bad range is refused with an error naming the field.
   */
  history(range: HistoryQuery): Promise<HistoryRange | null>;
  /** Subscribe to pushes; returns the unsubscribe function. */
  onEvent(listener: (event: PushEvent) => void): () => void;
}
