import type { FileHandle } from 'node:fs/promises';
import type { FormatName, FormatOption } from '../common/types';
import { createLineSplitter, endLoneCrs } from './follow/line-splitter';
import { openRegular } from './follow/open-regular';
import { createParser } from './parse';
import { createFormatDetector } from './parse/format-detector';

/** Where to start following so the window is full from the first second (see docs/reference/following.md). */
export interface TailStart {
  /** Byte offset of the first line to read (a line start). */
  offset: number;
  /** The format detected from the file's head (or the forced one); null if not recognisable. */
  format: FormatName | null;
  /** W3C: the `#Fields` directive in force at `offset`, to prime the parser. */
  fields: string | null;
  /** Just after the last complete line: the back-fill is [offset, end), following starts at end. */
  end: number;
}

const BLOCK = 64 * 1024;
/** How far from its start a log is read to recognise its format (past a banner or blank lines). */
const HEAD_MAX = 1024 * 1024;
/** A line longer than this cannot be timed; the scan stops there. */
const MAX_LINE = 1024 * 1024;
const W3C_TIME = /(\d{4})-(\d\d)-(\d\d)[ \t]+(\d\d):(\d\d):(\d\d)/;

/**
 * Find the start of the lines stamped within `windowMs` of the file's last
 * timestamp by reading backwards from the end in 64 KiB blocks: a large file
 * is never read whole (except, for W3C, back to its last `#Fields` line).
 * Only a regular file is opened: a FIFO rejects with NotRegularFileError.
 */
export async function findTailStart(
  path: string,
  format: FormatOption,
  windowMs: number,
): Promise<TailStart> {
  const fh = await openRegular(path);
  try {
    const { size } = await fh.stat();
    const end = await lastLineEnd(fh, size);
    const detected = format === 'auto' ? await headFormat(fh, size) : format;
    if (detected === null) {
      // Unknown format: follow from the last 64 KiB (aligned to a line) and let the engine detect.
      const offset = size <= BLOCK ? 0 : await nextLineStart(fh, size - BLOCK, size);
      return { offset: Math.min(offset, end), format: null, fields: null, end };
    }
    const timeOf = timer(detected);
    let maxTs = -Infinity;
    let offset: number | null = null;
    let fields: string | null = null;
    await scanBackwards(fh, size, (line, newline) => {
      if (offset === null) {
        const ts = timeOf(line);
        if (ts === null) return true;
        if (ts > maxTs) maxTs = ts;
        if (ts <= maxTs - windowMs) {
          offset = newline + 1;
          if (detected !== 'w3c') return false;
        }
        return true;
      }
      if (line.startsWith('#Fields:')) {
        fields = line;
        return false;
      }
      return true;
    });
    return { offset: Math.min(offset ?? 0, end), format: detected, fields, end };
  } finally {
    await fh.close();
  }
}

/** Just after the last complete line of the regular file at `path` (a `--from-start` catch-up ends there). */
export async function endOfLastLine(path: string): Promise<number> {
  const fh = await openRegular(path);
  try {
    return await lastLineEnd(fh, (await fh.stat()).size);
  } finally {
    await fh.close();
  }
}

/** Timestamp of a line in this format, or null. */
function timer(format: FormatName): (line: string) => number | null {
  if (format === 'w3c') {
    return (line) => {
      if (line.startsWith('#')) return null;
      const m = W3C_TIME.exec(line);
      if (!m) return null;
      const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
      return Date.UTC(y!, mo! - 1, d, h, mi, s);
    };
  }
  const parser = createParser(format);
  return (line) => {
    const r = parser.parse(line);
    return r.kind === 'hit' ? r.hit.time : null;
  };
}

/** The format the first lines that parse are in, read from the start (at most HEAD_MAX bytes). */
async function headFormat(fh: FileHandle, size: number): Promise<FormatName | null> {
  const detector = createFormatDetector();
  const splitter = createLineSplitter();
  const buf = Buffer.alloc(Math.min(size, BLOCK));
  for (let pos = 0; pos < Math.min(size, HEAD_MAX);) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
    if (bytesRead === 0) break;
    pos += bytesRead;
    const found = detector.offer(splitter.push(buf.subarray(0, bytesRead)).lines);
    if (found.format !== null) return found.format;
  }
  return null;
}

async function nextLineStart(fh: FileHandle, from: number, size: number) {
  const buf = Buffer.alloc(Math.min(BLOCK, size - from));
  await fh.read(buf, 0, buf.length, from);
  const nl = endLoneCrs(buf).indexOf(10);
  return nl < 0 ? size : from + nl + 1;
}

/** Offset just after the file's last line end (the partial line after it is the follower's to hold). */
async function lastLineEnd(fh: FileHandle, size: number): Promise<number> {
  const buf = Buffer.alloc(Math.min(BLOCK, size));
  let after = -1;
  for (let end = size; end > 0;) {
    const start = Math.max(0, end - buf.length);
    await fh.read(buf, 0, end - start, start);
    const raw = buf.subarray(0, end - start);
    const nl = endLoneCrs(raw, after).lastIndexOf(10);
    if (nl >= 0) return start + nl + 1;
    after = raw[0]!;
    end = start;
  }
  return 0;
}

/**
 * Call `visit(line, newlineOffset)` for each complete line from the last to
 * the first, until it returns false (`newlineOffset`: where its line end
 * is, a `\n` or a lone `\r`, as for the follower). A first line is visited
 * with the offset of its line end as well. The unterminated tail after the
 * last line end is not a line yet (the follower holds it) and is skipped.
 */
async function scanBackwards(
  fh: FileHandle,
  size: number,
  visit: (line: string, newline: number) => boolean,
): Promise<void> {
  let pos = size;
  let carry = Buffer.alloc(0);
  // The file's byte just after `carry` (-1: the end of the file), to tell a lone `\r` from a `\r\n`.
  let after = -1;
  let first = true;
  while (pos > 0) {
    const start = Math.max(0, pos - BLOCK);
    const block = Buffer.alloc(pos - start);
    await fh.read(block, 0, block.length, start);
    const raw = carry.length > 0 ? Buffer.concat([block, carry]) : block;
    let buf = endLoneCrs(raw, after);
    pos = start;
    let end = buf.length;
    if (first) {
      // Drop the partial last line.
      const nl = buf.lastIndexOf(10);
      if (nl < 0) {
        carry = raw;
        continue;
      }
      end = nl;
      first = false;
    }
    let nl = end > 0 ? buf.lastIndexOf(10, end - 1) : -1;
    while (nl >= 0) {
      if (!visit(decode(buf, nl + 1, end), start + end)) return;
      end = nl;
      nl = end > 0 ? buf.lastIndexOf(10, end - 1) : -1;
    }
    buf = buf.subarray(0, end);
    if (pos === 0) {
      visit(decode(buf, 0, end), end);
      return;
    }
    if (buf.length > MAX_LINE) return;
    carry = Buffer.from(raw.subarray(0, end));
    after = raw[end] ?? -1;
  }
}

function decode(buf: Buffer, from: number, to: number): string {
  const s = buf.toString('utf8', from, to);
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}
