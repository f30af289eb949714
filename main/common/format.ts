/**
 * Text shared by every front-end: times, byte sizes, and the alert messages of
 * SPEC section 5 (console lines and notification bodies say the same words).
 */
import type { AlertEvent } from './types';

const pad = (n: number, w = 2) => String(Math.trunc(Math.abs(n))).padStart(w, '0');

/** ISO 8601 with the offset of the machine's time zone, e.g. `2019-02-07T21:12:37+00:00`. */
export function isoLocal(ms: number): string {
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `${sign}${pad(off / 60)}:${pad(off % 60)}`
  );
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

/** A rate with at most two decimals: 10.25, 3, 0.5. */
export function formatRate(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/** The first sentence of SPEC section 5's message. */
export function alertHeadline(e: AlertEvent): string {
  return e.type === 'alert'
    ? `High traffic generated an alert - hits = ${formatRate(e.avg)}, triggered at ${isoLocal(e.at)}`
    : `High traffic alert recovered - hits = ${formatRate(e.avg)}, recovered at ${isoLocal(e.at)}`;
}

/** The detail that follows where space allows. */
export function alertDetail(e: AlertEvent): string {
  return `${e.hits} hits in the last ${e.window} s, threshold ${formatRate(e.threshold)} req/s`;
}

/** The full message: headline and detail. */
export function alertMessage(e: AlertEvent): string {
  return `${alertHeadline(e)} (${alertDetail(e)})`;
}
