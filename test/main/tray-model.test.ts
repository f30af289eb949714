import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { MenuItemModel, TrayView } from '../../main/app/tray-model';
import {
  menuModel,
  MAX_TOOLTIP,
  stateLine,
  trayClickAction,
  tooltip,
  TRAY_STATES,
  trayIconPath,
  trayPlatform,
} from '../../main/app/tray-model';
import { NOT_MUTED } from '../../main/app/mute';
import { createTrayController } from '../../main/app/tray';

const assets = fileURLToPath(new URL('../../assets/', import.meta.url));
const now = Date.UTC(2024, 0, 1, 12, 0, 0);
const view: TrayView = {
  state: 'normal',
  file: '/var/log/nginx/access.log',
  files: [],
  fleet: null,
  fileMessage: '',
  avg: 3.456,
  threshold: 10,
  alertSince: null,
  paused: false,
  recent: [],
  mute: NOT_MUTED,
  notifications: true,
  notice: null,
  now,
};
const labels = (items: MenuItemModel[]) => items.map((i) => i.label ?? '---');
const find = (items: MenuItemModel[], label: string) => items.find((i) => i.label === label);

describe('tray icon per state and platform', () => {
  test('every state has its own existing icon on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const paths = TRAY_STATES.map((s) => trayIconPath(s, platform));
      assert.equal(new Set(paths).size, TRAY_STATES.length, platform);
      for (const p of paths) assert.ok(existsSync(join(assets, p)), `missing asset ${p}`);
    }
  });

  test('platform conventions: macOS template images, Windows .ico, PNG elsewhere with @2x', () => {
    assert.match(trayIconPath('alert', 'darwin'), /Template\.png$/);
    assert.match(trayIconPath('alert', 'win32'), /\.ico$/);
    assert.match(trayIconPath('alert', 'linux'), /\.png$/);
    assert.equal(trayPlatform('freebsd'), 'linux');
    for (const s of TRAY_STATES) {
      for (const p of [trayIconPath(s, 'darwin'), trayIconPath(s, 'linux')]) {
        assert.ok(existsSync(join(assets, p.replace(/\.png$/, '@2x.png'))), `missing @2x of ${p}`);
      }
    }
  });
});

describe('tray tooltip', () => {
  test('names the file, the current average and the threshold', () => {
    assert.equal(tooltip(view), 'HTTP Console — access.log\n3.46 req/s (threshold 10) · normal');
  });

  test('without a file it says so', () => {
    assert.equal(
      tooltip({ ...view, file: null, state: 'idle' }),
      'HTTP Console — no log file chosen',
    );
  });

  test('carries a notification message where native notifications are unsupported, within Windows limit', () => {
    const notice =
      'High traffic generated an alert - hits = 12, triggered at 2024-01-01T12:00:00+00:00 (1440 hits in 120 s)';
    const t = tooltip({ ...view, state: 'alert', notice });
    assert.ok(t.length <= MAX_TOOLTIP);
    assert.match(t, /High traffic generated an alert/);
  });
});

describe('tray click', () => {
  test('a left click opens the dashboard on Windows and Linux; macOS opens the menu itself', () => {
    assert.equal(trayClickAction('win32'), 'open-dashboard');
    assert.equal(trayClickAction('linux'), 'open-dashboard');
    assert.equal(trayClickAction('darwin'), null);
  });

  test('the tray controller hands a left click to the open-dashboard action', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const clicks = new Map<string, () => void>();
      const actions: string[] = [];
      createTrayController({
        tray: {
          on: (e: string, fn: () => void) => clicks.set(e, fn),
          setImage: () => undefined,
          setToolTip: () => undefined,
          setContextMenu: () => undefined,
          destroy: () => undefined,
        },
        buildMenu: () => ({}) as never,
        image: () => ({}) as never,
        platform,
        onAction: (a) => actions.push(a),
      });
      clicks.get('click')?.();
      assert.deepEqual(actions, platform === 'darwin' ? [] : ['open-dashboard'], platform);
    }
  });
});

