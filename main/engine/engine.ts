import { open } from 'node:fs/promises';
import type { EngineEvent, FileEvent, FileState, Snapshot } from '../common/types';
import {
  systemClock,
  type Engine,
  type EngineOptions,
  type Listener,
  type TimerHandle,
} from './api';
import { findTailStart } from './backfill';
import { startBatchRead, type BatchRead } from './batch-read';
import { MonitorCore } from './core';
import { createFollower, type Follower } from './follow/follower';
import { createLineSplitter, type LineBatch } from './follow/line-splitter';
import { trafficState } from './state';

export const DEFAULTS = { threshold: 10, window: 120, interval: 10 } as const;
const TICK_MS = 1000;
const WARMUP_CHUNK = 1024 * 1024;
const SECONDS_IN_SNAPSHOT = 3600;

/** Check numeric options; the message names the bad one. */
function checkOptions(o: EngineOptions): void {
  const bad = (name: string, v: unknown, rule: string) => {
    throw new RangeError(`${name} ${rule}, got ${String(v)}`);
  };
  if (typeof o.file !== 'string' || o.file.length === 0) bad('file', o.file, 'must be a path');
  const t = o.threshold ?? DEFAULTS.threshold;
  if (!(Number.isFinite(t) && t > 0)) bad('threshold', t, 'must be a number greater than 0');
  const w = o.window ?? DEFAULTS.window;
  if (!(Number.isInteger(w) && w >= 1)) bad('window', w, 'must be a whole number of seconds >= 1');
  const i = o.interval ?? DEFAULTS.interval;
  if (!(Number.isInteger(i) && i >= 1))
    bad('interval', i, 'must be a whole number of seconds >= 1');
}

/**
 * Follow one access log and turn it into expiring statistics, alerts and
 * summaries (SPEC sections 4 to 7). Pure Node: no Electron.
 */
