/**
 * Format detection from a sample of lines (see docs/reference/formats.md):
 * blank lines and lines no format recognises (a banner, a torn first line)
 * are skipped, and the lines that parse decide.
 */
import type { FormatName } from '../../common/types';
import { createClfParser, isBlank } from './clf';
import { createCsvParser } from './csv';

/** How many recognised lines detection looks at. */
export const DETECT_SAMPLE = 50;

const W3C_DIRECTIVE = /^#(Software|Version|Date|Fields|Start-Date|End-Date|Remark)\s*:/i;

/**
 * Guess the format of a log from the first lines of it that some format
 * recognises (up to 50 of them): `w3c` if any is a W3C directive; else
 * common/combined or csv, whichever more of them fit (common/combined on a
 * tie), `combined` when any common-shaped line carries referer and user
 * agent; null when no line is recognised.
 */
export function detectFormat(lines: readonly string[]): FormatName | null {
  const csv = createCsvParser();
  const clf = createClfParser('combined');
  let sampled = 0;
  let clfHits = 0;
  let csvHits = 0;
  let referer = false;
  for (const raw of lines) {
    if (sampled >= DETECT_SAMPLE) break;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (isBlank(line)) continue;
    if (W3C_DIRECTIVE.test(line)) return 'w3c';
    if (clf.parse(line).kind === 'hit') {
      sampled++;
      clfHits++;
      const t = clf.tail;
      if (!referer && line.startsWith(' "', t) && line.indexOf('" "', t + 2) !== -1) referer = true;
    } else if (csv.parse(line).kind !== 'malformed') {
      // A hit, or the header row (the only non-blank line the CSV parser skips).
      sampled++;
      csvHits++;
    }
  }
  if (sampled === 0) return null;
  if (clfHits >= csvHits) return referer ? 'combined' : 'common';
  return 'csv';
}
