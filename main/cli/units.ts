/** Durations and request rates as a person reads them in the console. */
import { formatRate } from '../common/format';

const UNITS: [name: string, seconds: number][] = [
  ['y', 365 * 86_400],
  ['d', 86_400],
  ['h', 3600],
  ['min', 60],
  ['s', 1],
];

/**
 * Whole seconds in the two largest units that apply: `45 s`, `1 min 26 s`,
 * `3 h 5 min`, `2 y 189 d` (a year is 365 days). A zero second unit is left out.
 */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  const i = UNITS.findIndex(([, size]) => rest >= size);
  if (i === -1) return '0 s';
  const parts: string[] = [];
  for (const [name, size] of UNITS.slice(i, i + 2)) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length === 0) parts.push(`${n} ${name}`);
  }
  return parts.join(' ');
}

const SMALL = new Intl.NumberFormat('en-US', {
  maximumSignificantDigits: 2,
  maximumFractionDigits: 20,
  useGrouping: false,
});

/**
 * Requests per second: two decimals as everywhere else, but a rate under
 * 0.01 keeps two significant digits, so 210 hits over two years do not read
 * as `0 req/s`.
 */
export function formatRequestRate(n: number): string {
  return n === 0 || Math.abs(n) >= 0.01 ? formatRate(n) : SMALL.format(n);
}
