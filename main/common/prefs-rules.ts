/**
 * The one definition of every preference: its kind, default, range and the
 * message a bad value gets. The validator (prefs.ts), the electron-store JSON
 * schema (main/app/prefs-schema.ts), the preferences form, the engine's
 * defaults and the console's flags all read this table
 * (see docs/reference/preferences.md). Pure: no I/O.
 */
import { parseBaseUrl } from '../engine/sources/prometheus-api';
import { parseSelector } from '../engine/sources/prometheus-selector';

/** A number preference. */
export interface NumberRule {
  kind: 'number';
  default: number;
  /** Smallest value; excluded itself when `minExclusive`. */
  min: number;
  minExclusive: boolean;
  max: number;
  /** Only whole numbers of `unit`. */
  integer: boolean;
  unit: string;
  /**
   * The range one run of the console (and the engine) accepts, where it is wider
   * than the stored preference's: replays and tests use windows of a few seconds,
   * a batch report may want a day. Absent: the same range as the preference.
   */
  run?: { min: number; max: number };
}

/** A path, or null for "not chosen". */
export interface PathRule {
  kind: 'path';
  default: null;
}

/** A short list of paths (recent files: most recent first). */
export interface PathListRule {
  kind: 'paths';
  default: readonly string[];
  maxItems: number;
}

/** One of a fixed set of strings. */
export interface ChoiceRule {
  kind: 'choice';
  default: string;
  options: readonly string[];
}

/** The base URL of a Prometheus server (http or https), or null for "not set". */
export interface UrlRule {
  kind: 'url';
  default: null;
}

/** A PromQL label matcher set such as `{job="web"}`; empty for every series. */
export interface SelectorRule {
  kind: 'selector';
  default: string;
}

/** What the app watches: its log files, or a fleet through Prometheus. */
export type WatchSource = 'files' | 'prometheus';

/** An on/off switch. */
export interface SwitchRule {
  kind: 'switch';
  default: boolean;
}

export type PrefRule =
  NumberRule | PathRule | PathListRule | ChoiceRule | SwitchRule | UrlRule | SelectorRule;

/** Longest path accepted, in characters (Unicode code points, as JSON Schema counts them). */
export const MAX_PATH_LENGTH = 4096;
/** Longest Prometheus URL or selector accepted, in characters. */
export const MAX_URL_LENGTH = 2048;

/** Every preference, in the order the form shows them. */
export const PREF_RULES = {
  /** The log files watched as one monitor (the dialog's multi-select), in the order chosen. */
  logFiles: { kind: 'paths', default: [], maxItems: 32 },
  recentFiles: { kind: 'paths', default: [], maxItems: 10 },
  /** `prometheus`: watch the fleet at `prometheusUrl` instead of `logFiles`. */
  source: { kind: 'choice', default: 'files', options: ['files', 'prometheus'] },
  prometheusUrl: { kind: 'url', default: null },
  prometheusSelector: { kind: 'selector', default: '' },
  /** A file holding the bearer token Prometheus asks for (read when the fleet is watched). */
  prometheusTokenFile: { kind: 'path', default: null },
  threshold: {
    kind: 'number',
    default: 10,
    min: 0,
    minExclusive: true,
    max: 1e9,
    integer: false,
    unit: 'req/s',
  },
  window: {
    kind: 'number',
    default: 120,
    min: 10,
    minExclusive: false,
    max: 3600,
    integer: true,
    unit: 'seconds',
    run: { min: 1, max: 86_400 },
  },
  interval: {
    kind: 'number',
    default: 10,
    min: 1,
    minExclusive: false,
    max: 600,
    integer: true,
    unit: 'seconds',
    run: { min: 1, max: 86_400 },
  },
  format: {
    kind: 'choice',
    default: 'auto',
    options: ['auto', 'common', 'combined', 'w3c', 'csv'],
  },
  anonymizeHosts: { kind: 'switch', default: false },
  notifications: { kind: 'switch', default: true },
  launchAtLogin: { kind: 'switch', default: false },
} as const satisfies Record<string, PrefRule>;

