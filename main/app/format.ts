/** Small formatting helpers for tray, menu and notification text. */

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO 8601 with the local offset, e.g. `2019-02-07T21:12:37+01:00` (SPEC section 8). */
export function isoLocal(ms: number, offsetMinutes = -new Date(ms).getTimezoneOffset()): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** Local wall time `HH:MM:SS`, for the menu's state line. */
export function clockTime(ms: number, offsetMinutes = -new Date(ms).getTimezoneOffset()): string {
  return isoLocal(ms, offsetMinutes).slice(11, 19);
}

/** A req/s figure: at most two decimals, no trailing zeros (`12.5`, `3`, `0.07`). */
export function rate(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** The last path segment, for short labels (both separators: a Windows path on any OS). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
