/**
 * Number, time and duration formatting for the page (pure). Byte sizes use
 * formatBytes from main/common/format.ts, so the page and the console agree.
 */

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12,345 */
export function formatCount(n: number): string {
  return int.format(n);
}

/** Requests per second with sensible precision: 0.25, 3.4, 1,234. */
export function formatRate(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n >= 100) return int.format(n);
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** 0.0123 → "1.2 %" */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return '–';
  const p = share * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)} %`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local time of day, HH:MM:SS. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Local date and time, YYYY-MM-DD HH:MM:SS. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(ms)}`;
}

/** 45 s, 3 min 20 s, 2 h 05 min. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${pad(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${pad(m % 60)} min`;
}
