/**
 * Log line parsing: one parser per format, format detection, and the section
 * of a request (see docs/reference/formats.md and sections.md).
 */
import type { FormatName } from '../../common/types';
import { createClfParser } from './clf';
import { createCsvParser } from './csv';
import type { LineParser } from './types';
import { createW3cParser } from './w3c';

export type { Hit, LineParser, ParseResult } from './types';
export { detectFormat, DETECT_SAMPLE } from './detect';
export { parseRequest, type RequestParts } from './request';
export { sectionOf, INVALID_SECTION } from './section';
export { MAX_LINE } from './clf';

/**
 * A parser for one stream of lines in `format`. Give it lines without their
 * `\n`; it never throws. W3C parsers keep `#Fields` state, so use a new one
 * per file (and again after rotation).
 */
export function createParser(format: FormatName): LineParser {
  switch (format) {
    case 'common':
    case 'combined':
      return createClfParser(format);
    case 'w3c':
      return createW3cParser();
    case 'csv':
      return createCsvParser();
    default:
      throw new Error(`unknown log format: ${String(format)}`);
  }
}
