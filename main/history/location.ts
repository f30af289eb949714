/**
 * Where `serve` keeps its history database when no --db is given: the user's
 * state folder. Pure: the platform, environment and home folder are passed in.
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

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
