/**
 * The hot path of common and combined logs, on bytes: reads the usual shape
 * of a line (`host ident user [time] "METHOD /path PROTOCOL" status bytes ...`)
 * straight from the read buffer, without making a string of the line, and
 * returns where its host, method and section are so the statistics can look
 * them up by their bytes (see stats/byte-keys.ts), with the hashes of those
 * bytes computed in the same scan.
 *
 * It only says yes to lines it reads exactly as the string parser (clf.ts)
 * does, and says no to everything else: a vhost prefix, a forwarded-for
 * list, a non-ASCII or control byte in the host or the section, a backslash
 * anywhere in the request, an absolute-URI or invalid request, a bad status
 * or timestamp. Those lines go to the string parser, which stays the single
 * authority on what a line means. test/engine/clf-bytes.test.ts checks that
 * the two agree on the corpus and on mutated lines.
 */
import {
  BACKSLASH,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  CR,
  DASH,
  DOT,
  HASH,
  OPEN_BRACKET,
  QUESTION,
  QUOTE,
  SLASH,
  SPACE,
  isDigit,
  isUpper,
} from './ascii';
import { FNV_OFFSET, fnvFinish, fnvStep } from '../hash';
import { MAX_LINE } from './clf';
import { clfDayStart, CLF_TIME_LENGTH } from './time';

/** Where the parts of an accepted line are (byte offsets into the buffer), and its numbers. */
export interface ClfFields {
  /** Log timestamp, Unix ms. */
  time: number;
  /** -1 when the host is `-` (unknown). */
  hostStart: number;
  hostEnd: number;
  hostHash: number;
  methodStart: number;
  methodEnd: number;
  methodHash: number;
  /** The section's bytes: the path up to its second `/`, `?` or `#` (see docs/reference/sections.md). */
  sectionStart: number;
  sectionEnd: number;
  sectionHash: number;
  /** -1 when `-`. */
  status: number;
  /** -1 when `-`. */
  bytes: number;
}

export const emptyClfFields = (): ClfFields => ({
  time: 0,
  hostStart: -1,
  hostEnd: -1,
  hostHash: 0,
  methodStart: 0,
  methodEnd: 0,
  methodHash: 0,
  sectionStart: 0,
  sectionEnd: 0,
  sectionHash: 0,
  status: -1,
  bytes: -1,
});

/** End of `HTTP/<digits>[.<digits>]` at b[i] (the index after it), or -1 when there is none. */
function protocolEnd(b: Uint8Array, i: number, end: number): number {
  if (
    i + 6 > end ||
    b[i] !== 72 ||
    b[i + 1] !== 84 ||
    b[i + 2] !== 84 ||
    b[i + 3] !== 80 ||
    b[i + 4] !== SLASH
  ) {
    return -1;
  }
  let j = i + 5;
  if (!isDigit(b[j]!)) return -1;
  while (j < end && isDigit(b[j]!)) j++;
  if (j >= end || b[j] !== DOT) return j;
  if (++j >= end || !isDigit(b[j]!)) return -1;
  while (j < end && isDigit(b[j]!)) j++;
  return j;
}

/** Value of the two ASCII digits at b[i], or -1. */
function twoDigits(b: Uint8Array, i: number): number {
  const a = b[i]! - 48;
  const c = b[i + 1]! - 48;
  return a >= 0 && a <= 9 && c >= 0 && c <= 9 ? a * 10 + c : -1;
}

/**
 * A CLF timestamp reader on bytes with the same day-and-zone cache as
 * createClfClock. `msOfDay` returns the time of day (a small integer, so no
 * number is allocated per line) or -1, and leaves the day's start in `dayStart`.
 */
class ByteClock {
  /** UTC ms of the local midnight of the last timestamp read. */
  dayStart = NaN;
  // The date and zone bytes of that day, packed into four numbers.
  private k1 = -1;
  private k2 = 0;
  private k3 = 0;
  private k4 = 0;

  msOfDay(b: Buffer, i: number): number {
    if (
      b[i + 2] !== SLASH ||
      b[i + 6] !== SLASH ||
      b[i + 11] !== COLON ||
      b[i + 14] !== COLON ||
      b[i + 17] !== COLON ||
      b[i + 20] !== SPACE
    ) {
      return -1;
    }
    const n1 = b[i]! | (b[i + 1]! << 8) | (b[i + 3]! << 16) | (b[i + 4]! << 24);
    const n2 = b[i + 5]! | (b[i + 7]! << 8) | (b[i + 8]! << 16) | (b[i + 9]! << 24);
    const n3 = b[i + 10]! | (b[i + 21]! << 8) | (b[i + 22]! << 16) | (b[i + 23]! << 24);
    const n4 = b[i + 24]! | (b[i + 25]! << 8);
    if (n1 !== this.k1 || n2 !== this.k2 || n3 !== this.k3 || n4 !== this.k4) {
      // Rare (a new day or zone): the string parser's own code decides.
      const start = clfDayStart(b.toString('latin1', i, i + CLF_TIME_LENGTH), 0);
      if (Number.isNaN(start)) return -1;
      this.dayStart = start;
      this.k1 = n1;
      this.k2 = n2;
      this.k3 = n3;
      this.k4 = n4;
    }
    const h = twoDigits(b, i + 12);
    const m = twoDigits(b, i + 15);
    const s = twoDigits(b, i + 18);
    if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60) return -1;
    return ((h * 60 + m) * 60 + s) * 1000;
  }
}

