/**
 * Splitting a request line `METHOD target [PROTOCOL]` (see docs/reference/sections.md).
 * Anything else is still a hit, with section `(invalid)`.
 */
import { SPACE, isDigit, isUpper } from './ascii';
import { INVALID_SECTION, sectionIn } from './section';

/** What a request line says; method and target are undefined when it is not well formed. */
export interface RequestParts {
  method?: string;
  target?: string;
  section: string;
}

/** `HTTP/1`, `HTTP/1.1`, `HTTP/2.0` in `s[start, end)`. */
function isProtocol(s: string, start: number, end: number): boolean {
  if (
    end - start < 6 ||
    s.charCodeAt(start) !== 72 || // H
    s.charCodeAt(start + 1) !== 84 || // T
    s.charCodeAt(start + 2) !== 84 || // T
    s.charCodeAt(start + 3) !== 80 || // P
    s.charCodeAt(start + 4) !== 47 // /
  ) {
    return false;
  }
  let i = start + 5;
  if (!isDigit(s.charCodeAt(i))) return false;
  while (i < end && isDigit(s.charCodeAt(i))) i++;
  if (i === end) return true;
  if (s.charCodeAt(i) !== 46) return false;
  i++;
  if (i === end) return false;
  while (i < end && isDigit(s.charCodeAt(i))) i++;
  return i === end;
}

/** Shared literals for the usual methods, so most lines do not allocate one. */
function methodIn(s: string, start: number, end: number): string {
  const n = end - start;
  const a = s.charCodeAt(start);
  if (n === 3 && a === 71 && s.charCodeAt(start + 1) === 69 && s.charCodeAt(start + 2) === 84) {
    return 'GET';
  }
  if (n === 4) {
    const b = s.charCodeAt(start + 1);
    const c = s.charCodeAt(start + 2);
    const d = s.charCodeAt(start + 3);
    if (a === 80 && b === 79 && c === 83 && d === 84) return 'POST';
    if (a === 72 && b === 69 && c === 65 && d === 68) return 'HEAD';
  }
  return s.slice(start, end);
}

/**
 * Scratch result of {@link scanRequest}, reused across calls: the parsers
 * copy its fields into the Hit they build, so a line costs no extra object.
 */
export const scanned: RequestParts = { method: undefined, target: undefined, section: '' };

/** Split the request in `s[start, end)` into {@link scanned}. */
export function scanRequest(s: string, start: number, end: number): void {
  scanned.method = undefined;
  scanned.target = undefined;
  scanned.section = INVALID_SECTION;
  // Method: uppercase letters, with `-` or `_` inside (M-SEARCH, VERSION-CONTROL).
  if (!isUpper(s.charCodeAt(start))) return;
  let i = start + 1;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!isUpper(c) && c !== 45 && c !== 95) break;
  }
  if (i >= end || s.charCodeAt(i) !== SPACE) return;
  const targetStart = i + 1;
  let targetEnd = s.indexOf(' ', targetStart);
  if (targetEnd === -1 || targetEnd >= end) {
    targetEnd = end; // HTTP/0.9: no protocol
  } else if (!isProtocol(s, targetEnd + 1, end)) {
    return;
  }
  if (targetEnd === targetStart) return;
  scanned.method = methodIn(s, start, i);
  scanned.target = s.slice(targetStart, targetEnd);
  scanned.section = sectionIn(s, targetStart, targetEnd);
}

/** Split a request line; a line that is not `METHOD target [PROTOCOL]` gives `{ section: '(invalid)' }`. */
export function parseRequest(request: string): RequestParts {
  scanRequest(request, 0, request.length);
  if (scanned.method === undefined) return { section: INVALID_SECTION };
  return { method: scanned.method, target: scanned.target, section: scanned.section };
}
