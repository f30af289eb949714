/**
 * Follows one log file (SPEC section 7): by identity (dev, ino) and size,
 * through rename + recreate, copy-and-truncate, delete + recreate, a file
 * moved into place, a missing or unreadable path, without losing or
 * repeating a line. Filesystem notifications only trigger a poll; the stat
 * decides, and a slow poll is the safety net for lost notifications.
 */
import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { FileState } from '../../common/types';
import { systemClock, type Clock, type TimerHandle } from '../api';
import { describeFsError, describeNotRegular, isMissing } from './file-messages';
import type { LineBatch } from './line-splitter';
import { watchParent, type ParentWatcher } from './parent-watcher';
import { createPollLoop } from './poll-loop';
import {
  fingerprintHolds,
  loadFingerprint,
  readToEnd,
  rewind,
  sameFile,
  trackFile,
  type TrackedFile,
} from './tracked-file';

export type { LineBatch } from './line-splitter';

export interface FollowerOptions {
  path: string;
  /** Where to begin in the file present at start (a number: a byte offset at a line start). */
  start: 'start' | 'end' | number;
  /** false: read to EOF once, deliver the final unterminated line too, resolve `done`. */
  follow: boolean;
  /** Safety-net stat poll, ms. Default 1000. */
  pollMs?: number;
  /** chokidar notifications as a hint to poll. Default true. */
  watch?: boolean;
  /** Bytes read per read before yielding the event loop. Default 1 MiB. */
  maxBatchBytes?: number;
  clock?: Clock;
}

export interface Follower {
  /** follow:true: begin (a missing file is waited for). follow:false: open, or reject naming path and reason. */
  start(): Promise<void>;
  /** follow:false: resolves after the last batch; follow:true: on dispose. */
  readonly done: Promise<void>;
  /** Check the file now and deliver what is new (serialized with every other poll). */
  poll(): Promise<void>;
  /** Pause: release the watcher and timer, keep position, identity and open files. */
  stop(): Promise<void>;
  /** Release every watcher, timer and file handle. Idempotent. */
  dispose(): Promise<void>;
  onLines(cb: (batch: LineBatch) => void): () => void;
  onState(cb: (state: FileState, message: string) => void): () => void;
}

/** A file replaced at the path, still drained for writers that kept it open. */
interface Retired {
  file: TrackedFile;
  polls: number;
  since: number;
}

function validate(o: FollowerOptions): void {
  if (typeof o.path !== 'string' || o.path === '')
    throw new Error('follower: path must be a non-empty string');
  const s = o.start;
  if (s !== 'start' && s !== 'end' && !(Number.isSafeInteger(s) && s >= 0)) {
    throw new Error(
      `follower: start must be 'start', 'end' or a byte offset >= 0, got ${String(s)}`,
    );
  }
  for (const key of ['pollMs', 'maxBatchBytes'] as const) {
    const v = o[key];
    if (v !== undefined && !(Number.isFinite(v) && v > 0))
      throw new Error(`follower: ${key} must be > 0, got ${v}`);
  }
}

