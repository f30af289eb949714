/**
 * Where history databases live when no --db is given: `serve`'s in the
 * user's state folder, the tray app's in its data folder, one per log. Pure:
 * the platform, environment and folders are passed in.
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { basename, join, posix, resolve, win32 } from 'node:path';

export interface LocationInputs {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
}

const FOLDER = 'http-console';
const FILE = 'history.db';

/**
 * `$XDG_STATE_HOME/http-console/history.db` (default `~/.local/state`) on Linux
 * and other Unixes, `~/Library/Application Support/...` on macOS,
 * `%LOCALAPPDATA%\http-console\history.db` on Windows.
 */
export function defaultHistoryPath(
  inputs: LocationInputs = { platform: process.platform, env: process.env, home: homedir() },
): string {
  const { platform, env, home } = inputs;
  if (platform === 'win32') {
    const base = env.LOCALAPPDATA || win32.join(home, 'AppData', 'Local');
    return win32.join(base, FOLDER, FILE);
  }
  if (platform === 'darwin')
    return posix.join(home, 'Library', 'Application Support', FOLDER, FILE);
  // The XDG spec says a relative XDG_STATE_HOME is invalid and must be ignored.
  const xdg = env.XDG_STATE_HOME;
  const base = xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.local', 'state');
  return posix.join(base, FOLDER, FILE);
}

/**
 * The tray app keeps one database per log in its own data folder:
 * `<userData>/history/<file name>-<hash of the full path>.db`, so choosing
 * another log never mixes two logs' history, and choosing it again finds its
 * history again.
 */
export function appHistoryPath(userData: string, file: string): string {
  const full = resolve(file);
  const name =
    basename(full)
      .replace(/[^\w.-]+/g, '_')
      .slice(0, 40) || 'log';
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 12);
  return join(userData, 'history', `${name}-${hash}.db`);
}