/** End of the token starting at `i` (the next space, or `end`). */
function tokenEnd(b: Uint8Array, i: number, end: number): number {
  while (i < end && b[i] !== SPACE) i++;
  return i;
}

/**
 * Creates a reader for one stream of lines. `read(b, start, end, out)` looks
 * at the line b[start, end) (without its `\n`; one trailing `\r` is dropped)
 * and returns true with `out` filled when it is the usual shape, false when
 * the string parser must decide.
 */
export function createClfByteReader(): (
  b: Buffer,
  start: number,
  end: number,
  out: ClfFields,
) => boolean {
  const clock = new ByteClock();
  return (b, start, end, out) => {
    if (end > start && b[end - 1] === CR) end--;
    // Never look past `end` (a caller's buffer may go on), nor at lines the string parser refuses.
    if (end - start > MAX_LINE) return false;
    // Host: printable ASCII, no list, no quote.
    let i = start;
    let hostHash = FNV_OFFSET;
    for (; i < end; i++) {
      const c = b[i]!;
      if (c === SPACE) break;
      if (c < 0x21 || c > 0x7e || c === COMMA || c === QUOTE) return false;
      hostHash = fnvStep(hostHash, c);
    }
    const hostEnd = i;
    if (hostEnd === start || hostEnd >= end) return false;
    // ident and authuser: one token each; neither may start like the timestamp.
    const identStart = hostEnd + 1;
    if (b[identStart] === OPEN_BRACKET) return false;
    const identEnd = tokenEnd(b, identStart, end);
    const userStart = identEnd + 1;
    if (identEnd === identStart || b[userStart] === OPEN_BRACKET) return false;
    const userEnd = tokenEnd(b, userStart, end);
    if (userEnd === userStart || b[userEnd + 1] !== OPEN_BRACKET) return false;

    const ts = userEnd + 2;
    const rq = ts + CLF_TIME_LENGTH + 3;
    if (rq >= end || b[rq - 3] !== CLOSE_BRACKET || b[rq - 2] !== SPACE || b[rq - 1] !== QUOTE) {
      return false;
    }
    const msOfDay = clock.msOfDay(b, ts);
    if (msOfDay < 0) return false;

    // The request, `METHOD /target[ PROTOCOL]`, in one pass up to its closing quote.
    if (!isUpper(b[rq]!)) return false;
    let methodHash = fnvStep(FNV_OFFSET, b[rq]!);
    let m = rq + 1;
    for (; m < end; m++) {
      const c = b[m]!;
      if (!isUpper(c) && c !== DASH && c !== 95) break;
      methodHash = fnvStep(methodHash, c);
    }
    const targetStart = m + 1;
    if (targetStart >= end || b[m] !== SPACE || b[targetStart] !== SLASH) return false;
    // The target: printable ASCII without escapes; its section is hashed on the way.
    let sectionHash = fnvStep(FNV_OFFSET, SLASH);
    i = targetStart + 1;
    for (; i < end; i++) {
      const c = b[i]!;
      if (c === SLASH || c === QUESTION || c === HASH || c === SPACE || c === QUOTE) break;
      if (c < 0x21 || c > 0x7e || c === BACKSLASH) return false;
      sectionHash = fnvStep(sectionHash, c);
    }
    const sectionEnd = i;
    // The rest of the target only has to end where the string parser ends it:
    // other bytes, even invalid UTF-8, never decode to a space, quote or backslash.
    for (; i < end; i++) {
      const c = b[i]!;
      if (c === SPACE || c === QUOTE) break;
      if (c === BACKSLASH) return false;
    }
    const q = b[i] === SPACE ? protocolEnd(b, i + 1, end) : i;
    if (q < 0 || q + 2 >= end || b[q] !== QUOTE || b[q + 1] !== SPACE) return false;

    // Status: three digits or `-`, then bytes: up to 15 digits or `-`.
    i = q + 2;
    let status = -1;
    if (b[i] === DASH) {
      i++;
    } else {
      const d0 = b[i]! - 48;
      const d1 = b[i + 1]! - 48;
      const d2 = b[i + 2]! - 48;
      if (d0 < 1 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
      status = d0 * 100 + d1 * 10 + d2;
      i += 3;
    }
    if (i >= end || b[i] !== SPACE) return false;
    i++;
    let bytes = -1;
    if (i < end && b[i] === DASH) {
      i++;
    } else {
      const b0 = i;
      let v = 0;
      while (i < end && isDigit(b[i]!)) v = v * 10 + (b[i++]! - 48);
      if (i === b0 || i - b0 > 15) return false;
      bytes = v;
    }
    if (i !== end && b[i] !== SPACE) return false;

    out.time = clock.dayStart + msOfDay;
    const unknownHost = hostEnd === start + 1 && b[start] === DASH;
    out.hostStart = unknownHost ? -1 : start;
    out.hostEnd = hostEnd;
    out.hostHash = fnvFinish(hostHash);
    out.methodStart = rq;
    out.methodEnd = m;
    out.methodHash = fnvFinish(methodHash);
    out.sectionStart = targetStart;
    out.sectionEnd = sectionEnd;
    out.sectionHash = fnvFinish(sectionHash);
    out.status = status;
    out.bytes = bytes;
    return true;
  };
}
