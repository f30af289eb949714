/**
 * One rule for every human line that shows text taken from a log (sections,
 * hosts, methods, malformed samples, file messages): a log line must never
 * drive the terminal. See docs/reference/command-line.md.
 */

/**
 * C0 and C1 controls and DEL; U+FFFD, which stands for a byte that was not
 * UTF-8; line and paragraph separators; and the bidirectional overrides that
 * can make a line read differently from what it contains.
 */
const UNSAFE = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffd]/gu;

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.codePointAt(0)!;
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control character shown as an escape (`\x1b`, `\t`,
 * `\u202e`), so it prints as the characters it holds. Backslashes are left
 * as they are: servers such as nginx already write `\x22` into their logs,
 * and doubling them would make those harder to read.
 */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}
