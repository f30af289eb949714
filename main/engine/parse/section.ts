/**
 * The section of a request target (see docs/reference/sections.md): the path up to, not
 * including, its second `/`, without query or fragment.
 */
import { HASH, QUESTION, SLASH, STAR } from './ascii';

/** Section of anything that is not a path, an absolute URI or `*`. */
export const INVALID_SECTION = '(invalid)';

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Scheme characters after the first letter: ALPHA / DIGIT / "+" / "-" / "." (RFC 3986). */
function isSchemeChar(c: number): boolean {
  return isAlpha(c) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

/** Section of an origin-form path starting at `start` (which holds `/`). */
function pathSection(s: string, start: number, end: number): string {
  let i = start + 1;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === SLASH || c === QUESTION || c === HASH) break;
    i++;
  }
  // A shared literal for the root keeps the hottest section allocation-free.
  return i === start + 1 ? '/' : s.slice(start, i);
}

/**
 * Section of the target held in `s[start, end)`. Works on a range of the
 * whole log line so the hot path does not slice the target twice.
 */
export function sectionIn(s: string, start: number, end: number): string {
  if (end <= start) return INVALID_SECTION;
  const c = s.charCodeAt(start);
  if (c === SLASH) return pathSection(s, start, end);
  if (c === STAR) return end === start + 1 ? '*' : INVALID_SECTION;
  if (!isAlpha(c)) return INVALID_SECTION;
  // Absolute URI: scheme "://" authority [path]
  let i = start + 1;
  while (i < end && isSchemeChar(s.charCodeAt(i))) i++;
  if (i + 3 > end || !s.startsWith('://', i)) return INVALID_SECTION;
  const authority = i + 3;
  let j = authority;
  while (j < end) {
    const d = s.charCodeAt(j);
    if (d === SLASH || d === QUESTION || d === HASH) break;
    j++;
  }
  if (j === authority) return INVALID_SECTION;
  if (j === end || s.charCodeAt(j) !== SLASH) return '/';
  return pathSection(s, j, end);
}

/** Section of a request target, exactly as the table in docs/reference/sections.md. */
export function sectionOf(target: string): string {
  return sectionIn(target, 0, target.length);
}
