/**
 * Common and combined log format (see docs/reference/formats.md): one code path, two labels.
 * Stages: host prefix, timestamp, request, status and bytes; whatever follows
 * (referer, user agent, extra nginx fields) is not needed and not checked, so
 * a line cut off inside its user agent still counts.
 */
import { BACKSLASH, COMMA, DASH, QUOTE, SPACE } from './ascii';
import type { FormatName } from '../../common/types';
import { scanRequest, scanned } from './request';
import { CLF_TIME_LENGTH, createClfClock } from './time';
import type { Hit, LineParser, ParseResult } from './types';

/** Longer lines are malformed, so memory stays bounded (see docs/reference/formats.md). */
export const MAX_LINE = 64 * 1024;

const SKIP: ParseResult = { kind: 'skip' };

function malformed(reason: string): ParseResult {
  return { kind: 'malformed', reason };
}

/** A CLF parser that also tells detection where the fields after bytes begin. */
export interface ClfParser extends LineParser {
  /** Offset just after the bytes field of the last hit. */
  readonly tail: number;
}

/** True when `s` is empty or only spaces and tabs. */
export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== SPACE && c !== 9) return false;
  }
  return true;
}

/** Number of backslashes right before `i`: odd means the quote at `i` is escaped (Apache `\"`). */
function escaped(s: string, i: number): boolean {
  let n = 0;
  while (i - n - 1 >= 0 && s.charCodeAt(i - n - 1) === BACKSLASH) n++;
  return n % 2 === 1;
}

/**
 * Client host from the part of the line before ` ident authuser [`:
 * `host`, `vhost[:port] host`, an X-Forwarded-For list `a, b, c` or a
 * quoted one `"a, b" host`; for a list the first address is the client.
 * Returns undefined when the prefix fits none of them.
 */
function hostIn(s: string, end: number): string | undefined {
  if (s.charCodeAt(0) === QUOTE) {
    const q = s.indexOf('"', 1);
    if (q === -1 || q >= end) return undefined;
    const comma = s.indexOf(',', 1);
    const first = (comma !== -1 && comma < q ? s.slice(1, comma) : s.slice(1, q)).trim();
    if (first !== '' && first !== '-') return first;
    // No forwarded-for value: the address after the quote is the client.
    return s.charCodeAt(q + 1) === SPACE && q + 2 < end ? s.slice(q + 2, end) : undefined;
  }
  // Scan only the prefix: indexOf would run on into the user agent.
  let sp = -1;
  let spaces = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === COMMA) return i === 0 ? undefined : s.slice(0, i);
    if (c === SPACE) {
      if (sp === -1) sp = i;
      spaces++;
    }
  }
  if (spaces === 0) return s.slice(0, end);
  // vhost host: exactly two tokens
  if (spaces > 1 || sp === 0 || sp + 1 >= end) return undefined;
  return s.slice(sp + 1, end);
}

/** Create a parser for `common` or `combined` lines (both accept both shapes). */
export function createClfParser(format: FormatName): ClfParser {
  const clock = createClfClock();
  let tail = 0;

  function parse(input: string): ParseResult {
    let line = input;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (line.length === 0) return SKIP;
    if (line.length > MAX_LINE) return malformed('line longer than 64 KiB');
    const c0 = line.charCodeAt(0);
    if ((c0 === SPACE || c0 === 9) && isBlank(line)) return SKIP;

    // Host, ident, authuser, then ` [`.
    const open = line.indexOf(' [');
    if (open === -1) return malformed('no timestamp');
    if (c0 === SPACE) return malformed('no host');
    const user = line.lastIndexOf(' ', open - 1);
    const ident = user > 0 ? line.lastIndexOf(' ', user - 1) : -1;
    if (ident <= 0 || user === ident + 1 || open === user + 1) return malformed('no host');
    const hostRaw = hostIn(line, ident);
    if (hostRaw === undefined) return malformed('bad host');
    const host = hostRaw === '-' ? undefined : hostRaw;

    const ts = open + 2;
    if (line.charCodeAt(ts + CLF_TIME_LENGTH) !== 93) return malformed('bad timestamp');
    const time = clock(line, ts);
    if (Number.isNaN(time)) return malformed('bad timestamp');

    // Request: the first unescaped quote followed by ` status bytes`.
    const rq = ts + CLF_TIME_LENGTH + 3;
    if (line.charCodeAt(rq - 2) !== SPACE || line.charCodeAt(rq - 1) !== QUOTE) {
      return malformed('no request');
    }
    let q = rq - 1;
    let status: number | undefined;
    let bytes: number | undefined;
    let end = -1;
    for (;;) {
      q = line.indexOf('"', q + 1);
      if (q === -1) return malformed(end === -2 ? 'bad status' : 'unterminated request');
      if (line.charCodeAt(q + 1) !== SPACE || escaped(line, q)) continue;
      end = -2;
      // status: 3 digits or `-`
      let i = q + 2;
      const s0 = line.charCodeAt(i);
      if (s0 === DASH) {
        status = undefined;
        i += 1;
      } else {
        const d0 = s0 - 48;
        const d1 = line.charCodeAt(i + 1) - 48;
        const d2 = line.charCodeAt(i + 2) - 48;
        if (d0 < 1 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) continue;
        status = d0 * 100 + d1 * 10 + d2;
        i += 3;
      }
      if (line.charCodeAt(i) !== SPACE) continue;
      i++;
      // bytes: digits or `-`
      if (line.charCodeAt(i) === DASH) {
        bytes = undefined;
        i++;
      } else {
        const b0 = i;
        let v = 0;
        for (;;) {
          const d = line.charCodeAt(i) - 48;
          if (!(d >= 0 && d <= 9)) break;
          v = v * 10 + d;
          i++;
        }
        if (i === b0 || i - b0 > 15) continue;
        bytes = v;
      }
      if (i !== line.length && line.charCodeAt(i) !== SPACE) continue;
      end = i;
      break;
    }
    tail = end;

    // `"-"` (connection closed before a request) and `""` are requests too: invalid ones.
    scanRequest(line, rq, q);
    const hit: Hit = {
      time,
      host,
      method: scanned.method,
      target: scanned.target,
      section: scanned.section,
      status,
      bytes,
    };
    return { kind: 'hit', hit };
  }

  return {
    format,
    parse,
    get tail() {
      return tail;
    },
  };
}
