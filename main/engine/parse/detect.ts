/**
 * Format detection from the first lines of a log (see docs/reference/formats.md).
 */
import type { FormatName } from '../../common/types';
import { createClfParser, isBlank } from './clf';
import { createCsvParser } from './csv';

/** How many non-blank lines detection looks at. */
export const DETECT_SAMPLE = 50;

const W3C_DIRECTIVE = /^#(Software|Version|Date|Fields|Start-Date|End-Date|Remark)\s*:/i;

/**
 * Guess the format of a log from its first non-blank lines (up to 50 are
 * used): `w3c` if it has W3C directives, `csv` for the CSV header or rows,
 * `combined` if any common-shaped line carries referer and user agent,
 * `common` otherwise; null when at least half the lines fit no format.
 */
export function detectFormat(lines: string[]): FormatName | null {
  const sample: string[] = [];
  for (const raw of lines) {
    if (sample.length >= DETECT_SAMPLE) break;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!isBlank(line)) sample.push(line);
  }
  if (sample.length === 0) return null;
  if (sample.some((l) => W3C_DIRECTIVE.test(l))) return 'w3c';

  const csv = createCsvParser();
  if (csv.parse(sample[0] ?? '').kind === 'skip') return 'csv';

  // A torn first line (a tail started mid-record) must not decide: go by the majority.
  const enough = Math.ceil(sample.length / 2);
  const clf = createClfParser('combined');
  let clfHits = 0;
  let referer = false;
  for (const line of sample) {
    if (clf.parse(line).kind !== 'hit') continue;
    clfHits++;
    const t = clf.tail;
    if (!referer && line.startsWith(' "', t) && line.indexOf('" "', t + 2) !== -1) referer = true;
  }
  if (clfHits >= enough) return referer ? 'combined' : 'common';

  let csvHits = 0;
  for (const line of sample) if (csv.parse(line).kind === 'hit') csvHits++;
  if (csvHits >= enough) return 'csv';
  return null;
}
