/**
 * Text shared by every front-end: times, rates, byte sizes (SI units, `kB`,
 * on the console and the dashboard alike), and the alert messages (console
 * lines and notification bodies say the same words; see
 * docs/reference/alerts.md). Pure; time zone offsets can be passed for tests.
 */
import type { AlertEvent } from './types';

const pad = (n: number) => String(n).padStart(2, '0');
const localOffset = (ms: number) => -new Date(ms).getTimezoneOffset();

/** ISO 8601 with the local offset, e.g. `2019-02-07T21:12:37+01:00`, as the console prints times. */
export function isoLocal(ms: number, offsetMinutes = localOffset(ms)): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** Local wall time `HH:MM:SS`. */
export function clockTime(ms: number, offsetMinutes = localOffset(ms)): string {
  return isoLocal(ms, offsetMinutes).slice(11, 19);
}

/** A req/s figure: at most two decimals, no trailing zeros (`12.5`, `3`, `0.07`). */
export function formatRate(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** 1234567 → "1.2 MB" (decimal units, as HTTP servers and browsers report sizes). */
export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** The last path segment, for short labels (both separators: a Windows path on any OS). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** The alert message alone (see docs/reference/alerts.md), for where space is short. */
export function alertHead(e: AlertEvent, offsetMinutes?: number): string {
  const at = isoLocal(e.at, offsetMinutes);
  return e.type === 'alert'
    ? `High traffic generated an alert - hits = ${formatRate(e.avg)}, triggered at ${at}`
    : `High traffic alert recovered - hits = ${formatRate(e.avg)}, recovered at ${at}`;
}

/** The alert message, then the window's hit count and the threshold. */
export function alertMessage(e: AlertEvent, offsetMinutes?: number): string {
  const head = alertHead(e, offsetMinutes);
  return `${head} (${e.hits} hits in ${e.window} s, threshold ${formatRate(e.threshold)} req/s)`;
}
