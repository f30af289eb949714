/**
 * Timestamp arithmetic for the parsers: calendar fields to Unix ms without
 * going through Date (a cache miss happens once per log second, but shuffled
 * logs miss on most lines).
 */

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Value of the `n` ASCII digits at `s[i]`, or -1 if any is not a digit. */
export function digitsAt(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = s.charCodeAt(i + k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Unix ms of UTC calendar fields, or NaN when a field is out of range. */
export function utcMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number {
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  // 60 allows a leap second, as strptime does.
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return NaN;
  return (
    daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms
  );
}

/** Length of a CLF timestamp `10/Oct/2000:13:55:36 -0700`. */
export const CLF_TIME_LENGTH = 26;

/** Unix ms of the CLF timestamp at `s[i, i + 26)`, or NaN if it is not one. */
export function clfTimeAt(s: string, i: number): number {
  if (
    s.charCodeAt(i + 2) !== 47 ||
    s.charCodeAt(i + 6) !== 47 ||
    s.charCodeAt(i + 11) !== 58 ||
    s.charCodeAt(i + 14) !== 58 ||
    s.charCodeAt(i + 17) !== 58 ||
    s.charCodeAt(i + 20) !== 32
  ) {
    return NaN;
  }
  const mon = MONTHS.indexOf(s.slice(i + 3, i + 6));
  if (mon < 0 || mon % 3 !== 0) return NaN;
  const sign = s.charCodeAt(i + 21);
  const tzh = digitsAt(s, i + 22, 2);
  const tzm = digitsAt(s, i + 24, 2);
  if ((sign !== 43 && sign !== 45) || tzh < 0 || tzm < 0 || tzh > 23 || tzm > 59) return NaN;
  const local = utcMs(
    digitsAt(s, i + 7, 4),
    mon / 3 + 1,
    digitsAt(s, i, 2),
    digitsAt(s, i + 12, 2),
    digitsAt(s, i + 15, 2),
    digitsAt(s, i + 18, 2),
    0,
  );
  const offset = (tzh * 60 + tzm) * 60_000;
  // Local time = UTC + offset, so UTC = local - offset.
  return sign === 43 ? local - offset : local + offset;
}
