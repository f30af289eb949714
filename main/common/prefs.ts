/**
 * Preferences (SPEC section 10): the type, defaults, and validation shared by
 * the Electron app (electron-store), the web server (prefs over HTTP) and the
 * renderer's preferences view. Pure: no I/O.
 */
import type { FormatOption } from './types';

export interface Prefs {
  /** Log to watch; null until the user picks one. */
  logFile: string | null;
  /** Most recent first, at most 10. */
  recentFiles: string[];
  /** Average req/s over the window that raises an alert; > 0. */
  threshold: number;
  /** Alert window in seconds, 10..3600. */
  window: number;
  /** Summary interval in seconds, 1..600. */
  interval: number;
  format: FormatOption;
  notifications: boolean;
  launchAtLogin: boolean;
}

export const DEFAULT_PREFS: Readonly<Prefs> = Object.freeze({
  logFile: null,
  recentFiles: [],
  threshold: 10,
  window: 120,
  interval: 10,
  format: 'auto',
  notifications: true,
  launchAtLogin: false,
});

export const FORMAT_OPTIONS: readonly FormatOption[] = ['auto', 'common', 'combined', 'w3c', 'csv'];
export const MAX_RECENT_FILES = 10;
/** Longest path accepted, in characters. */
export const MAX_PATH_LENGTH = 4096;

export type PrefsPatch = Partial<Prefs>;

/** Result of validating a patch: either the whole valid patch, or the first bad field. */
export type PrefsCheck =
  { ok: true; patch: PrefsPatch } | { ok: false; field: string; message: string };

const KEYS = Object.keys(DEFAULT_PREFS) as (keyof Prefs)[];

function bad(field: string, message: string): PrefsCheck {
  return { ok: false, field, message: `${field}: ${message}` };
}

function checkNumber(field: string, v: unknown, min: number, max: number, minExclusive = false) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `must be a number`;
  if (minExclusive ? v <= min : v < min)
    return minExclusive ? `must be greater than ${min}` : `must be at least ${min}`;
  if (v > max) return `must be at most ${max}`;
  void field;
  return null;
}

function checkPath(v: unknown): string | null {
  if (typeof v !== 'string' || v.length === 0) return 'must be a non-empty path';
  if (v.length > MAX_PATH_LENGTH) return `must be at most ${MAX_PATH_LENGTH} characters`;
  if (v.includes('\0')) return 'must not contain a NUL character';
  return null;
}

function checkField(key: keyof Prefs, v: unknown): string | null {
  switch (key) {
    case 'logFile':
      return v === null ? null : checkPath(v);
    case 'recentFiles':
      if (!Array.isArray(v)) return 'must be a list of paths';
      if (v.length > MAX_RECENT_FILES) return `must hold at most ${MAX_RECENT_FILES} paths`;
      for (const p of v) {
        const e = checkPath(p);
        if (e) return `each entry ${e}`;
      }
      return null;
    case 'threshold':
      return checkNumber(key, v, 0, 1e9, true);
    case 'window':
      if (!Number.isInteger(v)) return 'must be a whole number of seconds';
      return checkNumber(key, v, 10, 3600);
    case 'interval':
      if (!Number.isInteger(v)) return 'must be a whole number of seconds';
      return checkNumber(key, v, 1, 600);
    case 'format':
      return FORMAT_OPTIONS.includes(v as FormatOption)
        ? null
        : `must be one of ${FORMAT_OPTIONS.join(', ')}`;
    case 'notifications':
    case 'launchAtLogin':
      return typeof v === 'boolean' ? null : 'must be true or false';
  }
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
    const error = checkField(key as keyof Prefs, value);
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

/** Put `file` first in the recent list, without duplicates, at most MAX_RECENT_FILES. */
export function pushRecent(recent: readonly string[], file: string): string[] {
  return [file, ...recent.filter((f) => f !== file)].slice(0, MAX_RECENT_FILES);
}
