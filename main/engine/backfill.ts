import { open } from 'node:fs/promises';
import type { FormatName, FormatOption } from '../common/types';
import { createParser, detectFormat } from './parse';

/** Where to start following so the window is full from the first second (SPEC section 7). */
export interface TailStart {
  /** Byte offset of the first line to read (a line start). */
  offset: number;
  /** The format detected from the file's head (or the forced one); null if not recognisable. */
  format: FormatName | null;
  /** W3C: the `#Fields` directive in force at `offset`, to prime the parser. */
  fields: string | null;
}

const BLOCK = 64 * 1024;
const HEAD_LINES = 50;
/** A line longer than this cannot be timed; the scan stops there. */
const MAX_LINE = 1024 * 1024;
const W3C_TIME = /(\d{4})-(\d\d)-(\d\d)[ \t]+(\d\d):(\d\d):(\d\d)/;

/**
 * Find the start of the lines stamped within `windowMs` of the file's last
 * timestamp by reading backwards from the end in 64 KiB blocks: a large file
 * is never read whole (except, for W3C, back to its last `#Fields` line).
 */
export async function findTailStart(
  path: string,
  format: FormatOption,
  windowMs: number,
): Promise<TailStart> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(size, BLOCK));
    await fh.read(head, 0, head.length, 0);
    const headLines = splitComplete(head, head.length < size);
    const detected = format === 'auto' ? detectFormat(headLines.slice(0, HEAD_LINES)) : format;
    if (detected === null) {
      // Unknown format: follow from the last 64 KiB (aligned to a line) and let the engine detect.
      const offset = size <= BLOCK ? 0 : await nextLineStart(fh, size - BLOCK, size);
      return { offset, format: null, fields: null };
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
    return { offset: offset ?? 0, format: detected, fields };
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

function splitComplete(buf: Buffer, dropLast: boolean): string[] {
  const lines = buf.toString('utf8').split('\n');
  if (dropLast || lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

async function nextLineStart(
  fh: import('node:fs/promises').FileHandle,
  from: number,
  size: number,
) {
  const buf = Buffer.alloc(Math.min(BLOCK, size - from));
  await fh.read(buf, 0, buf.length, from);
  const nl = buf.indexOf(10);
  return nl < 0 ? size : from + nl + 1;
}

/**
 * Call `visit(line, newlineOffset)` for each complete line from the last to
 * the first, until it returns false (`newlineOffset`: where its `\n` is).
 * A first line is visited with the offset of its newline as well. The unterminated tail after the last newline
 * is not a line yet (the follower holds it) and is skipped.
 */
async function scanBackwards(
  fh: import('node:fs/promises').FileHandle,
  size: number,
  visit: (line: string, newline: number) => boolean,
): Promise<void> {
  let pos = size;
  let carry = Buffer.alloc(0);
  let first = true;
  while (pos > 0) {
    const start = Math.max(0, pos - BLOCK);
    const block = Buffer.alloc(pos - start);
    await fh.read(block, 0, block.length, start);
    let buf = carry.length > 0 ? Buffer.concat([block, carry]) : block;
    pos = start;
    let end = buf.length;
    if (first) {
      // Drop the partial last line.
      const nl = buf.lastIndexOf(10);
      if (nl < 0) {
        carry = buf;
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
    carry = Buffer.from(buf);
  }
}

function decode(buf: Buffer, from: number, to: number): string {
  const s = buf.toString('utf8', from, to);
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}
