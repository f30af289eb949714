// Finding Chromium (scripts/chromium.mjs) on each platform, with the file
// system replaced by a set of paths that exist.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findChromium } from '../../scripts/chromium.mjs';

const only =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);

describe('findChromium', () => {
  test('CHROMIUM_PATH wins over every usual location', () => {
    const r = findChromium({
      platform: 'linux',
      env: { CHROMIUM_PATH: '/opt/my/chrome' },
      exists: only('/opt/my/chrome', '/usr/bin/chromium'),
    });
    assert.deepEqual(r, { path: '/opt/my/chrome' });
  });

  test('a CHROMIUM_PATH that does not exist is an error naming it, not a fallback', () => {
    const r = findChromium({
      platform: 'linux',
      env: { CHROMIUM_PATH: '/nowhere/chrome' },
      exists: only('/usr/bin/chromium'),
    });
    assert.equal(r.path, undefined);
    assert.match(r.error ?? '', /CHROMIUM_PATH is \/nowhere\/chrome, which does not exist/);
  });

  test('Linux: Chromium under its Debian, Ubuntu, snap or Google Chrome names', () => {
    for (const path of [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/snap/bin/chromium',
      '/usr/bin/google-chrome',
    ]) {
      assert.deepEqual(findChromium({ platform: 'linux', env: {}, exists: only(path) }), { path });
    }
  });

  test('macOS: /Applications, then ~/Applications', () => {
    const chrome = '/Users/ann/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    assert.deepEqual(
      findChromium({ platform: 'darwin', env: { HOME: '/Users/ann' }, exists: only(chrome) }),
      { path: chrome },
    );
    const chromium = '/Applications/Chromium.app/Contents/MacOS/Chromium';
    assert.deepEqual(
      findChromium({ platform: 'darwin', env: {}, exists: only(chromium, chrome) }),
      { path: chromium },
    );
  });

  test('Windows: Program Files, Program Files (x86) and the per-user install', () => {
    const env = {
      PROGRAMFILES: 'C:\\Program Files',
      'PROGRAMFILES(X86)': 'C:\\Program Files (x86)',
      LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local',
    };
    for (const path of [
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Users\\ann\\AppData\\Local\\Chromium\\Application\\chrome.exe',
    ]) {
      assert.deepEqual(findChromium({ platform: 'win32', env, exists: only(path) }), { path });
    }
  });

  test('none found: one message saying so, how to fix it, and where it looked', () => {
    const r = findChromium({ platform: 'linux', env: {}, exists: () => false });
    assert.equal(r.path, undefined);
    assert.match(r.error ?? '', /^no Chromium or Chrome found: .*set CHROMIUM_PATH/);
    assert.match(r.error ?? '', /looked in \/usr\/bin\/chromium, /);
  });
});