/** `stored`: what preferences accept; `run`: what one console run or engine accepts. */
export type Scope = 'stored' | 'run';

/** The range of a number rule in `scope`. */
function rangeOf(rule: NumberRule, scope: Scope = 'stored') {
  const run = scope === 'run' ? rule.run : undefined;
  return {
    min: run?.min ?? rule.min,
    minExclusive: run ? false : rule.minExclusive,
    max: run?.max ?? rule.max,
  };
}

/** Why `v` is not a valid value of a number rule, or null. */
export function numberProblem(rule: NumberRule, v: unknown, scope: Scope = 'stored') {
  if (rule.integer && !Number.isInteger(v)) return `must be a whole number of ${rule.unit}`;
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a number';
  const { min, minExclusive, max } = rangeOf(rule, scope);
  if (minExclusive && v <= min) return `must be greater than ${min}`;
  if (!minExclusive && v < min) return `must be at least ${min}`;
  if (v > max) return `must be at most ${max}`;
  return null;
}

/** Why `v` is not a usable path, or null. */
export function pathProblem(v: unknown): string | null {
  if (typeof v !== 'string' || v.length === 0) return 'must be a non-empty path';
  // Counted in code points, as the stored schema's maxLength counts them (a code point
  // is one or two UTF-16 units, so only lengths between the two bounds need counting).
  const long = v.length > 2 * MAX_PATH_LENGTH || [...v].length > MAX_PATH_LENGTH;
  if (v.length > MAX_PATH_LENGTH && long) return `must be at most ${MAX_PATH_LENGTH} characters`;
  if (v.includes('\0')) return 'must not contain a NUL character';
  return null;
}

/** Why `v` is not a valid value of `rule`, or null. */
export function ruleProblem(rule: PrefRule, v: unknown): string | null {
  switch (rule.kind) {
    case 'number':
      return numberProblem(rule, v);
    case 'path':
      return v === null ? null : pathProblem(v);
    case 'paths': {
      if (!Array.isArray(v)) return 'must be a list of paths';
      if (v.length > rule.maxItems) return `must hold at most ${rule.maxItems} paths`;
      const bad = v.map(pathProblem).find((p) => p !== null);
      return bad ? `each entry ${bad}` : null;
    }
    case 'choice':
      return typeof v === 'string' && rule.options.includes(v)
        ? null
        : `must be one of ${rule.options.join(', ')}`;
    case 'switch':
      return typeof v === 'boolean' ? null : 'must be true or false';
    case 'url':
      return v === null ? null : urlProblem(v);
    case 'selector':
      return selectorProblem(v);
  }
}

/**
 * Why `v` is not a usable Prometheus URL, or null. The rule is the console's
 * (`--prometheus`); its message is given without the flag's name.
 */
export function urlProblem(v: unknown): string | null {
  if (typeof v !== 'string' || v.length === 0) return 'must be a URL like http://prometheus:9090';
  if (v.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  return thrown(() => parseBaseUrl(v), `--prometheus ${JSON.stringify(v)}: `);
}

/** Why `v` is not a usable label selector, or null (the console's `--prometheus-selector` rule). */
export function selectorProblem(v: unknown): string | null {
  if (typeof v !== 'string') return 'must be a label selector like {job="web"}, or empty';
  if (v.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  return thrown(() => parseSelector(v), `--prometheus-selector ${JSON.stringify(v)}: `);
}

/** The message `check` throws, without the flag-naming `prefix`; null when it does not throw. */
function thrown(check: () => unknown, prefix: string): string | null {
  try {
    check();
    return null;
  } catch (err) {
    const message = (err as Error).message;
    return message.startsWith(prefix) ? message.slice(prefix.length) : message;
  }
}
