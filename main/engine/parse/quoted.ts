const QUOTE = 0x22;

/**
 * Where {@link readQuoted} stopped: the index just after the closing quote.
 * A shared scratch value, so reading a field costs no result object.
 */
export const quotedEnd = { index: 0 };

/**
 * Read the quoted field that opens at `line[start]` (a `"`), where a doubled
 * quote stands for one (RFC 4180, W3C). Returns its value and sets
 * `quotedEnd.index`, or returns null when the closing quote is missing.
 */
export function readQuoted(line: string, start: number): string | null {
  let value = '';
  let from = start + 1;
  for (;;) {
    const q = line.indexOf('"', from);
    if (q === -1) return null;
    if (line.charCodeAt(q + 1) === QUOTE) {
      value += line.slice(from, q + 1);
      from = q + 2;
      continue;
    }
    quotedEnd.index = q + 1;
    return value + line.slice(from, q);
  }
}
