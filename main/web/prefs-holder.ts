/**
 * Preferences of a web dashboard run: the monitor's current settings over the
 * defaults, changed only through validatePrefsPatch and applied to the
 * monitor whole (a bad value is refused with its field named, nothing half-applied).
 */
import type { SetPrefsResult } from '../common/api';
import { DEFAULT_PREFS, validatePrefsPatch, type Prefs, type PrefsPatch } from '../common/prefs';
import type { Monitor } from '../engine/api';
import { inputPrefsOf, sameSettings, settingsOf } from '../engine/monitor';

export interface PrefsHolder {
  get(): Prefs;
  /** Validate an untrusted patch and apply it; changes are serialised. */
  set(input: unknown): Promise<SetPrefsResult>;
}

/** Hold the prefs for `monitor`; `onChange` hears every applied patch (e.g. to persist it). */
export function createPrefsHolder(
  monitor: Monitor,
  onChange?: (patch: PrefsPatch, prefs: Prefs) => void,
): PrefsHolder {
  const s = monitor.settings;
  let prefs: Prefs = {
    ...DEFAULT_PREFS,
    ...inputPrefsOf(s),
    recentFiles: s.file ? [s.file] : [],
    threshold: s.threshold,
    window: s.window,
    interval: s.interval,
    format: s.format,
    anonymizeHosts: s.anonymizeHosts ?? false,
  };
  let queue: Promise<unknown> = Promise.resolve();

  async function apply(input: unknown): Promise<SetPrefsResult> {
    const check = validatePrefsPatch(input);
    if (!check.ok) return check;
    // Whoever holds the token must not point the server at another file it can read
    // (malformed-line samples would show its contents): the operator chose -f. Nor turn
    // off the anonymising of client addresses the operator chose.
    const inputs = ['logFiles', 'recentFiles', 'source', 'prometheusUrl'] as const;
    for (const field of [
      ...inputs,
      'prometheusSelector',
      'prometheusTokenFile',
      'anonymizeHosts',
    ] as const) {
      if (
        field in check.patch &&
        JSON.stringify(check.patch[field]) !== JSON.stringify(prefs[field])
      ) {
        const flag =
          field === 'anonymizeHosts' ? 'with or without --anonymize-hosts' : 'with -f FILE';
        return {
          ok: false,
          field,
          message: `${field}: cannot be changed over HTTP; restart http-console serve ${flag}`,
        };
      }
    }
    const next: Prefs = { ...prefs, ...check.patch };
    const settings = settingsOf(next);
    if (!sameSettings(settings, monitor.settings)) await monitor.apply(settings);
    prefs = next;
    onChange?.(check.patch, prefs);
    return { ok: true, prefs };
  }

  return {
    get: () => prefs,
    set(input) {
      const result = queue.then(() => apply(input));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
