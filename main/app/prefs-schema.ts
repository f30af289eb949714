/**
 * How preferences are stored by electron-store: a JSON schema with a default
 * for every key (checked on every write), versioned migrations, and a repair
 * step for a file that no longer validates (hand-edited, older build).
 */
import type { Prefs } from '../common/prefs';
import {
  DEFAULT_PREFS,
  FORMAT_OPTIONS,
  MAX_PATH_LENGTH,
  MAX_RECENT_FILES,
  validatePrefsPatch,
} from '../common/prefs';

const path = { type: 'string', minLength: 1, maxLength: MAX_PATH_LENGTH };

/** electron-store `schema`: one entry per Prefs key, each with its default. */
export const PREFS_SCHEMA = {
  logFile: { anyOf: [path, { type: 'null' }], default: DEFAULT_PREFS.logFile },
  recentFiles: { type: 'array', items: path, maxItems: MAX_RECENT_FILES, default: [] },
  threshold: {
    type: 'number',
    exclusiveMinimum: 0,
    maximum: 1e9,
    default: DEFAULT_PREFS.threshold,
  },
  window: { type: 'integer', minimum: 10, maximum: 3600, default: DEFAULT_PREFS.window },
  interval: { type: 'integer', minimum: 1, maximum: 600, default: DEFAULT_PREFS.interval },
  format: { enum: [...FORMAT_OPTIONS], default: DEFAULT_PREFS.format },
  notifications: { type: 'boolean', default: DEFAULT_PREFS.notifications },
  launchAtLogin: { type: 'boolean', default: DEFAULT_PREFS.launchAtLogin },
} as const;

/** Result of repairing a stored object: valid prefs, and what had to be reset. */
export interface Repair {
  prefs: Prefs;
  /** One message per field reset to its default or key dropped. */
  problems: string[];
}

/**
 * Keep every stored value that validates on its own; reset the others to their
 * defaults and drop unknown keys (electron-store's own `__internal__` is kept by the caller).
 */
export function repairPrefs(raw: unknown): Repair {
  const problems: string[] = [];
  const prefs: Prefs = { ...DEFAULT_PREFS, recentFiles: [] };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { prefs, problems: ['prefs: not an object, reset to defaults'] };
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key === '__internal__') continue;
    if (key === 'recentFiles' && Array.isArray(value)) {
      // Keep the good paths of a list with a bad entry, de-duplicated, at most 10.
      const good = [...new Set(value.filter((p) => validatePrefsPatch({ recentFiles: [p] }).ok))];
      if (good.length !== value.length) problems.push('recentFiles: invalid entries dropped');
      prefs.recentFiles = good.slice(0, MAX_RECENT_FILES) as string[];
      continue;
    }
    const check = validatePrefsPatch({ [key]: value });
    if (check.ok) Object.assign(prefs, check.patch);
    else problems.push(`${check.message} (reset)`);
  }
  return { prefs, problems };
}

/** The slice of electron-store a migration uses. */
export interface MigrationStore {
  readonly store: Record<string, unknown>;
  set(values: Record<string, unknown>): void;
  delete(key: string): void;
}

/**
 * Migrations keyed by the app version that introduced them; electron-store runs
 * each once, in order, when the app is upgraded past it (validation is off
 * while they run, so a migration may see any older shape).
 * 0.1.0, the first versioned schema: keep every valid value, reset the rest,
 * drop keys that are not preferences. Later shape changes add an entry here.
 */
export const PREFS_MIGRATIONS: Record<string, (store: MigrationStore) => void> = {
  '0.1.0': (store) => {
    const { prefs } = repairPrefs(store.store);
    for (const key of Object.keys(store.store)) {
      if (key !== '__internal__' && !(key in prefs)) store.delete(key);
    }
    store.set({ ...prefs });
  },
};
