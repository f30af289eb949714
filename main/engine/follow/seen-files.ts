/**
 * Where reading stopped in files that were let go, by identity (device and
 * inode), so a file that comes back to the path (a symlink re-pointed back,
 * a file moved away and back) resumes instead of being counted again.
 * Bounded: the least recently let go are forgotten first. An inode may be
 * reused by a new file, so a remembered place is only trusted when the bytes
 * just before it are still the ones that were read there (the fingerprint).
 */
import type { Identity, TrackedFile } from './tracked-file';

/** Identities remembered. */
export const SEEN_LIMIT = 64;

/** A remembered place in a file. */
export interface SeenPlace {
  offset: number;
  /** The bytes just before `offset` when it was let go. */
  fingerprint: Buffer;
  /** Creation time, when the filesystem reports one (0 otherwise): a reused inode then differs. */
  birthtimeMs: number;
}

export interface SeenFiles {
  /** Remember where reading of `file` stopped. */
  remember(file: TrackedFile): void;
  /** The place remembered for this identity, if any (taken out: the caller tracks it again). */
  recall(id: Identity & { birthtimeMs: number }): SeenPlace | null;
}

const key = (id: Identity) => `${id.dev}:${id.ino}`;

/** Creates an empty memory of at most `limit` identities. */
export function createSeenFiles(limit = SEEN_LIMIT): SeenFiles {
  // A Map iterates in insertion order: the first key is the oldest.
  const places = new Map<string, SeenPlace>();
  return {
    remember(file) {
      if (file.fingerprint === null) return; // never read: nothing to resume
      const k = key(file);
      places.delete(k);
      places.set(k, {
        offset: file.offset,
        fingerprint: file.fingerprint,
        birthtimeMs: file.birthtimeMs,
      });
      if (places.size > limit) places.delete(places.keys().next().value!);
    },
    recall(id) {
      const k = key(id);
      const place = places.get(k);
      if (!place) return null;
      places.delete(k);
      if (place.birthtimeMs > 0 && id.birthtimeMs > 0 && place.birthtimeMs !== id.birthtimeMs)
        return null;
      return place;
    },
  };
}
