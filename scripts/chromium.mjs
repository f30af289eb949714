// The one place that finds a Chromium (or Chrome) for the renderer and
// end-to-end tests, the page benchmark and make-icons: CHROMIUM_PATH if set,
// else the usual install locations of each platform. playwright-core drives
// it; no browser is ever downloaded.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Headless, and without background networking that a closed network would refuse. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where Chromium or Chrome usually lives on `platform`, most likely first. */
export function chromiumCandidates(platform = process.platform, env = process.env) {
  if (platform === 'darwin') {
    const apps = [
      'Chromium.app/Contents/MacOS/Chromium',
      'Google Chrome.app/Contents/MacOS/Google Chrome',
    ];
    const roots = ['/Applications', ...(env.HOME ? [join(env.HOME, 'Applications')] : [])];
    return roots.flatMap((root) => apps.map((app) => `${root}/${app}`));
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(Boolean);
    const exes = ['Chromium\\Application\\chrome.exe', 'Google\\Chrome\\Application\\chrome.exe'];
    return roots.flatMap((root) => exes.map((exe) => `${root}\\${exe}`));
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
  ];
}

/**
 * The Chromium to launch: `{ path }`, or `{ error }` saying why there is none
 * and how to name one. A CHROMIUM_PATH that does not exist is an error, not a
 * reason to quietly use another browser.
 */
export function findChromium({
  platform = process.platform,
  env = process.env,
  exists = existsSync,
} = {}) {
  const named = env.CHROMIUM_PATH;
  if (named) {
    return exists(named)
      ? { path: named }
      : { error: `CHROMIUM_PATH is ${named}, which does not exist` };
  }
  const candidates = chromiumCandidates(platform, env);
  const path = candidates.find((c) => exists(c));
  if (path) return { path };
  return {
    error:
      'no Chromium or Chrome found: install one, or set CHROMIUM_PATH to its executable ' +
      `(looked in ${candidates.join(', ')})`,
  };
}
