/**
 * What the one-file engine (engine.ts) and the several-sources engine
 * (multi-engine.ts) share: option checks, the core they build, the clock's
 * tick and the snapshot they hand out.
 */
import type {
  EngineEvent,
  FileCode,
  FileEvent,
  FileState,
  FormatName,
  InputStatus,
  Snapshot,
} from '../common/types';
import { DEFAULT_PREFS } from '../common/prefs';
import { numberProblem, PREF_RULES } from '../common/prefs-rules';
import type { Clock, EngineOptions } from './api';
import type { FollowerOptions } from './follow/follower-types';
import { MonitorCore } from './core';
import { createLineSplitter, type LineBatch } from './follow/line-splitter';
import { openRegular } from './follow/open-regular';
import type { SourceParse } from './source-parse';

// Four ticks a second: a completed second is evaluated within a quarter second of completing.
export const TICK_MS = 250;
const REPLAY_CHUNK = 1024 * 1024;

/** Check numeric options; the message names the bad one. */
export function checkOptions(o: EngineOptions): void {
  const bad = (name: string, v: unknown, rule: string) => {
    throw new RangeError(`${name} ${rule}, got ${String(v)}`);
  };
  if (typeof o.file !== 'string' || o.file.length === 0) bad('file', o.file, 'must be a path');
  for (const name of ['threshold', 'window', 'interval'] as const) {
    const v = o[name] ?? DEFAULT_PREFS[name];
    const problem = numberProblem(PREF_RULES[name], v, 'run');
    if (problem) bad(name, v, problem);
  }
}

/** Change the threshold live, refusing a bad one with its reason. */
export function setCoreThreshold(core: MonitorCore, threshold: number): void {
  const problem = numberProblem(PREF_RULES.threshold, threshold, 'run');
  if (problem) throw new RangeError(`threshold ${problem}, got ${threshold}`);
  core.threshold = threshold;
}

/**
 * The core of an engine. Its clock replays log time until the engine puts it
 * live (after a back-fill or catch-up, or at once for syslog).
 */
export function createCore(
  options: EngineOptions,
  clock: Clock,
  emit: (e: EngineEvent) => void,
  naming: { source: string; nameSources: boolean },
): MonitorCore {
  return new MonitorCore({
    threshold: options.threshold ?? DEFAULT_PREFS.threshold,
    window: options.window ?? DEFAULT_PREFS.window,
    interval: options.interval ?? DEFAULT_PREFS.interval,
    format: options.format ?? 'auto',
    wall: () => clock.now(),
    live: false,
    ...naming,
    ...(options.memory ? { memory: options.memory } : {}),
    ...(options.onSecond ? { onSecond: options.onSecond } : {}),
    ...(options.recordFrom !== undefined ? { recordFrom: options.recordFrom } : {}),
    ...(options.anonymizeHosts ? { anonymizeHosts: true } : {}),
    emit,
  });
}

/** What a snapshot shows besides the core's figures. */
export interface SnapshotInputs {
  options: EngineOptions;
  file: Snapshot['file'];
  format: FormatName | null;
  paused: boolean;
  inputs: InputStatus[];
}

/** The current picture of an engine. */
export function snapshotOf(core: MonitorCore, s: SnapshotInputs): Snapshot {
  return {
    ...core.picture(s.file.state, s.paused),
    file: s.file,
    format: s.format,
    inputs: s.inputs,
  };
}

/** Feed a batch of lines (of `src`, or the core's one source) to the core; returns how many it held. */
export function feedBatch(core: MonitorCore, batch: LineBatch, src?: SourceParse): number {
  core.beginBatch();
  try {
    core.ingest(batch.lines, batch.overlong, src);
    let count = batch.lines.length + batch.overlong.length;
    for (const block of batch.blocks ?? []) count += core.ingestBlock(block, src);
    return count;
  } finally {
    core.endBatch();
  }
}

/** Read the lines in [from, to) of the file at `path` (a back-filled tail, a catch-up). */
export async function readRange(
  path: string,
  from: number,
  to: number,
  onBatch: (batch: LineBatch) => void,
): Promise<void> {
  const fh = await openRegular(path);
  const splitter = createLineSplitter({ raw: true });
  const buf = Buffer.alloc(REPLAY_CHUNK);
  try {
    for (let pos = from; pos < to;) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, to - pos), pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      onBatch(splitter.push(buf.subarray(0, bytesRead)));
    }
  } finally {
    await fh.close();
  }
}

/** An engine's `finished` promise and its one end. */
export interface Ending {
  readonly finished: Promise<void>;
  readonly ended: boolean;
  /** The end of a batch run, or a stop: one final summary (never after dispose), then `finished`. */
  end(summarise: () => void): void;
  /** A read failed: `finished` rejects with it. */
  fail(err: unknown): void;
}

export function createEnding(disposed: () => boolean): Ending {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const finished = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  finished.catch(() => undefined);
  let ended = false;
  return {
    finished,
    get ended() {
      return ended;
    },
    end(summarise) {
      if (ended) return;
      ended = true;
      if (!disposed()) summarise();
      resolve();
    },
    fail: (err) => reject(err),
  };
}

/** A file event about `path`, stamped by the monitor's clock (the wall clock before any line). */
export function fileEvent(
  core: MonitorCore,
  clock: Clock,
  path: string,
  s: { state: FileState; code: FileCode; message: string },
): FileEvent {
  const at = core.clock.now() ?? clock.now();
  return { type: 'file', at, state: s.state, code: s.code, path, message: s.message };
}

/** How a followed file is read: the engine's tuning of its followers. */
export function followerTuning(
  options: EngineOptions,
): Pick<FollowerOptions, 'maxBatchBytes' | 'raw' | 'pollMs' | 'watch' | 'rotatedIdleMs'> {
  return {
    // Two reads of 256 KiB are in flight at most (read-ahead); a burst still yields often.
    maxBatchBytes: 256 * 1024,
    raw: true,
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.watch !== undefined ? { watch: options.watch } : {}),
    ...(options.rotatedIdleMs !== undefined ? { rotatedIdleMs: options.rotatedIdleMs } : {}),
  };
}
