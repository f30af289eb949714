import { stat } from 'node:fs/promises';
import type { EngineEvent, FileEvent, Snapshot } from '../common/types';
import { createEmitter } from '../common/emitter';
import { DEFAULT_PREFS } from '../common/prefs';
import { numberProblem, PREF_RULES } from '../common/prefs-rules';
import { systemClock, type Engine, type EngineOptions, type TimerHandle } from './api';
import { endOfLastLine, findTailStart } from './backfill';
import { startBatchRead, type BatchRead } from './batch-read';
import { MonitorCore } from './core';
import { followingStatus, formatUnknownStatus, type FileStatus } from './follow/file-messages';
import { createFollower, type Follower } from './follow/follower';
import { openRegular } from './follow/open-regular';
import { createLineSplitter, type LineBatch } from './follow/line-splitter';

const DEFAULTS = DEFAULT_PREFS;
// Four ticks a second: a completed second is evaluated within a quarter second of completing.
const TICK_MS = 250;
const WARMUP_CHUNK = 1024 * 1024;

/** Check numeric options; the message names the bad one. */
export function checkOptions(o: EngineOptions): void {
  const bad = (name: string, v: unknown, rule: string) => {
    throw new RangeError(`${name} ${rule}, got ${String(v)}`);
  };
  if (typeof o.file !== 'string' || o.file.length === 0) bad('file', o.file, 'must be a path');
  for (const name of ['threshold', 'window', 'interval'] as const) {
    const v = o[name] ?? DEFAULTS[name];
    const problem = numberProblem(PREF_RULES[name], v, 'run');
    if (problem) bad(name, v, problem);
  }
}

/**
 * Follow one access log and turn it into expiring statistics, alerts and
 * summaries (docs/reference: clock, alerts, following). Pure Node: no Electron.
 */