/** Creates a follower; nothing happens until start() or poll(). */
export function createFollower(options: FollowerOptions): Follower {
  validate(options);
  const { path, follow } = options;
  const clock = options.clock ?? systemClock;
  const pollMs = options.pollMs ?? 1000;
  const useWatch = options.watch ?? true;
  const buf = Buffer.allocUnsafe(Math.floor(options.maxBatchBytes ?? 1 << 20));
  const lineListeners = new Set<(batch: LineBatch) => void>();
  const stateListeners = new Set<(state: FileState, message: string) => void>();

  let cur: TrackedFile | null = null;
  const retired: Retired[] = [];
  let firstLook = true; // the file present at the first look gets options.start
  let hadFile = false; // a later file at the path is then a replacement (rotation)
  let lastState: FileState | null = null;
  let lastMessage = '';
  let active = false;
  let disposed = false;
  let timer: TimerHandle | null = null;
  let watcher: ParentWatcher | null = null;
  let watcherStarting: Promise<void> | null = null;
  let disposing: Promise<void> | null = null;
  let resolveDone!: () => void;
  let rejectDone!: (err: Error) => void;
  const done = new Promise<void>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  done.catch(() => undefined); // a caller that never awaits `done` must not crash the process

  function deliver(batch: LineBatch): void {
    if (batch.lines.length === 0 && batch.overlong.length === 0) return;
    for (const cb of lineListeners) {
      try {
        cb(batch);
      } catch (err) {
        console.error('follower: a line listener threw', err);
      }
    }
  }

  function setState(state: FileState, message: string): void {
    const event = state === 'rotated' || state === 'truncated';
    if (!event && state === lastState && message === lastMessage) return;
    lastState = state;
    lastMessage = message;
    for (const cb of stateListeners) {
      try {
        cb(state, message);
      } catch (err) {
        console.error('follower: a state listener threw', err);
      }
    }
  }

  const cancelled = () => disposed;
  const drain = (t: TrackedFile) => readToEnd(t, buf, deliver, cancelled);

  async function close(t: TrackedFile): Promise<void> {
    const fh = t.fh;
    t.fh = null;
    await fh?.close().catch(() => undefined);
  }

  /** Ends a retired file: its unterminated last line is delivered now, so nothing is lost. */
  async function finish(r: Retired): Promise<void> {
    retired.splice(retired.indexOf(r), 1);
    deliver(r.file.splitter.flush());
    await close(r.file);
  }

  /** Reads what writers added to replaced files; closes each after two polls and one poll period. */
  async function drainRetired(final: boolean): Promise<void> {
    for (const r of [...retired]) {
      try {
        await drain(r.file);
      } catch {
        await finish(r);
        continue;
      }
      r.polls += 1;
      if (final || (r.polls >= 2 && clock.now() - r.since >= pollMs)) await finish(r);
    }
  }

  /** The current file left the path: read it to the end now and keep draining it a little. */
  async function retire(t: TrackedFile): Promise<void> {
    cur = null;
    if (!t.fh) return;
    try {
      await drain(t);
      retired.push({ file: t, polls: 0, since: clock.now() });
    } catch {
      deliver(t.splitter.flush());
      await close(t);
    }
  }

  /** The record for a file newly seen at the path. */
  function adopt(st: Stats): TrackedFile {
    const back = retired.find((r) => sameFile(r.file, st));
    if (back) {
      // Moved away and back again: continue where we were.
      retired.splice(retired.indexOf(back), 1);
      return back.file;
    }
    if (firstLook) {
      const s = options.start;
      const offset = s === 'start' ? 0 : s === 'end' ? st.size : s;
      return trackFile(st, offset, st.size, st.mtimeMs);
    }
    if (hadFile)
      setState(
        'rotated',
        `${path} was replaced by a new file (rotated); reading the new file from its start`,
      );
    return trackFile(st, 0, -1, 0);
  }

  /** Reads the current file from its offset, after checking it was not truncated or rewritten. */
  async function readCurrent(t: TrackedFile, st: Stats): Promise<void> {
    const changed = st.size !== t.size || st.mtimeMs !== t.mtimeMs;
    if (changed || st.size > t.offset) {
      if (st.size < t.offset || !(await fingerprintHolds(t))) {
        deliver(rewind(t));
        setState('truncated', `${path} was truncated; reading it again from its start`);
      }
      t.size = st.size;
      t.mtimeMs = st.mtimeMs;
      await drain(t);
    }
    setState('following', `following ${path}`);
  }

  /** Opens the current record's file; false (with a state) when it cannot be opened yet. */
  async function openCurrent(t: TrackedFile): Promise<boolean> {
    try {
      t.fh = await open(path, 'r');
    } catch (err) {
      setState('error', describeFsError(path, err));
      return false;
    }
    const st = await t.fh.stat();
    if (!sameFile(t, st)) {
      // Replaced between stat and open: the next poll sees the new identity.
      await close(t);
      loop.again();
      return false;
    }
    if (st.size < t.offset) return true; // readCurrent reports the truncation
    await loadFingerprint(t);
    return true;
  }

  async function look(): Promise<void> {
    await drainRetired(false);
    let st: Stats;
    try {
      st = await stat(path);
    } catch (err) {
      firstLook = false;
      // Permission on a parent may come back: keep the position then.
      if (isMissing(err) && cur) await retire(cur);
      setState(isMissing(err) ? 'waiting' : 'error', describeFsError(path, err, true));
      return;
    }
    if (!st.isFile()) {
      firstLook = false;
      if (cur) await retire(cur);
      setState('error', describeNotRegular(path, st));
      return;
    }
    void ensureWatcher();
    if (cur && !sameFile(cur, st)) await retire(cur);
    if (!cur) cur = adopt(st);
    firstLook = false;
    hadFile = true;
    const t = cur;
    if (!t.fh && !(await openCurrent(t))) return;
    await readCurrent(t, st);
  }

  /** One poll; never throws: failures become states. */
  async function pollOnce(): Promise<void> {
    try {
      await look();
    } catch (err) {
      setState('error', describeFsError(path, err));
      // Reopen on the next poll, from the same offset.
      if (cur) await close(cur);
    }
  }

  const loop = createPollLoop(pollOnce, () => disposed);

  /** Starts the notification watch once per active period (later if the directory appears later). */
  function ensureWatcher(): Promise<void> {
    if (!useWatch || !active || !follow || watcher) return Promise.resolve();
    watcherStarting ??= watchParent(path, () => void loop.run())
      .then(async (w) => {
        if (w && !active) await w.close();
        else watcher = w;
      })
      .catch(() => undefined)
      .finally(() => {
        watcherStarting = null;
      });
    return watcherStarting;
  }

  async function release(): Promise<void> {
    active = false;
    if (timer !== null) clock.clearInterval(timer);
    timer = null;
    const w = watcher;
    watcher = null;
    await w?.close().catch(() => undefined);
  }

  /** follow:false: open or reject, then read to the end in the background. */
  async function startOnce(): Promise<void> {
    let st: Stats;
    try {
      st = await stat(path);
    } catch (err) {
      throw new Error(describeFsError(path, err));
    }
    if (!st.isFile()) throw new Error(describeNotRegular(path, st));
    const t = adopt(st);
    firstLook = false;
    cur = t;
    if (!(await openCurrent(t))) throw new Error(lastMessage || `${path} cannot be opened`);
    void loop
      .run()
      .then(async () => {
        deliver(t.splitter.flush());
        await close(t);
        if (lastState === 'error') throw new Error(lastMessage);
        resolveDone();
      })
      .catch((err: Error) => rejectDone(err));
  }

  return {
    done,
    async start() {
      if (disposed) throw new Error(`follower for ${path} was disposed`);
      if (active) return;
      active = true;
      if (!follow) {
        try {
          return await startOnce();
        } catch (err) {
          active = false;
          throw err;
        }
      }
      timer = clock.setInterval(() => void loop.run(), pollMs);
      await ensureWatcher();
      await loop.run();
    },
    poll: () => loop.run(),
    async stop() {
      await release();
      await loop.idle();
    },
    dispose() {
      disposing ??= (async () => {
        disposed = true;
        await release();
        await loop.idle();
        for (const t of [cur, ...retired.map((r) => r.file)]) if (t) await close(t);
        retired.length = 0;
        resolveDone();
      })();
      return disposing;
    },
    onLines(cb) {
      lineListeners.add(cb);
      return () => lineListeners.delete(cb);
    },
    onState(cb) {
      stateListeners.add(cb);
      return () => stateListeners.delete(cb);
    },
  };
}
