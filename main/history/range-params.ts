/**
 * Times and steps as users write them, for the report command and
 * GET /api/history: ISO 8601 with an offset, or Unix milliseconds.
 */
import { ParamError } from './param-error';
import { parseStep } from './steps';
import type { RangeQuery } from './types';

// `+` in a query string arrives as a space when not percent-encoded: read it as `+`.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+\- ](\d{2}):?(\d{2}))$/i;
/** Before 1973 in ms: such a number is almost surely Unix seconds. */
const MIN_MS = 1e11;

/** Unix ms of `raw`; a ParamError naming `param` says what is wrong. */
export function parseTime(param: string, raw: string): number {
  const text = raw.trim();
  if (/^\d+$/.test(text)) {
    const ms = Number(text);
    if (ms < MIN_MS)
      throw new ParamError(param, `'${raw}' looks like Unix seconds; give Unix milliseconds`);
    if (ms > 8.64e15) throw new ParamError(param, `'${raw}' is out of range`);
    return ms;
  }
  const m = ISO.exec(text);
  if (!m)
    throw new ParamError(
      param,
      `expected ISO 8601 with an offset (2026-11-02T09:30:00+01:00) or Unix ms, got '${raw}'`,
    );
  const [, y, mo, d, h, mi, s = '0', frac = '0', zone, oh = '0', om = '0'] = m;
  const fields = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5]);
  const back = new Date(local);
  if (
    back.getUTCMonth() !== fields[1] - 1 ||
    back.getUTCDate() !== fields[2] ||
    fields[3] > 23 ||
    fields[4] > 59 ||
    fields[5] > 59
  )
    throw new ParamError(param, `'${raw}' is not a real date and time`);
  const sign = zone!.toUpperCase() === 'Z' ? 0 : zone!.startsWith('-') ? -1 : 1;
  const offset = sign * (Number(oh) * 60 + Number(om)) * 60_000;
  return local + Number(frac.padEnd(3, '0')) - offset;
}

/** A range query from raw `from`, `to` and optional `step` values (null or undefined: missing). */
export function parseRange(
  raw: { from?: string | null; to?: string | null; step?: string | null },
  names = { from: 'from', to: 'to' },
): RangeQuery {
  if (!raw.from) throw new ParamError(names.from, 'is required');
  if (!raw.to) throw new ParamError(names.to, 'is required');
  const from = parseTime(names.from, raw.from);
  const to = parseTime(names.to, raw.to);
  if (to <= from) throw new ParamError(names.to, `must be later than ${names.from}`);
  return raw.step ? { from, to, step: parseStep(raw.step) } : { from, to };
}
