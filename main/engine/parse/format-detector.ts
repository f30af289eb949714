/**
 * Detection of the format while a log is being read (format `auto`): each
 * batch of lines is offered until one holds a line some format recognises;
 * that batch decides, and the caller parses all of it, in order, with the
 * chosen format, so no line that parses is ever counted malformed for
 * coming before the decision. Lines of earlier batches were all blank or
 * unrecognisable by every format: they are handed back to be counted as
 * such, so nothing is held (a flood of blank lines costs no memory).
 * Pure: no I/O, no clock.
 */
import type { FormatName } from '../../common/types';
import { isBlank } from './clf';
import { detectFormat } from './detect';

/** What one offered batch gave. */
export type Detection =
  /** Parse the whole batch with `format` from now on. */
  | { format: FormatName; unrecognised: [] }
  /** Still unknown: these (non-blank) lines of the batch fit no format. */
  | { format: null; unrecognised: string[] };

export interface FormatDetector {
  /** Offer the next batch of lines (without their line endings). */
  offer(lines: readonly string[]): Detection;
  /** Non-blank lines rejected so far (no format recognised them). */
  readonly rejected: number;
}

/** Creates a detector for one stream of lines. */
export function createFormatDetector(): FormatDetector {
  let rejected = 0;
  return {
    offer(lines) {
      const format = detectFormat(lines);
      if (format !== null) return { format, unrecognised: [] };
      const unrecognised = lines.filter((l) => !isBlank(l.endsWith('\r') ? l.slice(0, -1) : l));
      rejected += unrecognised.length;
      return { format: null, unrecognised };
    },
    get rejected() {
      return rejected;
    },
  };
}
