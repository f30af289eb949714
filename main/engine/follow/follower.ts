/**
 * Follows one log file (see docs/reference/following.md): by identity (dev,
 * ino) and size, through rename + recreate, copy-and-truncate, delete +
 * recreate, a file moved into place, a missing or unreadable path or
 * directory, without losing or repeating a line. Filesystem notifications
 * only trigger a poll; the stat decides, and a slow poll is the safety net
 * for lost notifications.
 */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { systemClock } from '../api';
import {
  describeFsError,
  describeNotRegular,
  followingStatus,
  fsErrorStatus,
  isMissing,
  notRegularStatus,
  resumedStatus,
  rotatedStatus,
  truncatedStatus,
} from './file-messages';
import { createFollowerEvents } from './follower-events';
import { validateFollowerOptions, type Follower, type FollowerOptions } from './follower-types';
import { onLocalFilesystem } from './local-filesystem';
import { NotRegularFileError, openRegular } from './open-regular';
import { watchParent, type ParentWatcher } from './parent-watcher';
import { createPollLoop } from './poll-loop';
import { createPollPace } from './poll-pace';
import { createRetiredFiles, ROTATED_IDLE_MS } from './retired-files';
import { createSeenFiles } from './seen-files';
import { onTick } from './shared-ticker';
import {
  closeFile,
  loadFingerprint,
  readNowSync,
  readToEnd,
  rewind,
  sameFile,
  trackFile,
  type TrackedFile,
} from './tracked-file';

export type { LineBatch } from './line-splitter';
export type { Follower, FollowerOptions } from './follower-types';

