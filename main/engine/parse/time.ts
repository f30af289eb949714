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

/** Month number 1-12 of the three letters at `s[i]` (`Jan`..`Dec`), or 0. */
function monthAt(s: string, i: number): number {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  for (let m = 0; m < 12; m++) {
    const k = m * 3;
    if (
      MONTHS.charCodeAt(k) === a &&
      MONTHS.charCodeAt(k + 1) === b &&
      MONTHS.charCodeAt(k + 2) === c
    ) {
      return m + 1;
    }
  }
  return 0;
}

/**
 * UTC ms of local midnight of the day of the CLF timestamp at `s[i, i + 26)`
 * (its date and zone; the time of day is not read), NaN if they are not valid.
 */
export function clfDayStart(s: string, i: number): number {
  const sign = s.charCodeAt(i + 21);
  const tzh = digitsAt(s, i + 22, 2);
  const tzm = digitsAt(s, i + 24, 2);
  if ((sign !== 43 && sign !== 45) || tzh < 0 || tzm < 0 || tzh > 23 || tzm > 59) return NaN;
  const midnight = utcMs(digitsAt(s, i + 7, 4), monthAt(s, i + 3), digitsAt(s, i, 2), 0, 0, 0, 0);
  if (Number.isNaN(midnight)) return NaN;
  const offset = (tzh * 60 + tzm) * 60_000;
  // Local time = UTC + offset, so UTC = local - offset.
  return sign === 43 ? midnight - offset : midnight + offset;
}

/**
 * Reads CLF timestamps `10/Oct/2000:13:55:36 -0700` at `s[i, i + 26)` as Unix
 * ms, NaN if it is not one. Remembers the UTC start of the last day and zone
 * seen, so a line costs a short compare and six digits even in shuffled logs.
 */
export function createClfClock(): (s: string, i: number) => number {
  // The day, month, year and zone characters of the last day seen, held as
  // numbers: comparing them is most of the work on a cache hit.
  let d0 = -1,
    d1 = 0,
    m0 = 0,
    m1 = 0,
    m2 = 0,
    y0 = 0,
    y1 = 0,
    y2 = 0,
    y3 = 0;
  let z0 = 0,
    z1 = 0,
    z2 = 0,
    z3 = 0,
    z4 = 0;
  let dayStart = NaN;
  return (s, i) => {
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
    if (
      s.charCodeAt(i + 1) !== d1 ||
      s.charCodeAt(i) !== d0 ||
      s.charCodeAt(i + 3) !== m0 ||
      s.charCodeAt(i + 4) !== m1 ||
      s.charCodeAt(i + 5) !== m2 ||
      s.charCodeAt(i + 10) !== y3 ||
      s.charCodeAt(i + 9) !== y2 ||
      s.charCodeAt(i + 8) !== y1 ||
      s.charCodeAt(i + 7) !== y0 ||
      s.charCodeAt(i + 21) !== z0 ||
      s.charCodeAt(i + 22) !== z1 ||
      s.charCodeAt(i + 23) !== z2 ||
      s.charCodeAt(i + 24) !== z3 ||
      s.charCodeAt(i + 25) !== z4
    ) {
      const start = clfDayStart(s, i);
      if (Number.isNaN(start)) return NaN;
      dayStart = start;
      d0 = s.charCodeAt(i);
      d1 = s.charCodeAt(i + 1);
      m0 = s.charCodeAt(i + 3);
      m1 = s.charCodeAt(i + 4);
      m2 = s.charCodeAt(i + 5);
      y0 = s.charCodeAt(i + 7);
      y1 = s.charCodeAt(i + 8);
      y2 = s.charCodeAt(i + 9);
      y3 = s.charCodeAt(i + 10);
      z0 = s.charCodeAt(i + 21);
      z1 = s.charCodeAt(i + 22);
      z2 = s.charCodeAt(i + 23);
      z3 = s.charCodeAt(i + 24);
      z4 = s.charCodeAt(i + 25);
    }
    const h = digitsAt(s, i + 12, 2);
    const m = digitsAt(s, i + 15, 2);
    const sec = digitsAt(s, i + 18, 2);
    if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return NaN;
    return dayStart + ((h * 60 + m) * 60 + sec) * 1000;
  };
}
