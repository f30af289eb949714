/**
 * Follows one log file (SPEC section 7): by identity (dev, ino) and size,
 * through rename + recreate, copy-and-truncate, delete + recreate, a file
 * moved into place, a missing or unreadable path, without losing or
 * repeating a line. Filesystem notifications only trigger a poll; the stat
 * decides, and a slow poll is the safety net for lost notifications.
 */
import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { systemClock, type TimerHandle } from '../api';
import { describeFsError, describeNotRegular, isMissing } from './file-messages';
import { createFollowerEvents } from './follower-events';
import { validateFollowerOptions, type Follower, type FollowerOptions } from './follower-types';
import { watchParent, type ParentWatcher } from './parent-watcher';
import { createPollLoop } from './poll-loop';
import { createRetiredFiles } from './retired-files';
import {
  closeFile,
  fingerprintHolds,
  loadFingerprint,
  readToEnd,
  rewind,
  sameFile,
  trackFile,
  type TrackedFile,
} from './tracked-file';

export type { LineBatch } from './line-splitter';
export type { Follower, FollowerOptions } from './follower-types';

/** Creates a follower; nothing happens until start() or poll(). */
export function createFollower(options: FollowerOptions): Follower {
  validateFollowerOptions(options);
  const { path, follow } = options;
  const clock = options.clock ?? systemClock;
  const pollMs = options.pollMs ?? 1000;
  const useWatch = options.watch ?? true;
  const batchBytes = Math.floor(options.maxBatchBytes ?? 1 << 20);
  const bufs = [Buffer.allocUnsafe(batchBytes), Buffer.allocUnsafe(batchBytes)] as const;
  const events = createFollowerEvents();
  const { deliver, setState } = events;

  let cur: TrackedFile | null = null;
  let firstLook = true; // the file present at the first look gets options.start
  let hadFile = false; // a later file at the path is then a replacement (rotation)
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

  const drain = (t: TrackedFile) => readToEnd(t, bufs, deliver, () => disposed);
  const retired = createRetiredFiles({ drain, deliver, clock, graceMs: pollMs });

  /** The current file left the path: drain it and keep it a little for late writers. */
  async function retire(t: TrackedFile): Promise<void> {
    cur = null;
    await retired.retire(t);
  }

  /** The record for a file newly seen at the path. */
  function adopt(st: Stats): TrackedFile {
    // Moved away and back again: continue where we were.
    const back = retired.reclaim(st);
    if (back) return back;
    if (firstLook) {
      const s = options.start;
      const offset = s === 'start' ? 0 : s === 'end' ? st.size : s;
      return trackFile(st, offset, st.size, st.mtimeMs, options.raw);
    }
    if (hadFile) {
      setState(
        'rotated',
        `${path} was replaced by a new file (rotated); reading the new file from its start`,
      );
    }
    return trackFile(st, 0, -1, 0, options.raw);
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
      await closeFile(t);
      loop.again();
      return false;
    }
    if (st.size < t.offset) return true; // readCurrent reports the truncation
    await loadFingerprint(t);
    return true;
  }

  async function look(): Promise<void> {
    await retired.drainAll();
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
      if (cur) await closeFile(cur);
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
    if (!(await openCurrent(t))) throw new Error(events.lastMessage || `${path} cannot be opened`);
    void loop
      .run()
      .then(async () => {
        deliver(t.splitter.flush());
        await closeFile(t);
        if (events.lastState === 'error') throw new Error(events.lastMessage);
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
        if (cur) await closeFile(cur);
        await retired.closeAll();
        resolveDone();
      })();
      return disposing;
    },
    onLines: events.onLines,
    onState: events.onState,
  };
}