/** Bytes a synchronous read of a notified append takes at most (then reads go on asynchronously). */
const SYNC_READ_BYTES = 64 * 1024;

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
  const pace = createPollPace(pollMs);
  const { deliver, setState } = events;

  let cur: TrackedFile | null = null;
  let firstLook = true; // the file present at the first look gets options.start
  let hadFile = false; // a later file at the path is then a replacement (rotation)
  let reopening = false; // reopen(): close the current file before the next look
  // The next look stats the path: anything but a notification that the file there changed.
  let statNeeded = true;
  // Files resumed from memory: their place is checked against their bytes once opened.
  const unverified = new WeakSet<TrackedFile>();
  let active = false;
  let disposed = false;
  let stopTicks: (() => void) | null = null;
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

  const drain = async (t: TrackedFile) => {
    await readToEnd(t, bufs, deliver, () => disposed);
  };
  const seen = createSeenFiles();
  const retired = createRetiredFiles({
    drain,
    deliver,
    clock,
    idleMs: options.rotatedIdleMs ?? ROTATED_IDLE_MS,
    seen,
  });

  /** The current file left the path: drain it and keep it a little for late writers. */
  async function retire(t: TrackedFile): Promise<void> {
    cur = null;
    await retired.retire(t);
  }

  /** The record for a file newly seen at the path. */
  function adopt(st: Stats): TrackedFile {
    // Moved away and back again while still drained: continue where we were.
    const back = retired.reclaim(st);
    if (back) {
      if (hadFile) setState(resumedStatus(path, back.offset));
      return back;
    }
    if (firstLook) {
      const s = options.start;
      const offset = s === 'start' ? 0 : s === 'end' ? st.size : s;
      return trackFile(st, offset, st.size, st.mtimeMs, options.raw);
    }
    // Seen before and let go: resume at its place if its bytes still match (readCurrent checks).
    const place = seen.recall(st);
    if (place) {
      const t = trackFile(st, place.offset, -1, 0, options.raw, place.fingerprint);
      unverified.add(t);
      return t;
    }
    if (hadFile) setState(rotatedStatus(path));
    return trackFile(st, 0, -1, 0, options.raw);
  }

  /** Reads the current file from its offset, after checking it was not truncated or rewritten. */
  async function readCurrent(t: TrackedFile, st: Stats): Promise<void> {
    const changed = st.size !== t.size || st.mtimeMs !== t.mtimeMs;
    if (changed || st.size > t.offset) {
      t.size = st.size;
      t.mtimeMs = st.mtimeMs;
      const remembered = unverified.delete(t);
      const onPlace = () => {
        if (remembered) setState(resumedStatus(path, t.offset));
      };
      const holds =
        st.size >= t.offset && (await readToEnd(t, bufs, deliver, () => disposed, onPlace));
      if (!holds) {
        deliver(rewind(t));
        // A remembered place that no longer matches is a new file (its inode was reused).
        setState(remembered ? rotatedStatus(path) : truncatedStatus(path));
        await drain(t);
      }
    }
    setState(followingStatus(path));
  }

  /** Opens the current record's file; false (with a state) when it cannot be opened yet. */
  async function openCurrent(t: TrackedFile): Promise<boolean> {
    try {
      t.fh = await openRegular(path);
    } catch (err) {
      setState(err instanceof NotRegularFileError ? err.status : fsErrorStatus(path, err));
      return false;
    }
    const st = await t.fh.stat();
    t.local = await onLocalFilesystem(path);
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

  /** The path is missing: says whether its directory is missing too (then its watch is dead). */
  async function dirMissing(): Promise<boolean> {
    try {
      await stat(dirname(path));
      return false;
    } catch (err) {
      if (!isMissing(err)) return false;
      await closeWatcher();
      return true;
    }
  }

  /**
   * Only notifications that the open file's content changed came since the
   * last look: the file at the path is still this one, so read what it
   * appended without a stat (the read checks the bytes before the offset).
   * On a local filesystem the first read is synchronous: those bytes were
   * just written, so they are in the page cache.
   */
  async function readNotified(t: TrackedFile): Promise<void> {
    const read = t.local
      ? readNowSync(t, bufs[0].subarray(0, SYNC_READ_BYTES), deliver)
      : (await readToEnd(
            t,
            bufs,
            deliver,
            () => disposed,
            () => undefined,
          ))
        ? 'end'
        : 'rewritten';
    if (read === 'rewritten') {
      // Truncated or rewritten: a full look decides what it is.
      statNeeded = true;
      loop.again();
      return;
    }
    if (read === 'more') await drain(t);
    t.size = Math.max(t.size, t.offset);
    setState(followingStatus(path));
  }

  async function look(): Promise<void> {
    await retired.drainAll();
    const full = statNeeded || reopening || !cur?.fh;
    statNeeded = false;
    if (!full) return readNotified(cur!);
    if (reopening) {
      // SIGHUP: let the next stat and open decide, from the same place.
      reopening = false;
      if (cur) await closeFile(cur);
    }
    let st: Stats;
    try {
      st = await stat(path);
    } catch (err) {
      firstLook = false;
      // Permission on a parent may come back: keep the position then.
      if (isMissing(err) && cur) await retire(cur);
      setState(fsErrorStatus(path, err, isMissing(err) && (await dirMissing())));
      return;
    }
    if (!st.isFile()) {
      firstLook = false;
      if (cur) await retire(cur);
      setState(notRegularStatus(path, st));
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

  /** A look that stats the path (a poll, a tick, SIGHUP). */
  function runFull(): Promise<void> {
    statNeeded = true;
    return loop.run();
  }

  let looks = 0;

  /** One poll; never throws: failures become states. */
  async function pollOnce(): Promise<void> {
    looks++;
    const announced = pace.lookBegins(clock.now());
    // The first look finds the file (or not): no change a notification could have announced.
    const [initial, file, offset] = [firstLook, cur, cur?.offset];
    try {
      await look();
    } catch (err) {
      setState(fsErrorStatus(path, err));
      // Reopen on the next poll, from the same offset.
      if (cur) await closeFile(cur);
    }
    if (!initial) pace.lookEnded(announced, cur !== file || cur?.offset !== offset);
  }

  /** The safety net's tick: a look unless notifications have earned a slower pace. */
  function tick(): void {
    if (pace.due(clock.now(), watcher !== null, retired.size() > 0)) void runFull();
  }

  const loop = createPollLoop(pollOnce, () => disposed);

  /** Starts the notification watch once per active period (later if the directory appears later). */
  function ensureWatcher(): Promise<void> {
    if (!useWatch || !active || !follow || watcher) return Promise.resolve();
    watcherStarting ??= watchParent(
      path,
      (kind) => {
        pace.hinted();
        if (kind !== 'change') statNeeded = true;
        void loop.run();
      },
      () => void closeWatcher(),
    )
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

  /** Drops the watch (its directory went away); the next successful look starts another. */
  async function closeWatcher(): Promise<void> {
    const w = watcher;
    watcher = null;
    await w?.close().catch(() => undefined);
  }

  async function release(): Promise<void> {
    active = false;
    stopTicks?.();
    stopTicks = null;
    await closeWatcher();
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
      stopTicks = onTick(clock, pollMs, tick);
      await ensureWatcher();
      await runFull();
    },
    poll: runFull,
    reopen() {
      reopening = true;
      return runFull();
    },
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
    get looks() {
      return looks;
    },
    onLines: events.onLines,
    onState: events.onState,
  };
}
