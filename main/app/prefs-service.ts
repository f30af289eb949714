/**
 * Main's owner of preferences: validates every change (IPC, tray menu,
 * command line), writes the whole merged object only when it is valid, and
 * tells subscribers. The storage is injected (electron-store in the app).
 */
import type { SetPrefsResult } from '../common/api';
import { createEmitter } from '../common/emitter';
import type { Prefs, PrefsPatch } from '../common/prefs';
import { validatePrefs, validatePrefsPatch } from '../common/prefs';

/** Where prefs live; `write` replaces all keys at once. */
export interface PrefsBackend {
  read(): Prefs;
  write(prefs: Prefs): void;
}

export interface PrefsService {
  get(): Prefs;
  /** Apply an untrusted patch whole, or refuse it naming the field. */
  set(patch: unknown): SetPrefsResult;
  /** Called after a successful change with the new prefs and the changed keys. */
  onChange(listener: (prefs: Prefs, changed: PrefsPatch) => void): () => void;
}

/** Create the service; `isDirectory` is injected so the check is testable without a disk. */
export function createPrefsService(deps: {
  backend: PrefsBackend;
  isDirectory: (path: string) => boolean;
}): PrefsService {
  // A listener's bug must not turn a saved change into a reported failure.
  const emitter = createEmitter<{ change: [prefs: Prefs, changed: PrefsPatch] }>();
  return {
    get: () => deps.backend.read(),
    set(input) {
      const check = validatePrefsPatch(input);
      if (!check.ok) return check;
      const patch = check.patch;
      const folder = (patch.logFiles ?? []).find((f) => deps.isDirectory(f));
      if (folder !== undefined) {
        const message = `logFiles: ${folder} is a directory, not a log file`;
        return { ok: false, field: 'logFiles', message };
      }
      const tokenFile = patch.prometheusTokenFile;
      if (typeof tokenFile === 'string' && deps.isDirectory(tokenFile)) {
        const message = 'prometheusTokenFile: is a directory, not a file';
        return { ok: false, field: 'prometheusTokenFile', message };
      }
      const merged = validatePrefs({ ...deps.backend.read(), ...patch });
      if (!merged.ok) return merged;
      try {
        deps.backend.write(merged.prefs);
      } catch (err) {
        return {
          ok: false,
          field: 'prefs',
          message: `prefs: could not be saved (${(err as Error).message})`,
        };
      }
      const prefs = deps.backend.read();
      emitter.emit('change', prefs, patch);
      return { ok: true, prefs };
    },
    onChange: (listener) => emitter.on('change', listener),
  };
}