export function createEngine(options: EngineOptions): Engine {
  checkOptions(options);
  const clock = options.clock ?? systemClock;
  const follow = options.follow ?? true;
  const windowSec = options.window ?? DEFAULTS.window;
  // A subscriber's bug must not stop the engine: the emitter reports and skips a throwing listener.
  const events = createEmitter<{ event: [EngineEvent]; ingest: [lines: number] }>();
  const emit = (e: EngineEvent) => events.emit('event', e);
  const core = new MonitorCore({
    threshold: options.threshold ?? DEFAULTS.threshold,
    window: windowSec,
    interval: options.interval ?? DEFAULTS.interval,
    format: options.format ?? 'auto',
    wall: () => clock.now(),
    // A live log replays its back-fill or catch-up first and goes live at its end (startOffset).
    live: false,
    ...(options.memory ? { memory: options.memory } : {}),
    ...(options.onSecond ? { onSecond: options.onSecond } : {}),
    ...(options.recordFrom !== undefined ? { recordFrom: options.recordFrom } : {}),
    emit,
  });

  let file: FileStatus = { state: 'waiting', code: 'starting', message: 'not started' };
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

  const setFile = (status: FileStatus) => {
    file = status;
    const event: FileEvent = {
      type: 'file',
      at: core.clock.now() ?? clock.now(),
      state: status.state,
      code: status.code,
      path: options.file,
      message: status.message,
    };
    emit(event);
  };

  /** While following, say so when no line read so far is in a known format, and when one is. */
  const checkFormat = () => {
    if (file.state !== 'following') return;
    const unknown = core.format === null && core.detector.rejected > 0;
    if (unknown !== (file.code === 'format-unknown'))
      setFile(unknown ? formatUnknownStatus(options.file) : followingStatus(options.file));
  };

  /** Feed a batch of lines to the core; returns how many lines it held. */
  const feed = (batch: LineBatch): number => {
    core.beginBatch();
    try {
      core.ingest(batch.lines, batch.overlong);
      let count = batch.lines.length + batch.overlong.length;
      for (const block of batch.blocks ?? []) count += core.ingestBlock(block);
      return count;
    } finally {
      core.endBatch();
    }
  };

  /** Batch runs of a large file: a worker reads and parses, this thread counts. */
  async function startInWorker(): Promise<boolean> {
    const read = await startBatchRead(
      options.file,
      (overlong, block) => {
        core.ingest([], overlong);
        const count = overlong.length + core.ingestParsed(block);
        events.emit('ingest', count);
      },
      options.batchWorkerMinBytes,
    );
    if (!read) return false;
    batchRead = read;
    read.done.then(
      () =>
        end(() => {
          setFile(followingStatus(options.file));
          core.finish();
          checkFormat();
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

  /**
   * Read [from, to) of the file in replay (log time drives the clock): the
   * back-filled tail silently, or a `--from-start` catch-up with its events.
   */
  async function replay(from: number, to: number, silent: boolean): Promise<void> {
    const fh = await openRegular(options.file);
    const splitter = createLineSplitter({ raw: true });
    const buf = Buffer.alloc(WARMUP_CHUNK);
    if (silent) core.beginWarmup();
    try {
      for (let pos = from; pos < to;) {
        const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, to - pos), pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        feed(splitter.push(buf.subarray(0, bytesRead)));
      }
    } finally {
      await fh.close();
    }
  }

  /**
   * The offset between the log's clock and this machine's, as the end of the
   * file tells it: its newest timestamp against its modification time (the
   * wall time when that line was written).
   */
  async function fileOffset(): Promise<number | null> {
    const newest = core.clock.now();
    if (newest === null) return null;
    try {
      // mtimeMs has a fraction; every time the engine hands out is whole Unix ms.
      return Math.round(newest - (await stat(options.file)).mtimeMs);
    } catch {
      return null;
    }
  }

  /**
   * Decide where following starts (the whole file, or the tail that fills the
   * window), read what comes before it in replay, then put the clock live.
   */
  async function startOffset(): Promise<'start' | number> {
    if (!follow) return 'start';
    try {
      return options.fromStart ? await catchUp() : await backFill();
    } catch {
      // Missing or unreadable: the follower reports it and reads the file from 0 once it can.
      core.goLive(null);
      return 'start';
    }
  }

  /** `--from-start`: replay the whole file with its events, then go live at its end. */
  async function catchUp(): Promise<number> {
    const last = await endOfLastLine(options.file);
    if (last > 0) await replay(0, last, false);
    core.goLive(await fileOffset());
    return last;
  }

  /** Read back just the tail that fills the window, silently, then go live at the end. */
  async function backFill(): Promise<number> {
    const tail = await findTailStart(options.file, options.format ?? 'auto', windowSec * 1000);
    if (tail.format) core.setFormat(tail.format);
    if (tail.fields) core.prime(tail.fields);
    if (tail.end > tail.offset) await replay(tail.offset, tail.end, true);
    core.endWarmup(await fileOffset());
    return tail.end;
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
        ...(options.rotatedIdleMs !== undefined ? { rotatedIdleMs: options.rotatedIdleMs } : {}),
      });
      follower = f;
      f.onLines((batch) => {
        const count = feed(batch);
        events.emit('ingest', count);
        checkFormat();
      });
      f.onState((state, message, code) => {
        setFile({ state, code, message });
        checkFormat();
      });
      if (!follow) {
        f.done.then(
          () =>
            end(() => {
              core.finish();
              checkFormat();
            }),
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
    async reopen() {
      await follower?.reopen();
    },
    async resume() {
      if (!paused || !follower) return;
      paused = false;
      await follower.start();
      startTimer();
    },
    setThreshold(threshold: number) {
      const problem = numberProblem(PREF_RULES.threshold, threshold, 'run');
      if (problem) throw new RangeError(`threshold ${problem}, got ${threshold}`);
      core.threshold = threshold;
    },
    snapshot(): Snapshot {
      return {
        ...core.picture(file.state, paused),
        file: { path: options.file, ...file },
        format: core.format,
      };
    },
    onAny: (listener) => events.on('event', listener),
    onIngest: (listener) => events.on('ingest', listener),
    async dispose() {
      if (disposed) return;
      disposed = true;
      stopTimer();
      await batchRead?.stop();
      await follower?.dispose();
      follower = null;
      events.clear();
    },
  };
  return engine;
}
