/**
 * The follower's public shape: options and the Follower interface, plus
 * option validation (bad input gets an error naming the option).
 */
import type { Clock } from '../api';
import type { StateListener } from './follower-events';
import type { LineBatch } from './line-splitter';

export interface FollowerOptions {
  path: string;
  /** Where to begin in the file present at start (a number: a byte offset at a line start). */
  start: 'start' | 'end' | number;
  /** false: read to EOF once, deliver the final unterminated line too, resolve `done`. */
  follow: boolean;
  /** Safety-net stat poll, ms. Default 1000. */
  pollMs?: number;
  /** Filesystem notifications (parent-watcher.ts) as a hint to poll. Default true. */
  watch?: boolean;
  /** Bytes read per read before yielding the event loop. Default 1 MiB. */
  maxBatchBytes?: number;
  /** Deliver lines as undecoded blocks of bytes (LineBatch.blocks). Default false. */
  raw?: boolean;
  /**
   * A rotated-away file is kept open and drained until it has had no new
   * bytes for this long, ms (servers write to it until they are signalled).
   * Default 30 000.
   */
  rotatedIdleMs?: number;
  clock?: Clock;
}

export interface Follower {
  /** follow:true: begin (a missing file is waited for). follow:false: open, or reject naming path and reason. */
  start(): Promise<void>;
  /** follow:false: resolves after the last batch; follow:true: on dispose. */
  readonly done: Promise<void>;
  /** Check the file now and deliver what is new (serialized with every other poll). */
  poll(): Promise<void>;
  /** Close and reopen the file at the path (SIGHUP), keeping every position: nothing is lost. */
  reopen(): Promise<void>;
  /** Pause: release the watcher and timer, keep position, identity and open files. */
  stop(): Promise<void>;
  /** Release every watcher, timer and file handle. Idempotent. */
  dispose(): Promise<void>;
  /** Looks at the path so far, each a stat or a read (diagnostics, and tests of the poll pace). */
  readonly looks: number;
  onLines(cb: (batch: LineBatch) => void): () => void;
  onState(cb: StateListener): () => void;
}

/** Throws an Error naming the first bad option. */
export function validateFollowerOptions(o: FollowerOptions): void {
  if (typeof o.path !== 'string' || o.path === '')
    throw new Error('follower: path must be a non-empty string');
  const s = o.start;
  if (s !== 'start' && s !== 'end' && !(Number.isSafeInteger(s) && s >= 0)) {
    throw new Error(
      `follower: start must be 'start', 'end' or a byte offset >= 0, got ${String(s)}`,
    );
  }
  const idle = o.rotatedIdleMs;
  if (idle !== undefined && !(Number.isFinite(idle) && idle >= 0))
    throw new Error(`follower: rotatedIdleMs must be >= 0, got ${idle}`);
  for (const key of ['pollMs', 'maxBatchBytes'] as const) {
    const v = o[key];
    if (v !== undefined && !(Number.isFinite(v) && v > 0))
      throw new Error(`follower: ${key} must be > 0, got ${v}`);
  }
}
