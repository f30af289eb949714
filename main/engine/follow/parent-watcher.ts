/**
 * Filesystem notifications for followed files, used only as a hint to poll
 * now (chokidar). Watches the PARENT directory filtered to the files' names:
 * watching a file itself missed the new file after `mv log log.1` in 5 of 6
 * measured runs; the parent reported unlink + add every time. Every sibling
 * is ignored before chokidar stats it, so a busy /var/log costs nothing per
 * event (bench/follow-cpu.ts: CPU at 1,000 lines/s with 5,000 other files in
 * the directory). Rotated-away files are not watched: the follower drains
 * them on every poll.
 *
 * One watch per directory, shared by every file followed in it: fifty logs
 * in one folder (one per virtual host) made fifty watches that each received
 * every other log's events (bench/sources-files-cpu.ts).
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

/** A running watch; close() releases it. */
export interface ParentWatcher {
  close(): Promise<void>;
}

/**
 * What a notification says of a name: `change`, its content or attributes
 * changed (the file there is still the same); `other`, a file appeared, left
 * or was replaced there.
 */
export type HintKind = 'change' | 'other';

interface Subscriber {
  onHint: (kind: HintKind) => void;
  onGone: () => void;
}

/** One directory's watch and the followed files in it, by name. */
interface DirectoryWatch {
  watcher: FSWatcher;
  names: Map<string, Set<Subscriber>>;
  ready: Promise<void>;
  closed: boolean;
}

const watches = new Map<string, DirectoryWatch>();

function openWatch(dir: string): DirectoryWatch {
  const names = new Map<string, Set<Subscriber>>();
  const watcher: FSWatcher = watch(dir, {
    depth: 0,
    atomic: false,
    ignoreInitial: true,
    // chokidar watches the directory alone: every entry in it is ignored, so
    // it never stats a file (it did so on every append, and watched each
    // followed file a second time). Its raw events, filtered to our names
    // below, are the hints.
    ignored: (p: string) => resolve(p) !== dir,
  });
  const w: DirectoryWatch = {
    watcher,
    names,
    closed: false,
    ready: new Promise<void>((ready) => watcher.once('ready', () => ready())),
  };
  const hint = (name: string, kind: HintKind) => {
    for (const s of names.get(name) ?? []) s.onHint(kind);
  };
  /** The directory itself is gone (or the watch failed): every file's watch is dead. */
  const gone = () => {
    if (w.closed) return;
    w.closed = true;
    watches.delete(dir);
    void watcher.close();
    for (const subs of names.values()) for (const s of subs) s.onGone();
  };
  watcher.on('all', (event, p) => {
    if (event === 'unlinkDir' && resolve(p) === dir) gone();
  });
  // Every change the directory's fs.watch reports about one of our names.
  watcher.on('raw', (event, p) =>
    hint(basename(String(p)), event === 'change' ? 'change' : 'other'),
  );
  // Notifications are only hints; the poll reports real problems as states.
  watcher.on('error', gone);
  return w;
}

/**
 * Starts watching the directory holding `file` and resolves once the watch is
 * ready; resolves null when that directory does not exist (the caller polls).
 * `onGone` is called once if the directory itself is removed: the watch is
 * dead then, and the caller polls until it can watch again.
 */
export async function watchParent(
  file: string,
  onHint: (kind: HintKind) => void,
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
  let w = watches.get(dir);
  if (!w || w.closed) {
    w = openWatch(dir);
    watches.set(dir, w);
  }
  const sub: Subscriber = { onHint, onGone };
  const subs = w.names.get(name) ?? new Set<Subscriber>();
  w.names.set(name, subs);
  subs.add(sub);
  await w.ready;
  const own = w;
  let closed = false;
  return {
    async close() {
      if (closed) return;
      closed = true;
      subs.delete(sub);
      if (subs.size === 0) own.names.delete(name);
      if (own.names.size > 0 || own.closed) return;
      own.closed = true;
      watches.delete(dir);
      await own.watcher.close();
    },
  };
}

/** Test hook: how many directory watches are open (one per directory, however many files). */
export function openDirectoryWatches(): number {
  return watches.size;
}
