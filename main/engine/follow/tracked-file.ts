/**
 * One file the follower reads: its identity (dev, ino), how far it was read,
 * a fingerprint of the bytes just before that offset (to catch a truncation
 * that was refilled past the offset between two polls), and its own line
 * splitter so a partial line never mixes with another file's bytes.
 */
import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { createLineSplitter, type LineBatch, type LineSplitter } from './line-splitter';

/** Bytes kept before the offset to recognise the same content later. */
const FINGERPRINT_BYTES = 64;

export interface TrackedFile {
  dev: number;
  ino: number;
  /** 0 when the filesystem does not report creation times. */
  birthtimeMs: number;
  /** Next byte to read. */
  offset: number;
  /** Up to FINGERPRINT_BYTES bytes just before `offset`; null: not known yet (read at open). */
  fingerprint: Buffer | null;
  /** Size and mtime at the last stat, to skip all work when nothing changed. */
  size: number;
  mtimeMs: number;
  /** null until opened (or after a read error). */
  fh: FileHandle | null;
  /** On a local filesystem: a notified append may be read synchronously (readNowSync). */
  local: boolean;
  splitter: LineSplitter;
}

/** The (dev, ino) pair of a stat result. */
export interface Identity {
  dev: number;
  ino: number;
}

/**
 * A record for a file not read yet: reading starts at `offset`. `fingerprint`:
 * the bytes before `offset` when they are known (a remembered place).
 */
export function trackFile(
  id: Identity & { birthtimeMs?: number },
  offset: number,
  size: number,
  mtimeMs: number,
  raw = false,
  fingerprint: Buffer | null = null,
): TrackedFile {
  return {
    dev: id.dev,
    ino: id.ino,
    birthtimeMs: id.birthtimeMs ?? 0,
    offset,
    fingerprint: offset === 0 ? Buffer.alloc(0) : fingerprint,
    size,
    mtimeMs,
    fh: null,
    local: false,
    splitter: createLineSplitter({ raw }),
  };
}

/** Same file on disk. */
export function sameFile(a: Identity, b: Identity): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** Reads `length` bytes at `position` (fewer at EOF). */
async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** Learns the fingerprint of a file opened at a non-zero offset. */
export async function loadFingerprint(t: TrackedFile): Promise<void> {
  if (!t.fh || t.fingerprint) return;
  const from = Math.max(0, t.offset - FINGERPRINT_BYTES);
  t.fingerprint = await readAt(t.fh, from, t.offset - from);
}

/** Closes the file handle (the position is kept, to reopen later). Never throws. */
export async function closeFile(t: TrackedFile): Promise<void> {
  const fh = t.fh;
  t.fh = null;
  await fh?.close().catch(() => undefined);
}

/** Starts over at byte 0; returns the held partial line so it is not lost. */
export function rewind(t: TrackedFile): LineBatch {
  t.offset = 0;
  t.fingerprint = Buffer.alloc(0);
  return t.splitter.flush();
}

/**
 * Reads from the offset to the end of the file in chunks of one buffer's
 * length, handing each chunk's lines to `deliver`; the event loop runs
 * between chunks (while the next read is awaited) so a burst never blocks.
 * After a full chunk the next read is already under way in the other buffer
 * while this one is delivered, so reading a large file overlaps the disk
 * with the parsing. Stops early when `cancelled()`.
 *
 * With `verified`, the first read starts at the fingerprint, just before the
 * offset: when those bytes are no longer the ones read before (the file was
 * truncated, or rewritten past the offset), nothing is delivered and false
 * is returned; when they are, `verified()` is called before any delivery.
 * One read both checks and fetches, instead of two.
 */
export async function readToEnd(
  t: TrackedFile,
  bufs: readonly [Buffer, Buffer],
  deliver: (batch: LineBatch) => void,
  cancelled: () => boolean,
  verified?: () => void,
): Promise<boolean> {
  const fh = t.fh;
  if (!fh || cancelled()) return true;
  const size = bufs[0].length;
  let skip = verified ? fingerprintSpan(t, size) : 0;
  let [buf, next] = bufs;
  let reading = fh.read(buf, 0, size, t.offset - skip);
  for (;;) {
    const { bytesRead } = await reading;
    if (t.fh !== fh) return true;
    if (!fingerprintMatches(t, buf, bytesRead, skip)) return false;
    verified?.();
    verified = undefined;
    if (bytesRead === skip) return true;
    // A short read is the end of the file for now; new data brings a new poll.
    const more = bytesRead === size && !cancelled();
    const chunk = buf.subarray(skip, bytesRead);
    skip = 0;
    if (more) reading = fh.read(next, 0, size, t.offset + chunk.length);
    try {
      deliver(take(t, chunk));
    } catch (err) {
      if (more) await reading.catch(() => undefined);
      throw err;
    }
    if (!more) return true;
    [buf, next] = [next, buf];
  }
}

/** How many fingerprint bytes a read into a buffer of `size` begins with. */
function fingerprintSpan(t: TrackedFile, size: number): number {
  return t.fingerprint ? Math.min(t.fingerprint.length, size - 1) : 0;
}

/** A read that began `skip` bytes before the offset found the fingerprint's last `skip` bytes there. */
function fingerprintMatches(t: TrackedFile, buf: Buffer, bytesRead: number, skip: number): boolean {
  if (skip === 0) return true;
  const fp = t.fingerprint!;
  return bytesRead >= skip && buf.subarray(0, skip).equals(fp.subarray(fp.length - skip));
}

/**
 * What a synchronous read found: `rewritten` (the bytes before the offset
 * changed; nothing delivered), `end` (read to the end of the file) or `more`
 * (the buffer filled: go on with readToEnd).
 */
export type SyncRead = 'rewritten' | 'end' | 'more';

/**
 * One synchronous read from the fingerprint on, checked like readToEnd's
 * `verified` read, for bytes a local write has just put in the page cache:
 * it takes microseconds, where an asynchronous read wakes a worker thread and
 * then the event loop (each wake-up costs more than the read; see
 * docs/reference/following.md). Never for files on network or FUSE
 * filesystems, whose reads can block (the caller checks).
 */
export function readNowSync(
  t: TrackedFile,
  buf: Buffer,
  deliver: (batch: LineBatch) => void,
): SyncRead {
  const fh = t.fh;
  if (!fh) return 'end';
  const skip = fingerprintSpan(t, buf.length);
  const bytesRead = readSync(fh.fd, buf, 0, buf.length, t.offset - skip);
  if (!fingerprintMatches(t, buf, bytesRead, skip)) return 'rewritten';
  if (bytesRead === skip) return 'end';
  deliver(take(t, buf.subarray(skip, bytesRead)));
  return bytesRead === buf.length ? 'more' : 'end';
}

/** `chunk`, the bytes at the offset, is read: the offset and the fingerprint move past it; its lines. */
function take(t: TrackedFile, chunk: Buffer): LineBatch {
  t.offset += chunk.length;
  remember(t, chunk);
  return t.splitter.push(chunk);
}

function remember(t: TrackedFile, chunk: Buffer): void {
  if (chunk.length >= FINGERPRINT_BYTES) {
    t.fingerprint = Buffer.from(chunk.subarray(chunk.length - FINGERPRINT_BYTES));
    return;
  }
  const joined = Buffer.concat([t.fingerprint ?? Buffer.alloc(0), chunk]);
  t.fingerprint = Buffer.from(joined.subarray(Math.max(0, joined.length - FINGERPRINT_BYTES)));
}
