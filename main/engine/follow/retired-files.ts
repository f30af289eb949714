/**
 * Files that left the path (rotated, deleted, moved away) but may still be
 * written by a server that keeps them open until it is signalled: each is
 * drained on every poll until it has had no new bytes for `idleMs`, then let
 * go (its unterminated last line, if any, delivered so nothing is lost, and
 * its place remembered in case it comes back). At most MAX_RETIRED are kept:
 * beyond that the one idle longest is let go first.
 */
import type { Clock } from '../api';
import type { LineBatch } from './line-splitter';
import type { SeenFiles } from './seen-files';
import { closeFile, sameFile, type Identity, type TrackedFile } from './tracked-file';

/** Rotated-away files drained at once (file handles held). */
export const MAX_RETIRED = 8;
/** Default idle time before a rotated-away file is let go, ms (Fluent Bit and Filebeat keep theirs open about as long). */
export const ROTATED_IDLE_MS = 30_000;

interface Retired {
  file: TrackedFile;
  /** Clock time of its last new bytes (or of its retirement). */
  grew: number;
}

export interface RetiredFiles {
  /** Reads the file to its end now and keeps draining it until it is idle. */
  retire(file: TrackedFile): Promise<void>;
  /** Drains every retired file; lets go of those idle for `idleMs`. */
  drainAll(): Promise<void>;
  /** The retired file with this identity (moved back into place), taken out of the list. */
  reclaim(id: Identity): TrackedFile | null;
  /** Closes everything without delivering (dispose). */
  closeAll(): Promise<void>;
  /** How many rotated-away files are open. */
  size(): number;
}

export interface RetiredDeps {
  drain(file: TrackedFile): Promise<void>;
  deliver(batch: LineBatch): void;
  clock: Clock;
  /** How long a retired file must have had no new bytes before it is let go, ms. */
  idleMs: number;
  /** Where the places of files let go are remembered. */
  seen: SeenFiles;
}

/** Creates the (initially empty) list of retired files. */
export function createRetiredFiles({
  drain,
  deliver,
  clock,
  idleMs,
  seen,
}: RetiredDeps): RetiredFiles {
  const list: Retired[] = [];

  async function letGo(r: Retired): Promise<void> {
    list.splice(list.indexOf(r), 1);
    deliver(r.file.splitter.flush());
    seen.remember(r.file);
    await closeFile(r.file);
  }

  /** Drains one file; false when it can no longer be read. */
  async function drainOne(r: Retired): Promise<boolean> {
    const before = r.file.offset;
    try {
      await drain(r.file);
    } catch {
      return false;
    }
    if (r.file.offset !== before) r.grew = clock.now();
    return true;
  }

  return {
    async retire(file) {
      if (!file.fh) {
        seen.remember(file);
        return;
      }
      const r: Retired = { file, grew: clock.now() };
      list.push(r);
      if (!(await drainOne(r))) return letGo(r);
      while (list.length > MAX_RETIRED) {
        const idlest = list.reduce((a, b) => (b.grew < a.grew ? b : a));
        await letGo(idlest);
      }
    },
    async drainAll() {
      for (const r of [...list]) {
        const ok = await drainOne(r);
        if (!ok || clock.now() - r.grew >= idleMs) await letGo(r);
      }
    },
    reclaim(id) {
      const r = list.find((x) => sameFile(x.file, id));
      if (!r) return null;
      list.splice(list.indexOf(r), 1);
      return r.file;
    },
    async closeAll() {
      for (const r of list.splice(0)) await closeFile(r.file);
    },
    size: () => list.length,
  };
}
