/**
 * Preferences: the type, the defaults and the validation shared by the
 * Electron app (electron-store), the web server (prefs over HTTP) and the
 * renderer's preferences view, all derived from the rules in prefs-rules.ts
 * (see docs/reference/preferences.md). Pure: no I/O.
 */
import { PREF_RULES, ruleProblem, type PrefRule, type WatchSource } from './prefs-rules';
import type { FormatOption } from './types';

export type { WatchSource } from './prefs-rules';

export interface Prefs {
  /** Logs watched as one monitor, in the order chosen; empty until the user picks some. */
  logFiles: string[];
  /** Most recent first, at most MAX_RECENT_FILES. */
  recentFiles: string[];
  /** Whether the monitor reads `logFiles` or the fleet at `prometheusUrl`. */
  source: WatchSource;
  /** Base URL of the Prometheus server that scrapes the fleet; null until set. */
  prometheusUrl: string | null;
  /** Label matchers narrowing the fleet, e.g. `{job="web"}`; empty: every agent. */
  prometheusSelector: string;
  /** A file holding the bearer token for Prometheus; null: none. */
  prometheusTokenFile: string | null;
  /** Average req/s over the window that raises an alert. */
  threshold: number;
  /** Alert window, seconds. */
  window: number;
  /** Summary interval, seconds. */
  interval: number;
  format: FormatOption;
  /** Count and show client hosts by their /24, /48 or domain (docs/reference/security.md). */
  anonymizeHosts: boolean;
  notifications: boolean;
  launchAtLogin: boolean;
}

// Compile-time checks: one rule per preference, none extra, each default of the preference's type.
type Assert<T extends true> = T;
type RuleFor<T> = PrefRule & { default: T extends (infer E)[] ? readonly E[] : T };
type Rules = typeof PREF_RULES;
type _OneRuleEach = Assert<
  [keyof Rules] extends [keyof Prefs]
    ? Rules extends { [K in keyof Prefs]: RuleFor<Prefs[K]> }
      ? true
      : false
    : false
>;

const KEYS = Object.keys(PREF_RULES) as (keyof Prefs)[];

/** Every preference's default, from its rule. */
export const DEFAULT_PREFS: Readonly<Prefs> = Object.freeze(
  Object.fromEntries(
    KEYS.map((k) => {
      const d = PREF_RULES[k].default;
      return [k, Array.isArray(d) ? [...d] : d];
    }),
  ) as unknown as Prefs,
);

export const FORMAT_OPTIONS: readonly FormatOption[] = PREF_RULES.format.options;
export const MAX_RECENT_FILES = PREF_RULES.recentFiles.maxItems;

export type PrefsPatch = Partial<Prefs>;

/** Result of validating a patch: either the whole valid patch, or the first bad field. */
export type PrefsCheck =
  { ok: true; patch: PrefsPatch } | { ok: false; field: string; message: string };

function bad(field: string, message: string): PrefsCheck {
  return { ok: false, field, message: `${field}: ${message}` };
}

/**
 * Validate an untrusted patch (from IPC, HTTP or a form). Unknown keys,
 * prototype-pollution keys and wrong types are refused, naming the field;
 * nothing is half-applied because the caller applies only an `ok` patch.
 */
export function validatePrefsPatch(input: unknown): PrefsCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return bad('prefs', 'must be an object');
  }
  const patch: PrefsPatch = {};
  for (const key of Object.keys(input)) {
    if (!(KEYS as string[]).includes(key)) return bad(key, 'is not a preference');
    const value = (input as Record<string, unknown>)[key];
    const error = ruleProblem(PREF_RULES[key as keyof Prefs], value);
    if (error) return bad(key, error);
    (patch as Record<string, unknown>)[key] = Array.isArray(value) ? [...value] : value;
  }
  return { ok: true, patch };
}

/** Validate a whole stored object, filling missing keys from the defaults. */
export function validatePrefs(
  input: unknown,
): { ok: true; prefs: Prefs } | { ok: false; field: string; message: string } {
  const check = validatePrefsPatch(input);
  if (!check.ok) return check;
  return { ok: true, prefs: { ...DEFAULT_PREFS, ...check.patch } as Prefs };
}

/** Put `files` first in the recent list, in their order, without duplicates, at most MAX_RECENT_FILES. */
export function pushRecent(recent: readonly string[], ...files: string[]): string[] {
  return [...new Set([...files, ...recent])].slice(0, MAX_RECENT_FILES);
}

/**
 * Stored preferences of an older shape, brought to this one: the single
 * `logFile` (up to 0.2) becomes the list `logFiles`. Anything else is left
 * for validation. Returns null when there is nothing to migrate.
 */
export function migrateStoredPrefs(raw: unknown): Record<string, unknown> | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !('logFile' in raw))
    return null;
  const { logFile, ...rest } = raw as Record<string, unknown>;
  if ('logFiles' in rest) return rest;
  return { ...rest, logFiles: typeof logFile === 'string' && logFile !== '' ? [logFile] : [] };
}
