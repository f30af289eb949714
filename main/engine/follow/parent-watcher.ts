/**
 * Filesystem notifications for one file, used only as a hint to poll now
 * (chokidar). Watches the PARENT directory filtered to the file's name:
 * watching the file itself missed the new file after `mv log log.1` in 5 of
 * 6 measured runs; the parent reported unlink + add every time. Every
 * sibling is ignored before chokidar stats it, so a busy /var/log costs
 * nothing per event (bench/follow-cpu.ts: CPU at 1,000 lines/s with 5,000
 * other files in the directory). Rotated-away files are not watched: the
 * follower drains them on every poll.
 */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

/** A running watch; close() releases it. */
export interface ParentWatcher {
  close(): Promise<void>;
}

/**
 * Starts watching the directory holding `file` and resolves once the watch is
 * ready; resolves null when that directory does not exist (the caller polls).
 * `onGone` is called once if the directory itself is removed: the watch is
 * dead then, and the caller polls until it can watch again.
 */
export async function watchParent(
  file: string,
  onHint: () => void,
  onGone: () => void = () => undefined,
): Promise<ParentWatcher | null> {
  const target = resolve(file);
  const dir = dirname(target);
  try {
    if (!(await stat(dir)).isDirectory()) return null;
  } catch {
    return null;
  }
  const name = basename(target);
  const watcher: FSWatcher = watch(dir, {
    depth: 0,
    atomic: false,
    ignoreInitial: true,
    // Skip every sibling: a busy /var/log must not cost us a stat per file.
    // Skip the path while it is a directory too: once chokidar watched it as
    // one, it no longer reported a file created there after rmdir (measured).
    ignored: (p: string, st?: Stats) => {
      const abs = resolve(p);
      return abs !== dir && (basename(abs) !== name || st?.isDirectory() === true);
    },
  });
  let closed = false;
  const gone = () => {
    if (closed) return;
    closed = true;
    void watcher.close();
    onGone();
  };
  watcher.on('all', (event, p) => {
    const abs = resolve(p);
    if (abs === target) onHint();
    else if (abs === dir && event === 'unlinkDir') gone();
  });
  // chokidar's own events were lost after `mv log log.1` + a new `log` right
  // after an append (its change throttle and 1 s readdir throttle, measured):
  // the directory's raw fs.watch events, filtered to our name, still arrive.
  watcher.on('raw', (_event, p) => {
    if (basename(String(p)) === name) onHint();
  });
  // Notifications are only hints; the poll reports real problems as states.
  watcher.on('error', gone);
  await new Promise<void>((ready) => watcher.once('ready', () => ready()));
  return {
    async close() {
      closed = true;
      await watcher.close();
    },
  };
}
