/**
 * Cuts a syslog TCP byte stream into messages (RFC 6587). Both framings are
 * read, told apart at the start of every frame, so one connection may even
 * mix them:
 *
 * - octet counting, `LEN SP MESSAGE`: a frame starts with a digit;
 * - non-transparent framing, `MESSAGE LF`: a frame starts with anything else
 *   (a syslog message starts with `<`); a trailing CR is dropped.
 *
 * Memory is bounded: a frame longer than the limit is reported once (by its
 * start) and skipped: by its declared length when octet-counted, up to the
 * next LF otherwise, so the stream resynchronises. Bytes may arrive split
 * anywhere. See docs/reference/sources.md.
 */
import { MAX_FRAME_BYTES, SAMPLE_CHARS, sample } from './types';

/** Receives what the stream held, in order. */
export interface DeframerSinks {
  /** One complete message, decoded as UTF-8 (invalid bytes become U+FFFD). */
  frame(text: string): void;
  /** A frame that cannot be used: its start and why. */
  bad(text: string, reason: string): void;
}

export interface SyslogDeframer {
  /** Feed the next bytes of the connection. */
  push(chunk: Buffer): void;
  /** The connection closed: an unterminated last message still counts, a cut octet-counted one is bad. */
  end(): void;
}

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const NUL = 0;
/** More digits than this is not a length (MAX_FRAME_BYTES has 5; a sender may declare more). */
const MAX_LEN_DIGITS = 9;
const EMPTY: Buffer = Buffer.alloc(0);

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/** Creates a de-framer for one connection; see the module comment for the rules. */
export function createSyslogDeframer(
  sinks: DeframerSinks,
  { maxFrameBytes = MAX_FRAME_BYTES }: { maxFrameBytes?: number } = {},
): SyslogDeframer {
  let buf: Buffer = EMPTY;
  /** Bytes still to drop of an over-long octet-counted frame. */
  let skip = 0;
  /** An over-long LF-framed message was reported: drop bytes until its LF. */
  let discarding = false;

  /** The start of the bad frame at buf[start, end); `end` may lie past the bytes received. */
  const preview = (start: number, end: number) =>
    sample(buf.toString('utf8', start, Math.min(buf.length, end, start + SAMPLE_CHARS * 4)));

  /** Length of the octet-count header at `pos` and its value; 0 if more bytes are needed; -1 if it is not one. */
  function header(pos: number): [number, number] {
    let i = pos;
    while (i < buf.length && i - pos <= MAX_LEN_DIGITS && isDigit(buf[i])) i++;
    if (i - pos > MAX_LEN_DIGITS || (i < buf.length && buf[i] !== SP)) return [-1, 0];
    if (i === buf.length) return [0, 0];
    return [i + 1 - pos, Number(buf.toString('latin1', pos, i))];
  }

  /** Consumes whole frames from `buf`; returns where the unconsumed bytes start. */
  function drain(): number {
    let pos = 0;
    while (pos < buf.length) {
      if (skip > 0) {
        const n = Math.min(skip, buf.length - pos);
        skip -= n;
        pos += n;
        continue;
      }
      if (discarding) {
        const nl = buf.indexOf(LF, pos);
        if (nl < 0) return buf.length;
        discarding = false;
        pos = nl + 1;
        continue;
      }
      const c = buf[pos];
      if (c === LF || c === CR || c === NUL) {
        pos++; // blank space between frames
        continue;
      }
      if (isDigit(c)) {
        const [size, len] = header(pos);
        if (size === 0) return pos;
        if (size > 0) {
          const start = pos + size;
          if (len > maxFrameBytes) {
            sinks.bad(
              preview(start, start + len),
              `syslog frame of ${len} bytes is longer than the ${maxFrameBytes}-byte limit`,
            );
            skip = len;
            pos = start;
            continue;
          }
          if (buf.length - start < len) return pos;
          sinks.frame(buf.toString('utf8', start, start + len));
          pos = start + len;
          continue;
        }
      }
      const nl = buf.indexOf(LF, pos);
      if (nl < 0) {
        // One extra byte may be the CR of a message of exactly maxFrameBytes.
        if (buf.length - pos <= maxFrameBytes + 1) return pos;
        sinks.bad(preview(pos, buf.length), `syslog message longer than ${maxFrameBytes} bytes`);
        discarding = true;
        return buf.length;
      }
      const end = nl > pos && buf[nl - 1] === CR ? nl - 1 : nl;
      if (end - pos > maxFrameBytes)
        sinks.bad(preview(pos, end), `syslog message longer than ${maxFrameBytes} bytes`);
      else sinks.frame(buf.toString('utf8', pos, end));
      pos = nl + 1;
    }
    return pos;
  }

  return {
    push(chunk) {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      const pos = drain();
      // Keep a copy: the caller may reuse its chunk.
      buf = pos >= buf.length ? EMPTY : Buffer.from(buf.subarray(pos));
    },
    end() {
      if (buf.length > 0 && !discarding && skip === 0) {
        const [size, len] = isDigit(buf[0]) ? header(0) : [-1, 0];
        if (size > 0) {
          sinks.bad(
            preview(size, buf.length),
            `connection closed inside a syslog frame (${buf.length - size} of ${len} bytes)`,
          );
        } else {
          let end = buf.length;
          while (end > 0 && (buf[end - 1] === CR || buf[end - 1] === NUL)) end--;
          if (end > 0) sinks.frame(buf.toString('utf8', 0, end));
        }
      }
      buf = EMPTY;
      skip = 0;
      discarding = false;
    },
  };
}
