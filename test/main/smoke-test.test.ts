/**
 * `--smoke-test` (main/app/smoke-test.ts): the decision on fakes, then the
 * built main bundle with the flag against the recording electron stand-in,
 * whose pages run the real preload bundle over the app's IPC handlers. CI runs
 * the same flag in real Electron (.github/workflows/ci.yml).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAppArgs } from '../../main/app/args';
import { runSmokeTest, type SmokeContents, type SmokeDeps } from '../../main/app/smoke-test';
import { startApp } from './app-process';
import { buildAppBundles } from './build-bundles';

/** A page that loads (or fails to) on the next turn, and answers `executeJavaScript` with `answer`. */
function fakeContents(answer: () => Promise<unknown>, fail?: string): SmokeContents {
  const page = new EventEmitter();
  setImmediate(() =>
    fail ? page.emit('did-fail-load', {}, -6, fail) : page.emit('did-finish-load'),
  );
  return {
    isLoading: () => true,
    getURL: () => '',
    once: (event: string, listener: (...a: unknown[]) => void) => page.once(event, listener),
    executeJavaScript: answer,
  } as SmokeContents;
}

function deps(contents: SmokeContents | null, over: Partial<SmokeDeps> = {}): SmokeDeps {
  return {
    trayAlive: () => true,
    openDashboard: () => undefined,
    contents: () => contents,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
    ...over,
  };
}

describe('smoke test decision', () => {
  test('--smoke-test is a flag of its own; without it the app runs normally', () => {
    assert.equal(parseAppArgs(['electron', '.', '--smoke-test'], '/').smokeTest, true);
    assert.equal(parseAppArgs(['electron', '.', '-m', '5'], '/').smokeTest, undefined);
  });

  test('passes when the page loads and window.api answers a snapshot', async () => {
    const r = await runSmokeTest(
      deps(fakeContents(async () => ({ kind: 'electron', state: 'idle', threshold: 10 }))),
    );
    assert.deepEqual(r, {
      ok: true,
      detail: 'tray, dashboard window, page and window.api (state idle, threshold 10)',
    });
  });

  test('fails naming the step: no tray, no window, page not loaded, no window.api, a hang', async () => {
    const good = () => fakeContents(async () => ({ kind: 'electron', state: 'idle' }));
    const cases: [SmokeDeps, RegExp][] = [
      [deps(good(), { trayAlive: () => false }), /^no tray icon was created$/],
      [deps(null), /^the dashboard window was not created$/],
      [
        deps(fakeContents(async () => null, 'ERR_FILE_NOT_FOUND')),
        /^the dashboard page failed to load: ERR_FILE_NOT_FOUND \(-6\)$/,
      ],
      [
        deps(
          fakeContents(async () => ({ error: 'window.api is missing: the preload did not run' })),
        ),
        /^window\.api is missing/,
      ],
      [deps(fakeContents(async () => ({ kind: 'web', state: 1 }))), /^window\.api answered /],
      [
        deps(
          fakeContents(() => new Promise(() => undefined)),
          { timeoutMs: 5 },
        ),
        /^window\.api\.snapshot\(\) took over 5 ms$/,
      ],
    ];
    for (const [d, reason] of cases) {
      const r = await runSmokeTest(d);
      assert.equal(r.ok, false);
      assert.match((r as { reason: string }).reason, reason);
    }
  });
});

describe('--smoke-test in the built app (stand-in electron)', () => {
  let appDir = '';
  let userData = '';
  before(async () => {
    appDir = await buildAppBundles();
    userData = mkdtempSync(join(tmpdir(), 'hc-smoke-flag-'));
  });
  after(() => {
    rmSync(appDir, { recursive: true, force: true });
    rmSync(userData, { recursive: true, force: true });
  });

  test('tray, window, page, window.api through the real preload and IPC; exit 0', async (t) => {
    assert.ok(existsSync(join(appDir, 'dist/renderer/index.html')), 'build the page first');
    const app = startApp(appDir, ['--smoke-test'], { HC_STANDIN_USERDATA: userData });
    t.after(() => app.kill());
    assert.equal(await app.exited(30_000), 0, app.stderr());
    const kinds = app.reports.map((r) => r.kind);
    for (const k of ['tray-new', 'window', 'loadFile', 'executeJavaScript', 'quit'])
      assert.ok(kinds.includes(k), `no ${k} report`);
    const handled = app.reports.filter((r) => r.kind === 'ipc-handle').length;
    assert.ok(handled > 0, 'IPC handlers were registered');
    const own = app.reports.find((r) => r.kind === 'set-path' && r.name === 'userData');
    assert.ok(own && own.path !== userData, 'preferences of its own, not the user’s');
    assert.ok(!existsSync(join(userData, 'config.json')), 'the user’s preferences are untouched');
    assert.ok(!existsSync(String(own.path)), 'its own preferences are removed at exit');
  });

  test('a missing preload fails with the reason and exit 1', async (t) => {
    rmSync(join(appDir, 'dist/preload/index.cjs'));
    const app = startApp(appDir, ['--smoke-test'], { HC_STANDIN_USERDATA: userData });
    t.after(() => app.kill());
    assert.equal(await app.exited(30_000), 1);
    assert.match(
      app.stderr(),
      /http-console: smoke test failed: window\.api is missing: the preload did not run/,
    );
  });
});