export function createEngine(options: EngineOptions): Engine {
  checkOptions(options);
  const clock = options.clock ?? systemClock;
  const follow = options.follow ?? true;
  const windowSec = options.window ?? DEFAULTS.window;
  const listeners = new Set<(e: EngineEvent) => void>();
  const ingestListeners = new Set<(lines: number) => void>();
  const emit = (e: EngineEvent) => {
    for (const l of listeners) {
      try {
        l(e);
      } catch (err) {
        // A subscriber's bug must not stop the engine; report it where a developer will see it.
        console.error('http-console: event listener failed:', err);
      }
    }
  };
  const core = new MonitorCore({
    threshold: options.threshold ?? DEFAULTS.threshold,
    window: windowSec,
    interval: options.interval ?? DEFAULTS.interval,
    format: options.format ?? 'auto',
    wall: () => clock.now(),
    followWall: follow,
    ...(options.memory ? { memory: options.memory } : {}),
    emit,
  });

  let file: { state: FileState; message: string } = { state: 'waiting', message: 'not started' };
  let follower: Follower | null = null;
  let batchRead: BatchRead | null = null;
  let timer: TimerHandle | null = null;
  let paused = false;
  let disposed = false;
  let resolveFinished!: () => void;
  let rejectFinished!: (e: unknown) => void;
  const finished = new Promise<void>((res, rej) => {
    resolveFinished = res;
    rejectFinished = rej;
  });
  finished.catch(() => undefined);
  let ended = false;
  /** The end of a batch run, or a stop: one final summary, never after dispose. */
  const end = (summarise: () => void) => {
    if (ended) return;
    ended = true;
    if (!disposed) summarise();
    resolveFinished();
  };

  const setFile = (state: FileState, message: string) => {
    file = { state, message };
    const event: FileEvent = {
      type: 'file',
      at: core.clock.now() ?? clock.now(),
      state,
      path: options.file,
      message,
    };
    emit(event);
  };

  /** Feed a batch of lines to the core; returns how many lines it held. */
  const feed = (batch: LineBatch): number => {
    core.clock.hold();
    try {
      core.ingest(batch.lines, batch.overlong);
      let count = batch.lines.length + batch.overlong.length;
      for (const block of batch.blocks ?? []) count += core.ingestBlock(block);
      return count;
    } finally {
      core.clock.release();
    }
  };

  /** Batch runs of a large file: a worker reads and parses, this thread counts. */
  async function startInWorker(): Promise<boolean> {
    const read = await startBatchRead(
      options.file,
      (overlong, block) => {
        core.ingest([], overlong);
        const count = overlong.length + core.ingestParsed(block);
        for (const l of ingestListeners) l(count);
      },
      options.batchWorkerMinBytes,
    );
    if (!read) return false;
    batchRead = read;
    read.done.then(
      () =>
        end(() => {
          setFile('following', `following ${options.file}`);
          core.finish();
        }),
      (err) => rejectFinished(err),
    );
    return true;
  }

  const startTimer = () => {
    if (follow && timer === null) timer = clock.setInterval(() => core.tick(), TICK_MS);
  };
  const stopTimer = () => {
    if (timer !== null) clock.clearInterval(timer);
    timer = null;
  };

  /** Read the back-filled tail [from, to) into the core without evaluating it second by second. */
  async function warmUp(from: number, to: number): Promise<void> {
    const fh = await open(options.file, 'r');
    const splitter = createLineSplitter({ raw: true });
    const buf = Buffer.alloc(WARMUP_CHUNK);
    core.beginWarmup();
    try {
      for (let pos = from; pos < to;) {
        const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, to - pos), pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        feed(splitter.push(buf.subarray(0, bytesRead)));
      }
    } finally {
      await fh.close();
      core.endWarmup();
    }
  }

  /** Decide where following starts: the whole file, or the tail that fills the window. */
  async function startOffset(): Promise<'start' | number> {
    if (options.fromStart || !follow) return 'start';
    let tail;
    try {
      tail = await findTailStart(options.file, options.format ?? 'auto', windowSec * 1000);
    } catch {
      // Missing or unreadable: the follower reports it and reads the file from 0 once it can.
      return 'start';
    }
    if (tail.format) core.setFormat(tail.format);
    if (tail.fields) core.prime(tail.fields);
    const end = await lastLineEnd(options.file);
    if (end > tail.offset) await warmUp(tail.offset, end);
    return end;
  }

  const engine: Engine = {
    finished,
    get paused() {
      return paused;
    },
    async start() {
      if (follower || batchRead || disposed) return;
      if (!follow && (await startInWorker())) return;
      const start = await startOffset();
      const f = createFollower({
        path: options.file,
        start,
        follow,
        clock,
        // Two reads of 256 KiB are in flight at most (read-ahead); a burst still yields often.
        maxBatchBytes: 256 * 1024,
        raw: true,
        ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
        ...(options.watch !== undefined ? { watch: options.watch } : {}),
      });
      follower = f;
      f.onLines((batch) => {
        const count = feed(batch);
        for (const l of ingestListeners) l(count);
      });
      f.onState((state, message) => setFile(state, message));
      if (!follow) {
        f.done.then(
          () => end(() => core.finish()),
          (err) => rejectFinished(err),
        );
      }
      await f.start();
      startTimer();
    },
    async stop() {
      if (ended || disposed) return;
      stopTimer();
      await batchRead?.stop();
      await follower?.stop();
      // A batch run treats what it read as complete; a followed one is cut mid-second.
      end(() => (follow ? core.summariseNow() : core.finish()));
    },
    async pause() {
      if (paused || !follower) return;
      paused = true;
      stopTimer();
      await follower.stop();
    },
    async resume() {
      if (!paused || !follower) return;
      paused = false;
      await follower.start();
      startTimer();
    },
    setThreshold(threshold: number) {
      if (!(Number.isFinite(threshold) && threshold > 0)) {
        throw new RangeError(`threshold must be a number greater than 0, got ${threshold}`);
      }
      core.threshold = threshold;
    },
    snapshot(): Snapshot {
      const stats = core.stats();
      return {
        at: core.clock.now(),
        file: { path: options.file, ...file },
        format: core.format,
        threshold: core.threshold,
        window: windowSec,
        interval: options.interval ?? DEFAULTS.interval,
        avg: core.avg,
        windowHits: core.windowHits,
        alert: { ...core.alert },
        state: trafficState({
          hasFile: true,
          paused,
          file: file.state,
          alert: core.alert.active,
          avg: core.avg,
          threshold: core.threshold,
        }),
        paused,
        lastSummary: core.lastSummary,
        stats,
        seconds: core.seconds.slice(-SECONDS_IN_SNAPSHOT),
        malformedSamples: [...core.samples],
        history: [...core.history],
      };
    },
    on<T extends EngineEvent['type']>(type: T, listener: Listener<T>) {
      const wrapped = (e: EngineEvent) => {
        if (e.type === type) listener(e as Extract<EngineEvent, { type: T }>);
      };
      listeners.add(wrapped);
      return () => listeners.delete(wrapped);
    },
    onAny(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onIngest(listener) {
      ingestListeners.add(listener);
      return () => ingestListeners.delete(listener);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      stopTimer();
      await batchRead?.stop();
      await follower?.dispose();
      follower = null;
      listeners.clear();
      ingestListeners.clear();
    },
  };
  return engine;
}

/** Offset just after the file's last newline (the partial line after it is the follower's to hold). */
async function lastLineEnd(path: string): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const buf = Buffer.alloc(64 * 1024);
    for (let end = size; end > 0;) {
      const start = Math.max(0, end - buf.length);
      await fh.read(buf, 0, end - start, start);
      const nl = buf.subarray(0, end - start).lastIndexOf(10);
      if (nl >= 0) return start + nl + 1;
      end = start;
    }
    return 0;
  } finally {
    await fh.close();
  }
}
