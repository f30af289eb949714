/**
 * Turns a byte stream into lines (see docs/reference/following.md): lines end
 * at `\n`, at `\r\n` or at a lone `\r` (old Mac files), invalid UTF-8
 * becomes U+FFFD, and a line longer
 * than the limit is reported by its first 200 characters while the rest of it
 * is discarded as it streams in, so memory stays bounded.
 *
 * Splitting happens on bytes and decoding only on complete lines, so a
 * multibyte character cut by a chunk boundary is never broken.
 *
 * In raw mode nothing is decoded: complete lines come as blocks of bytes, so
 * a parser that reads bytes (parse/clf-bytes.ts) never pays for a string per
 * line. The same rules hold, except that dropping the `\r` of a `\r\n` is
 * the reader's (a lone `\r` arrives as a `\n`).
 */

/** What one push (or the final flush) produced. */
export interface LineBatch {
  /** Complete lines, in order, without their line ending. */
  lines: string[];
  /** First 200 characters of each line longer than maxLineBytes (the line itself is dropped). */
  overlong: string[];
  /**
   * Raw mode only (and then `lines` stays empty): complete lines in order, as
   * blocks of bytes in which every line ends with its `\n` (a `\r` before it
   * is still there). Blocks may be views of the caller's chunk: read them
   * before pushing the next one.
   */
  blocks?: Buffer[];
}

export interface LineSplitterOptions {
  /** Longest accepted line in bytes, line ending excluded. Default 65536. */
  maxLineBytes?: number;
  /** Deliver complete lines as undecoded `blocks` instead of `lines`. Default false. */
  raw?: boolean;
}

export interface LineSplitter {
  /** Feed the next bytes; returns the lines they completed. The chunk may be reused afterwards. */
  push(chunk: Buffer): LineBatch;
  /** End of input: returns the final unterminated line, if any, and resets. */
  flush(): LineBatch;
}

const NL = 0x0a;
const CR = 0x0d;
/** Characters kept of an overlong line. */
const PREVIEW_CHARS = 200;
/** Enough bytes for PREVIEW_CHARS code points of up to 4 bytes each. */
const PREVIEW_BYTES = PREVIEW_CHARS * 4;
const NEWLINE = Buffer.from('\n');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** First PREVIEW_CHARS code points of the start of a line. */
function preview(bytes: Buffer): string {
  const text = bytes.toString('utf8', 0, Math.min(bytes.length, PREVIEW_BYTES));
  return Array.from(text).slice(0, PREVIEW_CHARS).join('');
}

function dropCr(line: string): string {
  return line.charCodeAt(line.length - 1) === CR ? line.slice(0, -1) : line;
}

/** The one line of bytes[start, end) (bytes[end] is its `\n`, or the end), without a trailing `\r`. */
export function decodeLine(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('utf8', start, end > start && bytes[end - 1] === CR ? end - 1 : end);
}

/**
 * The lines of bytes[start, end), where bytes[end] is a `\n` (or the end):
 * decoded in one go, split on `\n`, each without its trailing `\r`.
 */
export function decodeLines(bytes: Buffer, start: number, end: number): string[] {
  return bytes.toString('utf8', start, end).split('\n').map(dropCr);
}

/**
 * `chunk` with every lone `\r` turned into a `\n`, so a lone `\r` ends a line
 * and every offset stays where it was (a copy, made only when there is one:
 * the caller's chunk is never written). `next` is the byte after the chunk,
 * or -1 when it is not known yet: a `\r` that ends the chunk is then a line
 * end too (the caller drops a `\n` that opens the next chunk).
 */
export function endLoneCrs(chunk: Buffer, next = -1): Buffer {
  let cr = chunk.indexOf(CR);
  if (cr === -1) return chunk;
  let copy: Buffer | null = null;
  for (; cr !== -1; cr = chunk.indexOf(CR, cr + 1)) {
    const after = cr + 1 < chunk.length ? chunk[cr + 1] : next;
    if (after !== NL) (copy ??= Buffer.from(chunk))[cr] = NL;
  }
  return copy ?? chunk;
}

