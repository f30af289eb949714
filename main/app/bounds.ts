/** Where the dashboard window opens: the remembered bounds, if still on a screen. */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1100, height: 760 };
export const MIN_SIZE = { width: 480, height: 360 };

/** Parse stored bounds defensively: the store is a file the user can edit. */
export function parseBounds(v: unknown): Rect | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  const nums = [r.x, r.y, r.width, r.height];
  if (!nums.every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  const [x, y, width, height] = nums as number[];
  if (width! < MIN_SIZE.width || height! < MIN_SIZE.height || width! > 20000 || height! > 20000)
    return null;
  return {
    x: Math.round(x!),
    y: Math.round(y!),
    width: Math.round(width!),
    height: Math.round(height!),
  };
}

/**
 * The saved bounds if at least a 100×50 px corner of the title area is on one of
 * the work areas (a monitor may have been unplugged), else only the saved size
 * (the OS then centres the window), else the default size.
 */
export function restoreBounds(
  saved: unknown,
  workAreas: readonly Rect[],
): Partial<Rect> & { width: number; height: number } {
  const b = parseBounds(saved);
  if (!b) return { ...DEFAULT_SIZE };
  const visible = workAreas.some(
    (a) =>
      Math.min(b.x + b.width, a.x + a.width) - Math.max(b.x, a.x) >= 100 &&
      Math.min(b.y + 50, a.y + a.height) - Math.max(b.y, a.y) >= 50,
  );
  return visible ? b : { width: b.width, height: b.height };
}