describe('tray menu per state', () => {
  test('has the documented items in order', () => {
    assert.deepEqual(labels(menuModel(view)), [
      'Traffic normal — access.log',
      '---',
      'Open Dashboard',
      'Choose Log File…',
      'Watch a Prometheus Server…',
      'Recent Files',
      '---',
      'Pause',
      'Mute Notifications',
      '---',
      'Preferences…',
      'Quit',
    ]);
    assert.equal(menuModel(view)[0]?.enabled, false);
  });

  test('state line per state', () => {
    assert.equal(stateLine({ ...view, state: 'idle', file: null }), 'No log file chosen');
    assert.equal(stateLine({ ...view, state: 'idle', paused: true }), 'Paused — access.log');
    assert.equal(stateLine({ ...view, state: 'waiting' }), 'Waiting for access.log');
    assert.equal(
      stateLine({ ...view, state: 'error', fileMessage: 'EACCES' }),
      'Cannot read access.log: EACCES',
    );
    assert.equal(stateLine({ ...view, state: 'elevated' }), 'Traffic elevated — access.log');
    assert.match(
      stateLine({ ...view, state: 'alert', alertSince: now }),
      /^ALERT since \d\d:\d\d:\d\d — access\.log$/,
    );
  });

  test('paused offers Resume; without a file Pause is disabled', () => {
    const paused = menuModel({ ...view, paused: true, state: 'idle' });
    assert.equal(find(paused, 'Resume')?.action, 'resume');
    assert.equal(find(paused, 'Pause'), undefined);
    assert.equal(find(menuModel({ ...view, file: null, state: 'idle' }), 'Pause')?.enabled, false);
  });

  test('mute submenu: 1 hour or until resumed; muted shows until when and offers resume', () => {
    const open = find(menuModel(view), 'Mute Notifications');
    assert.deepEqual(
      open?.submenu?.map((i) => i.action),
      ['mute-hour', 'mute-indefinitely'],
    );
    const muted = menuModel({ ...view, mute: { kind: 'indefinite' } });
    const item = muted.find((i) => i.label?.startsWith('Notifications Muted'));
    assert.equal(item?.label, 'Notifications Muted (until resumed)');
    assert.equal(item?.submenu?.[0]?.action, 'unmute');
    const expired = menuModel({ ...view, mute: { kind: 'until', until: now - 1 } });
    assert.ok(find(expired, 'Mute Notifications'));
    assert.equal(
      find(menuModel({ ...view, notifications: false }), 'Notifications Off (see Preferences)')
        ?.enabled,
      false,
    );
  });

  test('recent files: most recent first, missing ones marked, each opens its path', () => {
    const recent = [
      { path: '/a.log', exists: true },
      { path: '/gone.log', exists: false },
    ];
    const sub = find(menuModel({ ...view, recent }), 'Recent Files')?.submenu ?? [];
    assert.deepEqual(labels(sub), ['/a.log', '/gone.log (missing)', '---', 'Clear Recent Files']);
    assert.deepEqual(
      [sub[0]?.action, sub[0]?.arg, sub[1]?.arg],
      ['open-recent', '/a.log', '/gone.log'],
    );
    assert.deepEqual(labels(find(menuModel(view), 'Recent Files')?.submenu ?? []), [
      'No recent files',
    ]);
  });

  test('several files: the state line counts them and the menu lists each one', () => {
    const files = ['/var/log/nginx/access.log', '/var/log/nginx/shop.log', '/srv/api.log'];
    const several = { ...view, files };
    assert.equal(stateLine(several), 'Traffic normal — access.log + 2 more');
    assert.equal(
      tooltip(several),
      'HTTP Console — access.log + 2 more\n3.46 req/s (threshold 10) · normal',
    );
    const menu = menuModel(several);
    assert.deepEqual(labels(menu).slice(0, 5), [
      'Traffic normal — access.log + 2 more',
      ...files,
      '---',
    ]);
    assert.ok(menu.slice(1, 4).every((i) => i.enabled === false && i.action === undefined));
  });

  test('a fleet: named by its Prometheus server; Watch a Prometheus Server… is next to Choose Log File…', () => {
    const fleet = { ...view, file: null, fleet: 'http://127.0.0.1:9090 {job="web"}' };
    assert.equal(stateLine(fleet), 'Traffic normal — Prometheus http://127.0.0.1:9090 {job="web"}');
    const menu = menuModel(fleet);
    assert.deepEqual(menu[1], {
      label: 'Prometheus: http://127.0.0.1:9090 {job="web"}',
      enabled: false,
    });
    const at = labels(menu).indexOf('Choose Log File…');
    assert.equal(menu[at + 1]?.action, 'watch-prometheus');
    assert.equal(find(menu, 'Pause')?.enabled, true, 'a fleet can be paused');
    assert.match(tooltip(fleet), /^HTTP Console — Prometheus http:\/\/127\.0\.0\.1:9090/);
  });

  test('the menu model is stable when nothing visible changed (so the tray skips rebuilding)', () => {
    const a = JSON.stringify(menuModel(view));
    assert.equal(JSON.stringify(menuModel({ ...view, avg: 7.2 })), a);
    assert.notEqual(JSON.stringify(menuModel({ ...view, state: 'alert', alertSince: now })), a);
  });
});
