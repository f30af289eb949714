/**
 * W3C Extended Log File Format (IIS). Stateful: a `#Fields:` directive names
 * the columns of the entries after it, until the next one.
 */
import { QUOTE, SPACE } from './ascii';
import { isBlank, MAX_LINE } from './clf';
import { sectionOf, INVALID_SECTION } from './section';
import { digitsAt, utcMs } from './time';
import type { Hit, LineParser, ParseResult } from './types';
import { quotedEnd, readQuoted } from './quoted';

const SKIP: ParseResult = { kind: 'skip' };

function malformed(reason: string): ParseResult {
  return { kind: 'malformed', reason };
}

/** Column positions of the fields the engine uses; -1 when absent. */
interface Columns {
  count: number;
  date: number;
  time: number;
  local: boolean;
  host: number;
  method: number;
  stem: number;
  status: number;
  bytes: number;
}

function columnsOf(fields: string[]): Columns {
  const at = (name: string) => fields.indexOf(name);
  let date = at('date');
  let time = at('time');
  let local = false;
  if (time === -1 && at('time-local') !== -1) {
    date = at('date-local');
    time = at('time-local');
    local = true;
  }
  return {
    count: fields.length,
    date,
    time,
    local,
    host: at('c-ip'),
    method: at('cs-method'),
    stem: at('cs-uri-stem'),
    status: at('sc-status'),
    bytes: at('sc-bytes'),
  };
}

/**
 * Split an entry into its fields. W3C separates fields by spaces; IIS
 * Advanced Logging quotes fields with spaces and doubles quotes inside them.
 * Returns the number of fields, writing them into `out`.
 */
function splitEntry(line: string, out: string[]): number {
  let n = 0;
  let i = 0;
  const len = line.length;
  while (i < len) {
    const c = line.charCodeAt(i);
    if (c === SPACE || c === 9) {
      i++;
      continue;
    }
    if (c === QUOTE) {
      const value = readQuoted(line, i);
      if (value === null) return -1; // unterminated quote
      i = quotedEnd.index;
      out[n++] = value;
      continue;
    }
    let j = i + 1;
    while (j < len) {
      const d = line.charCodeAt(j);
      if (d === SPACE || d === 9) break;
      j++;
    }
    out[n++] = line.slice(i, j);
    i = j;
  }
  return n;
}

/** A `-` or empty field is unknown. */
function known(v: string | undefined): string | undefined {
  return v === undefined || v === '-' || v === '' ? undefined : v;
}

/** Non-negative integer, or NaN. */
function intOf(v: string): number {
  if (v.length === 0 || v.length > 15) return NaN;
  const n = digitsAt(v, 0, v.length);
  return n < 0 ? NaN : n;
}

/**
 * Unix ms of `YYYY-MM-DD` + `HH:MM:SS[.fff]`; NaN if malformed. `local`
 * reads them as this machine's local time (IIS `date-local`/`time-local`).
 */
export function w3cTime(date: string, time: string, local: boolean): number {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return NaN;
  if (time.length < 8 || time.charCodeAt(2) !== 58 || time.charCodeAt(5) !== 58) return NaN;
  let ms = 0;
  if (time.length > 8) {
    if (time.charCodeAt(8) !== 46 || time.length > 12) return NaN;
    const frac = time.slice(9);
    const v = intOf(frac);
    if (Number.isNaN(v)) return NaN;
    ms = Math.round(v * 10 ** (3 - frac.length));
  }
  const y = digitsAt(date, 0, 4);
  const mo = digitsAt(date, 5, 2);
  const d = digitsAt(date, 8, 2);
  const h = digitsAt(time, 0, 2);
  const mi = digitsAt(time, 3, 2);
  const s = digitsAt(time, 6, 2);
  const utc = utcMs(y, mo, d, h, mi, s, ms);
  if (!local || Number.isNaN(utc)) return utc;
  return new Date(y, mo - 1, d, h, mi, s, ms).getTime();
}

/** Create a W3C parser; it belongs to one stream of lines (it remembers `#Fields`). */
export function createW3cParser(): LineParser {
  let columns: Columns | undefined;
  /** Date of the last `#Date:` directive, for logs whose fields have `time` but no `date`. */
  let directiveDate = '';
  const fields: string[] = [];
  let lastDate = '';
  let lastClock = '';
  let lastTime = NaN;

  function directive(line: string): ParseResult {
    const colon = line.indexOf(':');
    const name = (colon === -1 ? line.slice(1) : line.slice(1, colon)).trim().toLowerCase();
    const value = colon === -1 ? '' : line.slice(colon + 1).trim();
    if (name === 'fields') {
      const names = value.split(/\s+/).filter((f) => f !== '');
      columns = names.length > 0 ? columnsOf(names) : undefined;
    } else if (name === 'date') {
      directiveDate = value.slice(0, 10);
    }
    return SKIP;
  }

  function parse(input: string): ParseResult {
    let line = input;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (line.length === 0 || isBlank(line)) return SKIP;
    if (line.length > MAX_LINE) return malformed('line longer than 64 KiB');
    if (line.charCodeAt(0) === 35) return directive(line);
    const cols = columns;
    if (cols === undefined) return malformed('entry before any #Fields line');
    const n = splitEntry(line, fields);
    if (n < 0) return malformed('unterminated quoted field');
    if (n !== cols.count) return malformed(`${n} fields where #Fields names ${cols.count}`);

    const date = cols.date === -1 ? directiveDate : (fields[cols.date] ?? '');
    const clock = cols.time === -1 ? '' : (fields[cols.time] ?? '');
    if (clock === '' || clock === '-' || date === '' || date === '-')
      return malformed('no timestamp');
    let time: number;
    if (date === lastDate && clock === lastClock) {
      time = lastTime;
    } else {
      time = w3cTime(date, clock, cols.local);
      if (Number.isNaN(time)) return malformed('bad timestamp');
      lastDate = date;
      lastClock = clock;
      lastTime = time;
    }

    let status: number | undefined;
    const st = known(cols.status === -1 ? undefined : fields[cols.status]);
    if (st !== undefined) {
      status = intOf(st);
      if (Number.isNaN(status) || st.length !== 3) return malformed('bad status');
    }
    let bytes: number | undefined;
    const by = known(cols.bytes === -1 ? undefined : fields[cols.bytes]);
    if (by !== undefined) {
      bytes = intOf(by);
      if (Number.isNaN(bytes)) return malformed('bad bytes');
    }
    const target = known(cols.stem === -1 ? undefined : fields[cols.stem]);
    const hit: Hit = {
      time,
      host: known(cols.host === -1 ? undefined : fields[cols.host]),
      method: known(cols.method === -1 ? undefined : fields[cols.method]),
      target,
      section: target === undefined ? INVALID_SECTION : sectionOf(target),
      status,
      bytes,
    };
    return { kind: 'hit', hit };
  }

  return { format: 'w3c', parse };
}
