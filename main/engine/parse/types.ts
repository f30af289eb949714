import type { FormatName } from '../../common/types';

/**
 * One request as read from a log line. A field the format can carry but the
 * line lacks (`-`) is `undefined`: unknown, not zero (see docs/reference/formats.md).
 *
 * The strings are slices of the line, and V8 keeps the whole string a slice
 * came from alive (for a line split from a decoded chunk: the whole chunk).
 * Code that keeps one for long, such as a new key of a top-list map, should
 * store a copy: `(' ' + s).slice(1)`.
 */
export interface Hit {
  /** Log timestamp, Unix ms. */
  time: number;
  /** Client host or address. */
  host?: string;
  /** HTTP method; undefined when the request is not a well-formed `METHOD target [PROTOCOL]`. */
  method?: string;
  /** The request target as written (path, absolute URI, `*`). */
  target?: string;
  /** Section of the target (see docs/reference/sections.md); `(invalid)` for garbage requests. */
  section: string;
  status?: number;
  bytes?: number;
}

/** What one line turned out to be. Parsers never throw. */
export type ParseResult =
  | { kind: 'hit'; hit: Hit }
  /** A comment/directive line (W3C `#...`, the CSV header) or a blank line: not traffic, not malformed. */
  | { kind: 'skip' }
  | { kind: 'malformed'; reason: string };

/**
 * A parser for one format. W3C parsers are stateful (`#Fields` changes the
 * columns), so a parser instance belongs to one stream of lines.
 */
export interface LineParser {
  readonly format: FormatName;
  parse(line: string): ParseResult;
}
