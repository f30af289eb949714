/**
 * CSV access logs (see docs/reference/formats.md): a header row
 * `"remotehost","rfc931","authuser","date","request","status","bytes"`, then
 * one RFC 4180 row per request with `date` in Unix seconds.
 */
import { COMMA, QUOTE } from './ascii';
import { isBlank, MAX_LINE } from './clf';
import { scanRequest, scanned } from './request';
import type { Hit, LineParser, ParseResult } from './types';
import { quotedEnd, readQuoted } from './quoted';

const SKIP: ParseResult = { kind: 'skip' };
/** remotehost, rfc931, authuser, date, request, status, bytes */
const FIELD_COUNT = 7;

function malformed(reason: string): ParseResult {
  return { kind: 'malformed', reason };
}

/**
 * Split one RFC 4180 row into `out` (quoted fields may hold commas and
 * doubled quotes). Returns the number of fields, or -1 for a broken quote.
 */
export function splitCsv(line: string, out: string[]): number {
  let n = 0;
  let i = 0;
  const len = line.length;
  for (;;) {
    if (line.charCodeAt(i) === QUOTE) {
      const value = readQuoted(line, i);
      if (value === null) return -1;
      i = quotedEnd.index;
      if (i < len && line.charCodeAt(i) !== COMMA) return -1;
      out[n++] = value;
    } else {
      let j = line.indexOf(',', i);
      if (j === -1) j = len;
      out[n++] = line.slice(i, j);
      i = j;
    }
    if (i >= len) return n;
    i++; // the comma
    if (n > FIELD_COUNT) return n;
  }
}

/** A `-` or empty field is unknown; otherwise a non-negative integer or NaN. */
function numberOf(v: string): number | undefined {
  if (v === '-' || v === '') return undefined;
  return /^\d{1,15}$/.test(v) ? Number(v) : NaN;
}

/** True for the header row, whatever its quoting. */
function isHeader(first: string): boolean {
  return first.trim().toLowerCase() === 'remotehost';
}

/** Create a parser for CSV rows. */
export function createCsvParser(): LineParser {
  const fields: string[] = [];

  function parse(input: string): ParseResult {
    let line = input;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (line.length === 0 || isBlank(line)) return SKIP;
    if (line.length > MAX_LINE) return malformed('line longer than 64 KiB');
    const n = splitCsv(line, fields);
    if (n < 0) return malformed('broken quoting');
    if (n >= 1 && isHeader(fields[0] ?? '')) return SKIP;
    if (n !== FIELD_COUNT) return malformed(`${n} fields, expected ${FIELD_COUNT}`);
    const [host, , , date = '', request = '', statusText = '', bytesText = ''] = fields;

    const seconds = /^\d{1,12}(\.\d+)?$/.test(date) ? Number(date) : NaN;
    if (!Number.isFinite(seconds) || seconds < 0) return malformed('bad date');
    const status = numberOf(statusText);
    if (status !== undefined && (Number.isNaN(status) || statusText.length !== 3)) {
      return malformed('bad status');
    }
    const bytes = numberOf(bytesText);
    if (Number.isNaN(bytes)) return malformed('bad bytes');

    scanRequest(request, 0, request.length);
    const hit: Hit = {
      time: Math.round(seconds * 1000),
      host: host === undefined || host === '-' || host === '' ? undefined : host,
      method: scanned.method,
      target: scanned.target,
      section: scanned.section,
      status,
      bytes,
    };
    return { kind: 'hit', hit };
  }

  return { format: 'csv', parse };
}
