/**
 * Main-process smoke test: the built main bundle runs in Node against the
 * recording `electron` stand-in and is driven like a user would: choose a log
 * from the tray, watch a burst raise an alert and silence recover it, open the
 * dashboard, talk to it over IPC as the page (and as an intruder), quit.
 * Real time: window 10 s (stored before launch) and `-m 1`, so recovery comes
 * within ~15 s. What it cannot prove: see the report (no real Electron here).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildAppBundles } from './build-bundles';
import { startApp } from './app-process';
import type { Report } from './app-process';
import { IPC_REQUEST_CHANNELS } from '../../main/common/ipc';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Common Log Format lines stamped `ms` (UTC). */
function lines(n: number, ms: number): string {
  const d = new Date(ms);
  const p = (x: number) => String(x).padStart(2, '0');
  const ts = `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
  return Array.from(
    { length: n },
    (_, i) => `10.0.0.${i % 9} - - [${ts}] "GET /api/item/${i} HTTP/1.1" 200 512\n`,
  ).join('');
}

const isImage = (state: string) => (r: Report) =>
  r.kind === 'tray-image' && String(r.path).endsWith(`/${state}-32.png`);
type MenuItem = { label?: string; type?: string; enabled?: boolean; submenu?: MenuItem[] };

let appDir = '';
let work = '';
before(async () => {
  appDir = await buildAppBundles();
  work = mkdtempSync(join(tmpdir(), 'hc-smoke-'));
});
after(() => {
  rmSync(appDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('tray app main process (built bundle, stand-in electron)', { concurrency: false }, () => {
  let userData = '';
  let log = '';
  let page = '';

  test('start → choose log → burst → one alert → silence → one recovery; IPC, window, quit', async (t) => {
    userData = join(work, 'user-data');
    mkdirSync(userData);
    writeFileSync(join(userData, 'config.json'), JSON.stringify({ window: 10, interval: 2 }));
    log = join(work, 'access.log');
    writeFileSync(log, '');
    page = pathToFileURL(join(appDir, 'dist/renderer/index.html')).href;
    const app = startApp(appDir, ['-m', '1'], {
      HC_STANDIN_USERDATA: userData,
      HC_STANDIN_DIALOG_PATH: log,
    });
    t.after(() => app.kill());

    // Start: tray idle, every IPC channel registered, the documented menu (tray.md).
    await app.waitFor(isImage('idle'), 'idle tray icon');
    const tip = await app.waitFor((r) => r.kind === 'tray-tooltip', 'tooltip');
    assert.equal(tip.text, 'HTTP Console — no log file chosen');
    const handled = app.reports.filter((r) => r.kind === 'ipc-handle').map((r) => r.channel);
    assert.deepEqual([...handled].sort(), [...IPC_REQUEST_CHANNELS].sort());
    const menu = (await app.waitFor((r) => r.kind === 'tray-menu', 'menu')).items as MenuItem[];
    assert.deepEqual(
      menu.map((i) => i.label ?? i.type),
      [
        'No log file chosen',
        'separator',
        'Open Dashboard',
        'Choose Log File…',
        'Watch a Prometheus Server…',
        'Recent Files',
        'separator',
        'Pause',
        'Mute Notifications',
        'separator',
        'Preferences…',
        'Quit',
      ],
    );
    assert.ok(
      app.reports.every((r) => r.kind !== 'tray-image' || r.exists === true),
      'every tray icon file exists',
    );

    // Choose Log File… → the dialog's file is followed: tray normal, tooltip names it with the -m threshold.
    const mark = app.reports.length;
    await app.command('click', { labels: ['Choose Log File…'] });
    await app.waitFor((r) => r.kind === 'dialog-open', 'file dialog', { from: mark });
    await app.waitFor(isImage('normal'), 'normal tray icon', { from: mark });
    await app.waitFor(
      (r) =>
        r.kind === 'tray-tooltip' &&
        r.text === 'HTTP Console — access.log\n0 req/s (threshold 1) · normal',
      'tooltip naming the file and threshold',
      { from: mark },
    );
    const stored = JSON.parse(readFileSync(join(userData, 'config.json'), 'utf8'));
    assert.deepEqual(stored.logFiles, [log]);
    assert.deepEqual(stored.recentFiles, [log]);
    assert.equal(stored.threshold, 10, 'the -m flag overrides for this run only; it is not stored');

    // Open Dashboard: a secure, sandboxed window loading the built page with the bundled preload.
    await app.command('click', { labels: ['Open Dashboard'] });
    const win = await app.waitFor((r) => r.kind === 'window', 'dashboard window');
    const wp = (win.options as { webPreferences: Record<string, unknown> }).webPreferences;
    assert.equal(wp.contextIsolation, true);
    assert.equal(wp.sandbox, true);
    assert.equal(wp.nodeIntegration, false);
    assert.equal(wp.nodeIntegrationInSubFrames, false);
    assert.equal(wp.webSecurity, true);
    assert.equal(wp.webviewTag, false);
    assert.equal(wp.preload, join(appDir, 'dist/preload/index.cjs'));
    assert.ok(existsSync(String(wp.preload)), 'preload bundle exists');
    const load = await app.waitFor((r) => r.kind === 'loadFile', 'page load');
    assert.equal(load.path, join(appDir, 'dist/renderer/index.html'));
    await app.waitFor((r) => r.kind === 'window-show', 'window shown');

    // Preferences… opens the same window on the page's preferences view (#prefs).
    const prefsMark = app.reports.length;
    await app.command('click', { labels: ['Preferences…'] });
    const prefsLoad = await app.waitFor((r) => r.kind === 'loadFile', 'preferences view', {
      from: prefsMark,
    });
    assert.equal(prefsLoad.hash, 'prefs');

    // IPC as the page: figures and prefs; as anyone else: refused.
    const snap = (await app.command('invoke', { channel: 'stats:snapshot', args: [], url: page }))
      .result as Record<string, unknown>;
    assert.equal(snap.state, 'normal');
    assert.equal(snap.threshold, 1);
    assert.equal(snap.window, 10);
    const prefs = (
      await app.command('invoke', { channel: 'prefs:get', args: [], url: `${page}#prefs` })
    ).result as Record<string, unknown>;
    assert.deepEqual(prefs.logFiles, [log]);
    for (const [url, isMainFrame] of [
      ['file:///tmp/evil.html', true],
      ['https://example.com/', true],
      [page, false],
      [null, true],
    ] as const) {
      await assert.rejects(
        app.command('invoke', { channel: 'prefs:get', args: [], url, isMainFrame }),
        /refused, the sender is not the dashboard page/,
      );
    }
    const before = readFileSync(join(userData, 'config.json'), 'utf8');
    for (const [patch, field] of [
      [{ threshold: -1 }, 'threshold'],
      [{ window: 5 }, 'window'],
      [{ logFiles: [work] }, 'logFiles'],
      [JSON.parse('{"__proto__": {"threshold": 0}}'), '__proto__'],
      [{ threshold: 5, interval: 'soon' }, 'interval'],
    ] as const) {
      const r = (await app.command('invoke', { channel: 'prefs:set', args: [patch], url: page }))
        .result;
      assert.deepEqual((r as { ok: boolean; field: string }).ok, false);
      assert.equal((r as { field: string }).field, field);
    }
    await assert.rejects(
      app.command('invoke', { channel: 'stats:snapshot', args: [1], url: page }),
      /takes 0 argument/,
    );
    assert.equal(
      readFileSync(join(userData, 'config.json'), 'utf8'),
      before,
      'refused changes never touch the file',
    );

    // Burst: 40 hits now over a 10 s window is 4 req/s > 1 → alert, exactly one notification.
    const burst = app.reports.length;
    appendFileSync(log, lines(40, Date.now()));
    await app.waitFor(isImage('alert'), 'alert tray icon', { from: burst });
    const first = await app.waitFor((r) => r.kind === 'notification', 'alert notification', {
      from: burst,
    });
    assert.equal(first.title, 'High traffic alert');
    assert.match(
      String(first.body),
      /^High traffic generated an alert - hits = [\d.]+, triggered at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d \(\d+ hits in 10 s, threshold 1 req\/s\)$/,
    );
    await app.waitFor((r) => r.kind === 'push' && r.type === 'alert', 'alert pushed to the page', {
      from: burst,
    });
    // The menu's state line says since when (the tray reports icon, tooltip, menu in that order).
    await app.waitFor(
      (r) =>
        r.kind === 'tray-menu' &&
        /^ALERT since \d\d:\d\d:\d\d — access\.log$/.test((r.items as MenuItem[])[0]?.label ?? ''),
      'alert state line in the menu',
      { from: burst },
    );

    // Silence: the window empties, recovery and a second notification.
    const quiet = app.reports.length;
    const second = await app.waitFor((r) => r.kind === 'notification', 'recovery notification', {
      from: quiet,
      timeoutMs: 40_000,
    });
    assert.equal(second.title, 'Traffic back to normal');
    assert.match(
      String(second.body),
      /^High traffic alert recovered - hits = [\d.]+, recovered at /,
    );
    await app.waitFor(isImage('normal'), 'normal tray icon after recovery', { from: quiet });
    assert.equal(
      app.reports.filter((r) => r.kind === 'notification').length,
      2,
      'exactly one notification per transition',
    );
    const memory = JSON.parse(
      readFileSync(join(userData, 'alert-memory.json'), 'utf8'),
    ).alertMemory;
    assert.deepEqual(
      memory.history.map((e: { type: string }) => e.type),
      ['alert', 'recovery'],
    );
    assert.equal(memory.active, false);
    if (process.platform !== 'win32') {
      // What is stored about people is readable by its owner only.
      for (const f of ['config.json', 'alert-memory.json'])
        assert.equal(statSync(join(userData, f)).mode & 0o777, 0o600, f);
      const dbs = readdirSync(join(userData, 'history'));
      assert.ok(
        dbs.some((f) => f.endsWith('.db')),
        `a history database: ${dbs.join(', ')}`,
      );
      assert.equal(statSync(join(userData, 'history')).mode & 0o777, 0o700, 'history folder');
      for (const f of dbs)
        assert.equal(statSync(join(userData, 'history', f)).mode & 0o777, 0o600, f);
    }

    // Clicking a notification opens the dashboard.
    const hidden = await app.command('closeWindow');
    assert.deepEqual(
      [hidden.prevented, hidden.destroyed, hidden.visible],
      [true, false, false],
      'close hides, not destroys',
    );
    const click = app.reports.length;
    await app.command('clickNotification', { index: 0 });
    await app.waitFor((r) => r.kind === 'window-show', 'dashboard shown by the notification', {
      from: click,
    });
    assert.equal(
      app.reports.filter((r) => r.kind === 'window').length,
      1,
      'the same window is reused',
    );

    // The page can go nowhere and get nothing.
    const nav = await app.command('navigate', { url: 'https://example.com/' });
    assert.deepEqual([nav.navigationPrevented, nav.redirectPrevented], [true, true]);
    assert.deepEqual((await app.command('openWindow', { url: 'https://example.com/' })).response, {
      action: 'deny',
    });
    assert.equal((await app.command('attachWebview')).prevented, true);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const p = await app.command('permission', { permission });
      assert.deepEqual([p.granted, p.check], [false, false], permission);
    }
    const headers = (await app.command('headers')).responseHeaders as Record<string, string[]>;
    assert.match(
      headers['Content-Security-Policy']?.[0] ?? '',
      /^default-src 'none'; script-src 'self'/,
    );

    // Mute: a muted app would stay silent (the decision is unit-tested); the menu shows it.
    await app.command('click', { labels: ['Mute Notifications', 'Until Resumed'] });
    await app.waitFor(
      (r) =>
        r.kind === 'tray-menu' &&
        (r.items as MenuItem[]).some((i) => i.label === 'Notifications Muted (until resumed)'),
      'muted menu',
    );

    // Quit: everything disposed, the process ends on its own (no watcher or timer left).
    await app.command('click', { labels: ['Quit'] });
    await app.waitFor((r) => r.kind === 'tray-destroy', 'tray destroyed');
    await app.waitFor((r) => r.kind === 'quit', 'quit');
    assert.equal(await app.exited(), 0, app.stderr());
    assert.doesNotMatch(app.stderr(), /Error|failed/);
  });

  test('a restart keeps the chosen file and the alert history; -f overrides the file for that run only', async (t) => {
    assert.ok(userData, 'runs after the first test');
    const other = join(work, 'other.log');
    writeFileSync(other, lines(1, Date.now()));
    const app = startApp(appDir, ['--filename', other], { HC_STANDIN_USERDATA: userData });
    t.after(() => app.kill());
    await app.waitFor(
      (r) => r.kind === 'tray-tooltip' && String(r.text).startsWith('HTTP Console — other.log'),
      'tooltip naming the -f file',
    );
    const snap = (await app.command('invoke', { channel: 'stats:snapshot', args: [], url: page }))
      .result as {
      history: { type: string }[];
      file: { path: string };
      threshold: number;
    };
    assert.deepEqual(
      snap.history.map((e) => e.type),
      ['alert', 'recovery'],
    );
    assert.equal(snap.file.path, other);
    assert.equal(snap.threshold, 10, 'without -m the stored threshold applies');
    const menu = await app.waitFor(
      (r) => r.kind === 'tray-menu' && /other\.log$/.test((r.items as MenuItem[])[0]?.label ?? ''),
      'menu for the -f file',
    );
    const items = menu.items as MenuItem[];
    const recent = items.find((i) => i.label === 'Recent Files')?.submenu ?? [];
    assert.deepEqual(
      recent.map((i) => i.label ?? i.type),
      [log, 'separator', 'Clear Recent Files'],
    );
    assert.deepEqual(
      JSON.parse(readFileSync(join(userData, 'config.json'), 'utf8')).logFiles,
      [log],
      'the stored file is unchanged',
    );
    await app.command('quit');
    assert.equal(await app.exited(), 0, app.stderr());
  });

  test('without native notifications the tray tooltip carries the alert message', async (t) => {
    const dir = mkdtempSync(join(work, 'nonotify-'));
    const file = join(dir, 'access.log');
    writeFileSync(file, '');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ window: 10, logFiles: [file] }));
    const app = startApp(appDir, ['-m', '1'], { HC_STANDIN_USERDATA: dir, HC_STANDIN_NOTIFY: '0' });
    t.after(() => app.kill());
    await app.waitFor(isImage('normal'), 'normal tray icon');
    appendFileSync(file, lines(40, Date.now()));
    await app.waitFor(
      (r) =>
        r.kind === 'tray-tooltip' &&
        /High traffic generated an alert - hits = /.test(String(r.text)),
      'alert message in the tooltip',
    );
    assert.equal(app.reports.filter((r) => r.kind === 'notification').length, 0);
    await app.command('quit');
    assert.equal(await app.exited(), 0, app.stderr());
  });

  test('a second instance quits at once and leaves the first alone', async () => {
    const dir = mkdtempSync(join(work, 'second-'));
    const app = startApp(appDir, [], { HC_STANDIN_USERDATA: dir, HC_STANDIN_LOCKED: '1' });
    await app.waitFor((r) => r.kind === 'quit', 'quit');
    assert.equal(await app.exited(), 0, app.stderr());
    assert.equal(
      app.reports.filter((r) => r.kind.startsWith('tray') || r.kind === 'ipc-handle').length,
      0,
    );
  });
});
