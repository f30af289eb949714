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
  const threshold = overrides.threshold ?? stored.threshold;
  if (overrides.file === undefined) return { ...stored, threshold };
  // `-f FILE` is that one log for this run, whatever the stored files or fleet.
  const { sources: _sources, fleet: _fleet, ...rest } = stored;
  return { ...rest, file: overrides.file, threshold };
}

/** Drop the overrides the user has just replaced by choosing a value in the app. */
export function dropOverridden(overrides: Overrides, changed: Partial<Prefs>): Overrides {
  const next = { ...overrides };
  if ('logFiles' in changed || 'source' in changed) delete next.file;
  if ('threshold' in changed) delete next.threshold;
  return next;
}