/** Creates a splitter; see the module comment for the rules. */
export function createLineSplitter({
  maxLineBytes = 65536,
  raw = false,
}: LineSplitterOptions = {}): LineSplitter {
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) {
    throw new Error(`maxLineBytes must be a positive integer, got ${String(maxLineBytes)}`);
  }
  // Bytes of the unterminated line so far (copies: callers may reuse their chunk).
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  // The current line is overlong and was already reported: drop bytes until its `\n`.
  let discarding = false;
  // A UTF-8 byte order mark is stripped from the first line only.
  let atStart = true;
  // The last chunk ended with a `\r`, taken as a line end: a `\n` opening the next one is its pair.
  let afterCr = false;

  function emit(line: string, out: LineBatch): void {
    if (atStart) {
      atStart = false;
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    }
    out.lines.push(line);
  }

  /** Raw mode: lines chunk[start, end], where chunk[end] is their last `\n`. */
  function emitBlock(chunk: Buffer, start: number, end: number, out: LineBatch): void {
    if (atStart) {
      atStart = false;
      if (chunk.subarray(start, start + 3).equals(BOM)) start += 3;
    }
    (out.blocks ??= []).push(chunk.subarray(start, end + 1));
  }

  function reportOverlong(head: Buffer, out: LineBatch): void {
    atStart = false;
    out.overlong.push(preview(head));
  }

  /** Ends the pending line with `tail` (the bytes up to, not including, its `\n`). */
  function finishPending(tail: Buffer, out: LineBatch): void {
    const total = pendingBytes + tail.length;
    const lastPart = tail.length > 0 ? tail : pending[pending.length - 1];
    const last = lastPart?.[lastPart.length - 1];
    const content = last === CR ? total - 1 : total;
    const head =
      pending.length > 0 ? Buffer.concat([...pending, tail.subarray(0, PREVIEW_BYTES)]) : tail;
    if (content > maxLineBytes) reportOverlong(head, out);
    else if (raw) {
      const line = Buffer.concat([...pending, tail, NEWLINE]);
      emitBlock(line, 0, line.length - 1, out);
    } else emit(dropCr(Buffer.concat([...pending, tail]).toString('utf8')), out);
    pending = [];
    pendingBytes = 0;
  }

  /** Holds the bytes of an unterminated line, or reports it once it is surely overlong. */
  function hold(bytes: Buffer, out: LineBatch): void {
    if (discarding || bytes.length === 0) return;
    // One extra byte may be the `\r` of a line of exactly maxLineBytes.
    if (pendingBytes + bytes.length > maxLineBytes + 1) {
      reportOverlong(Buffer.concat([...pending, bytes.subarray(0, PREVIEW_BYTES)]), out);
      pending = [];
      pendingBytes = 0;
      discarding = true;
      return;
    }
    pending.push(Buffer.from(bytes));
    pendingBytes += bytes.length;
  }

  /** Splits chunk[start, end) where chunk[end] is a `\n` and every line in it is complete. */
  function splitComplete(chunk: Buffer, start: number, end: number, out: LineBatch): void {
    if (end - start > maxLineBytes) {
      // Some line may be overlong: find them by their byte length first.
      let from = start;
      let plain = start;
      while (from <= end) {
        const nl = chunk.indexOf(NL, from);
        const stop = nl === -1 || nl > end ? end : nl;
        const len = stop - from - (stop > from && chunk[stop - 1] === CR ? 1 : 0);
        if (len > maxLineBytes) {
          if (from > plain) splitDecoded(chunk, plain, from - 1, out);
          reportOverlong(chunk.subarray(from, Math.min(stop, from + PREVIEW_BYTES)), out);
          plain = stop + 1;
        }
        from = stop + 1;
      }
      if (plain <= end) splitDecoded(chunk, plain, end, out);
      return;
    }
    splitDecoded(chunk, start, end, out);
  }

  /** Fast path: one decode for many lines. chunk[end] is a `\n`; no line in between is overlong. */
  function splitDecoded(chunk: Buffer, start: number, end: number, out: LineBatch): void {
    if (raw) {
      emitBlock(chunk, start, end, out);
      return;
    }
    for (const line of decodeLines(chunk, start, end)) emit(line, out);
  }

  return {
    push(input) {
      const out: LineBatch = { lines: [], overlong: [] };
      if (input.length === 0) return out;
      if (afterCr && input[0] === NL) input = input.subarray(1);
      const chunk = endLoneCrs(input);
      afterCr = input[input.length - 1] === CR;
      let pos = 0;
      if (pendingBytes > 0 || discarding) {
        const nl = chunk.indexOf(NL);
        if (nl === -1) {
          hold(chunk, out);
          return out;
        }
        if (discarding) discarding = false;
        else finishPending(chunk.subarray(0, nl), out);
        pos = nl + 1;
      }
      const last = chunk.lastIndexOf(NL);
      if (last >= pos) {
        splitComplete(chunk, pos, last, out);
        pos = last + 1;
      }
      if (pos < chunk.length) hold(chunk.subarray(pos), out);
      return out;
    },
    flush() {
      const out: LineBatch = { lines: [], overlong: [] };
      if (pendingBytes > 0) finishPending(Buffer.alloc(0), out);
      pending = [];
      pendingBytes = 0;
      discarding = false;
      atStart = true;
      afterCr = false;
      return out;
    },
  };
}
