/**
 * How preferences are stored by electron-store: a JSON schema with a default
 * for every key (checked on every write), versioned migrations, and a repair
 * step for a file that no longer validates (hand-edited, older build).
 */
import type { Prefs } from '../common/prefs';
import {
  DEFAULT_PREFS,
  MAX_RECENT_FILES,
  migrateStoredPrefs,
  validatePrefsPatch,
} from '../common/prefs';
import { MAX_PATH_LENGTH, MAX_URL_LENGTH, PREF_RULES, type PrefRule } from '../common/prefs-rules';

// Counted in code points by JSON Schema, as the validator counts them; no NUL anywhere.
const path = { type: 'string', minLength: 1, maxLength: MAX_PATH_LENGTH, pattern: '^[^\\u0000]*$' };
// The schema can only approximate a URL and a selector; the validator (which the
// store's reader applies too) has the exact rule.
const url = { type: 'string', maxLength: MAX_URL_LENGTH, pattern: '^[hH][tT][tT][pP][sS]?://' };

/** The JSON Schema of one preference, derived from its rule. */
function schemaOf(rule: PrefRule): Record<string, unknown> {
  switch (rule.kind) {
    case 'number':
      return {
        type: rule.integer ? 'integer' : 'number',
        [rule.minExclusive ? 'exclusiveMinimum' : 'minimum']: rule.min,
        maximum: rule.max,
        default: rule.default,
      };
    case 'path':
      return { anyOf: [path, { type: 'null' }], default: rule.default };
    case 'paths':
      return { type: 'array', items: path, maxItems: rule.maxItems, default: [...rule.default] };
    case 'choice':
      return { enum: [...rule.options], default: rule.default };
    case 'switch':
      return { type: 'boolean', default: rule.default };
    case 'url':
      return { anyOf: [url, { type: 'null' }], default: rule.default };
    case 'selector':
      return { type: 'string', maxLength: MAX_URL_LENGTH, default: rule.default };
  }
}

/** electron-store `schema`: one entry per Prefs key, each with its default, from the rules. */
export const PREFS_SCHEMA: Record<keyof Prefs, Record<string, unknown>> = Object.fromEntries(
  Object.entries(PREF_RULES).map(([key, rule]) => [key, schemaOf(rule)]),
) as Record<keyof Prefs, Record<string, unknown>>;

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
  const prefs: Prefs = { ...DEFAULT_PREFS, logFiles: [], recentFiles: [] };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { prefs, problems: ['prefs: not an object, reset to defaults'] };
  }
  for (const [key, value] of Object.entries(migrateStoredPrefs(raw) ?? raw)) {
    if (key === '__internal__') continue;
    if ((key === 'recentFiles' || key === 'logFiles') && Array.isArray(value)) {
      // Keep the good paths of a list with a bad entry, de-duplicated, at most the rule's count.
      const good = [...new Set(value.filter((p) => validatePrefsPatch({ [key]: [p] }).ok))];
      if (good.length !== value.length) problems.push(`${key}: invalid entries dropped`);
      const max = key === 'logFiles' ? PREF_RULES.logFiles.maxItems : MAX_RECENT_FILES;
      prefs[key] = good.slice(0, max) as string[];
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
