/**
 * Filesystem notifications for one file, used only as a hint to poll now.
 *
 * Watches the PARENT directory (watching the file itself misses the new file
 * after `mv log log.1`) with one plain fs.watch, and drops every event not
 * about the file's own name before any work is done: the cost of an event is
 * a string comparison, whatever else lives in the directory. A hint is all we
 * need, so chokidar's scans, stats and throttles are not (it took 2.5 times
 * the `statx` calls at 1,000 lines/s, measured with strace; bench/follow-cpu.ts
 * measures the CPU). Rotated-away files are not watched: the follower drains
 * them on every poll.
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';

/** A running watch; close() releases it. */
export interface ParentWatcher {
  close(): Promise<void>;
}

/**
 * Starts watching the directory holding `file`; resolves null when that
 * directory does not exist (the caller polls). `onGone` is called once if
 * the directory itself is removed or replaced: the watch is dead then.
 */
export async function watchParent(
  file: string,
  onHint: () => void,
  onGone: () => void = () => undefined,
): Promise<ParentWatcher | null> {
  const target = resolve(file);
  const dir = dirname(target);
  const name = basename(target);
  let ino: number;
  try {
    const st = await stat(dir);
    if (!st.isDirectory()) return null;
    ino = st.ino;
  } catch {
    return null;
  }
  let watcher: FSWatcher;
  try {
    watcher = watch(dir, { persistent: true });
  } catch {
    return null; // no watch (inotify limit reached, unsupported filesystem): the poll still works
  }
  let closed = false;
  const gone = () => {
    if (closed) return;
    closed = true;
    watcher.close();
    onGone();
  };
  watcher.on('change', (event, filename) => {
    // No name (some platforms): it may be ours.
    if (filename === null || filename === name) onHint();
    // The directory's own removal is reported under its name: check whether it is still there.
    if (event === 'rename' && filename === basename(dir)) {
      stat(dir).then(
        (st) => (st.ino === ino ? undefined : gone()),
        () => gone(),
      );
    }
  });
  // Notifications are only hints; the poll reports real problems as states.
  watcher.on('error', gone);
  return {
    async close() {
      closed = true;
      watcher.close();
    },
  };
}
