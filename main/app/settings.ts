/**
 * The settings a run uses: stored preferences, overridden by command-line
 * flags until the user changes that same field in the app.
 */
import type { MonitorSettings } from '../engine/api';
import { settingsOf } from '../engine/monitor';
import type { Prefs } from '../common/prefs';

/** Per-run overrides from the command line. */
export interface Overrides {
  file?: string;
  threshold?: number;
}

/** Effective settings for the monitor. */
export function effectiveSettings(prefs: Prefs, overrides: Overrides): MonitorSettings {
  const stored = settingsOf(prefs);
  return {
    ...stored,
    file: overrides.file ?? stored.file,
    threshold: overrides.threshold ?? stored.threshold,
  };
}

/** Drop the overrides the user has just replaced by choosing a value in the app. */
export function dropOverridden(overrides: Overrides, changed: Partial<Prefs>): Overrides {
  const next = { ...overrides };
  if ('logFile' in changed) delete next.file;
  if ('threshold' in changed) delete next.threshold;
  return next;
}
