/**
 * The command-line flags the tray app accepts (see docs/reference/command-line.md):
 * `-f/--filename` and `-m/--max` override stored preferences for this run only;
 * `--smoke-test` checks that the app runs, then exits (main/app/smoke-test.ts).
 */
import { isAbsolute, resolve } from 'node:path';
import { numberProblem, pathProblem, PREF_RULES } from '../common/prefs-rules';

/** Flags found on the command line; absent ones are undefined. */
export interface AppArgs {
  file?: string;
  threshold?: number;
  /** `--smoke-test`: start, check tray, window, page and window.api, then exit. */
  smokeTest?: true;
  /** Problems with flags that were present but unusable (the flag is then ignored). */
  errors: string[];
}

/**
 * Parse Electron's argv. Everything that is not one of our flags is skipped:
 * argv also holds the executable, the app path in development and Chromium
 * switches, which are not ours to reject.
 */
export function parseAppArgs(argv: readonly string[], cwd: string): AppArgs {
  const out: AppArgs = { errors: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = name === arg ? undefined : arg.slice(eq + 1);
    if (arg === '--smoke-test') out.smokeTest = true;
    if (!['-f', '--filename', '-m', '--max'].includes(name)) continue;
    const value = inline ?? argv[i + 1];
    if (inline === undefined) i++;
    if (value === undefined) {
      out.errors.push(`${name}: needs a value`);
      continue;
    }
    if (name === '-f' || name === '--filename') {
      if (pathProblem(value)) {
        out.errors.push(`${name}: not a usable path`);
      } else {
        out.file = isAbsolute(value) ? value : resolve(cwd, value);
      }
    } else {
      const n = Number(value);
      const problem =
        value.trim() === '' ? 'must be a number' : numberProblem(PREF_RULES.threshold, n);
      if (problem) {
        out.errors.push(`${name}: threshold ${problem}, got "${value}"`);
      } else {
        out.threshold = n;
      }
    }
  }
  return out;
}
