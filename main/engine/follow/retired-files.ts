/**
 * Files that were replaced at the path (rotated, deleted, moved away) but may
 * still be written by a server that kept them open: they are drained on each
 * poll and let go after two polls and at least one poll period, when their
 * unterminated last line, if any, is delivered so nothing is lost.
 */
import type { Clock } from '../api';
import type { LineBatch } from './line-splitter';
import { closeFile, sameFile, type Identity, type TrackedFile } from './tracked-file';

interface Retired {
  file: TrackedFile;
  polls: number;
  since: number;
}

export interface RetiredFiles {
  /** Reads the file to its end now and keeps it for the grace period. */
  retire(file: TrackedFile): Promise<void>;
  /** Drains every retired file; closes those whose grace has passed. */
  drainAll(): Promise<void>;
  /** The retired file with this identity (moved back into place), taken out of the list. */
  reclaim(id: Identity): TrackedFile | null;
  /** Closes everything without delivering (dispose). */
  closeAll(): Promise<void>;
}

export interface RetiredDeps {
  drain(file: TrackedFile): Promise<void>;
  deliver(batch: LineBatch): void;
  clock: Clock;
  /** Minimum time a retired file stays open, ms. */
  graceMs: number;
}

/** Polls a retired file must have been drained on before it is closed. */
const GRACE_POLLS = 2;

/** Creates the (initially empty) list of retired files. */
export function createRetiredFiles({ drain, deliver, clock, graceMs }: RetiredDeps): RetiredFiles {
  const list: Retired[] = [];

  async function finish(file: TrackedFile): Promise<void> {
    deliver(file.splitter.flush());
    await closeFile(file);
  }

  return {
    async retire(file) {
      if (!file.fh) return;
      try {
        await drain(file);
        list.push({ file, polls: 0, since: clock.now() });
      } catch {
        await finish(file);
      }
    },
    async drainAll() {
      for (const r of [...list]) {
        let ok = true;
        try {
          await drain(r.file);
        } catch {
          ok = false;
        }
        r.polls += 1;
        if (!ok || (r.polls >= GRACE_POLLS && clock.now() - r.since >= graceMs)) {
          list.splice(list.indexOf(r), 1);
          await finish(r.file);
        }
      }
    },
    reclaim(id) {
      const i = list.findIndex((r) => sameFile(r.file, id));
      if (i < 0) return null;
      return list.splice(i, 1)[0]!.file;
    },
    async closeAll() {
      for (const r of list.splice(0)) await closeFile(r.file);
    },
  };
}
