/**
 * electron-store files in the user-data folder: `config.json` (preferences,
 * schema-checked, migrated), `alert-memory.json` and `window-state.json`.
 * A preferences file that no longer validates is repaired before it is opened
 * (the original is kept beside it), so the app always starts.
 */
import Store from 'electron-store';
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Prefs } from '../common/prefs';
import { DEFAULT_PREFS, migrateStoredPrefs, validatePrefs } from '../common/prefs';
import type { KeyValue } from './alert-memory';
import type { PrefsBackend } from './prefs-service';
import { PREFS_MIGRATIONS, PREFS_SCHEMA, repairPrefs } from './prefs-schema';

export interface Stores {
  prefs: PrefsBackend;
  alerts: KeyValue;
  windowState: KeyValue;
  /** Where preferences live, for the README and error messages. */
  prefsPath: string;
  /** What was repaired on open (empty normally). */
  problems: string[];
}

/**
 * Bring `config.json` to this version's shape (an older single `logFile`
 * becomes `logFiles`), and repair it in place if it does not parse or
 * validate; returns the problems found (a migration is not one).
 */
export function repairPrefsFile(path: string): string[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = null;
  }
  const migrated = migrateStoredPrefs(raw);
  const { prefs, problems } = repairPrefs(raw);
  if (problems.length === 0 && migrated === null) return [];
  if (problems.length > 0) copyFileSync(path, `${path}.invalid-${Date.now()}`);
  const internal =
    raw && typeof raw === 'object' ? (raw as Record<string, unknown>).__internal__ : undefined;
  const tmp = `${path}.tmp`;
  writeFileSync(
    tmp,
    JSON.stringify(internal ? { ...prefs, __internal__: internal } : prefs, null, '\t'),
    { mode: 0o600 },
  );
  renameSync(tmp, path);
  return problems;
}

/**
 * The stores hold the user's log paths and alert history: readable by their
 * owner only (docs/reference/history.md, "What is stored"), as are the
 * history databases beside them.
 */
const PRIVATE_FILE = 0o600;

/** Open every store under `dir` (the app's userData folder). */
export function openStores(dir: string): Stores {
  const prefsPath = join(dir, 'config.json');
  const problems = repairPrefsFile(prefsPath);
  const prefsStore = new Store<Record<string, unknown>>({
    cwd: dir,
    configFileMode: PRIVATE_FILE,
    schema: PREFS_SCHEMA as never,
    defaults: { ...DEFAULT_PREFS },
    migrations: PREFS_MIGRATIONS as never,
  });
  const read = (): Prefs => {
    const { __internal__: _internal, ...stored } = prefsStore.store;
    const check = validatePrefs(stored);
    return check.ok ? check.prefs : repairPrefs(stored).prefs;
  };
  const alerts = new Store<Record<string, unknown>>({
    cwd: dir,
    name: 'alert-memory',
    configFileMode: PRIVATE_FILE,
  });
  const windowState = new Store<Record<string, unknown>>({
    cwd: dir,
    name: 'window-state',
    configFileMode: PRIVATE_FILE,
  });
  return {
    prefs: { read, write: (p) => prefsStore.set({ ...p }) },
    alerts: { get: (k) => alerts.get(k), set: (k, v) => alerts.set(k, v) },
    windowState: { get: (k) => windowState.get(k), set: (k, v) => windowState.set(k, v) },
    prefsPath,
    problems,
  };
}
