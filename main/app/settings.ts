/**
 * The settings a run uses: stored preferences, overridden by command-line
 * flags until the user changes that same field in the app.
 */
import type { MonitorSettings } from '../engine/api';
import type { Prefs } from '../common/prefs';

/** Per-run overrides from the command line. */
export interface Overrides {
  file?: string;
  threshold?: number;
}

/** Effective settings for the monitor. */
export function effectiveSettings(prefs: Prefs, overrides: Overrides): MonitorSettings {
  return {
    file: overrides.file ?? prefs.logFile,
    threshold: overrides.threshold ?? prefs.threshold,
    window: prefs.window,
    interval: prefs.interval,
    format: prefs.format,
  };
}

/** Drop the overrides the user has just replaced by choosing a value in the app. */
export function dropOverridden(overrides: Overrides, changed: Partial<Prefs>): Overrides {
  const next = { ...overrides };
  if ('logFile' in changed) delete next.file;
  if ('threshold' in changed) delete next.threshold;
  return next;
}

/** Whether two settings differ in anything the monitor acts on. */
export function sameSettings(a: MonitorSettings, b: MonitorSettings): boolean {
  return (
    a.file === b.file &&
    a.threshold === b.threshold &&
    a.window === b.window &&
    a.interval === b.interval &&
    a.format === b.format
  );
}
