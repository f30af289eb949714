/**
 * Electron entry point: the glue between Electron's objects and the app's
 * pure parts. Every decision lives elsewhere (tray-model, notify-model,
 * ipc-guard, prefs-service, controller); this file only wires them.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  session,
  Tray,
} from 'electron';
import type { Session, WebContents } from 'electron';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../common/content-security-policy';
import { createMonitor } from '../engine/monitor';
import { createAlertMemoryStore } from './alert-memory';
import { openAppHistory } from './app-history';
import { appFleetEngine } from './fleet';
import { parseAppArgs } from './args';
import { createController } from './controller';
import { pushToPage, registerIpc } from './ipc';
import {
  createNotificationKeeper,
  NOTIFICATION_KEEP_MS,
  NOTIFICATIONS_KEPT,
} from './notification-keeper';
import { createNotifier } from './notifier';
import { createPrefsService } from './prefs-service';
import { effectiveSettings } from './settings';
import { runSmokeTest } from './smoke-test';
import { openStores } from './stores';
import { createTrayController } from './tray';
import { trayIconPath, trayPlatform } from './tray-model';
import { QUIT_DEADLINE_MS, withDeadline } from './quit-deadline';
import { createDashboardWindow } from './window';

const args = parseAppArgs(process.argv, process.cwd());
for (const e of args.errors) console.error(`http-console: ignoring ${e}`);

/** Refuse navigation, new windows and <webview> in every web contents, present or future. */
function harden(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Deny every permission; add a CSP header to any http(s) response (file:// pages carry it in a meta tag). */
function lockDown(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
}

const isDirectory = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

async function ready(): Promise<void> {
  if (process.platform === 'darwin') app.dock?.hide();
  lockDown(session.defaultSession);
  const root = app.getAppPath();
  const asset = (rel: string) => join(root, 'assets', rel);
  const platform = trayPlatform(process.platform);

  const stores = openStores(app.getPath('userData'));
  for (const p of stores.problems) console.error(`http-console: preferences repaired: ${p}`);
  const prefs = createPrefsService({ backend: stores.prefs, isDirectory });
  const overrides = {
    ...(args.file !== undefined ? { file: args.file } : {}),
    ...(args.threshold !== undefined ? { threshold: args.threshold } : {}),
  };
  const monitor = createMonitor({
    settings: effectiveSettings(prefs.get(), overrides),
    store: createAlertMemoryStore(stores.alerts),
    fleetEngine: appFleetEngine((m) => console.error(`http-console: ${m}`)),
    history: (name) =>
      openAppHistory(app.getPath('userData'), name, (m) => console.error(`http-console: ${m}`)),
  });

  const dashboard = createDashboardWindow({
    pagePath: join(root, 'dist/renderer/index.html'),
    preloadPath: join(root, 'dist/preload/index.cjs'),
    iconPath: asset('icon.png'),
    state: stores.windowState,
  });
  const image = (rel: string) => {
    const img = nativeImage.createFromPath(asset(rel));
    if (platform === 'darwin') img.setTemplateImage(true);
    return img;
  };
  const tray = new Tray(image(trayIconPath('idle', platform)));
  // Notifications stay referenced while clickable, then are released (close is not promised).
  const kept = createNotificationKeeper({
    keepMs: NOTIFICATION_KEEP_MS,
    max: NOTIFICATIONS_KEPT,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
  });
  let setNotice: (m: string | null) => void = () => undefined;

  const controller = createController({
    monitor,
    prefs,
    overrides,
    tray: createTrayController({
      tray,
      buildMenu: (template) => Menu.buildFromTemplate(template),
      image,
      platform,
      onAction: (action, arg) => controller.onAction(action, arg),
    }),
    notifier: createNotifier({
      isSupported: () => Notification.isSupported(),
      show: (n, onClick) => {
        const note = new Notification({ title: n.title, body: n.body, icon: asset('icon.png') });
        note.on('click', onClick);
        note.show();
        kept.keep(note);
      },
      setNotice: (m) => setNotice(m),
      onClick: () => dashboard.open(),
    }),
    dashboard: {
      open: (hash) => dashboard.open(hash),
      push: (e) => pushToPage(dashboard.contents(), e),
    },
    pickFiles: async () => {
      const r = await dialog.showOpenDialog({
        title: 'Choose HTTP access logs (several are watched together)',
        properties: ['openFile', 'multiSelections', 'showHiddenFiles'],
        filters: [
          { name: 'Logs', extensions: ['log', 'txt', 'csv'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      return r.canceled || r.filePaths.length === 0 ? null : r.filePaths;
    },
    exists: existsSync,
    showError: (message) => dialog.showErrorBox('HTTP Console', message),
    setLoginItem: (openAtLogin) => {
      // Linux has no login-item API in Electron; desktop autostart is left to the user there.
      if (process.platform === 'darwin' || process.platform === 'win32')
        app.setLoginItemSettings({ openAtLogin });
    },
    quit: () => app.quit(),
    now: () => Date.now(),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
  });
  setNotice = (m) => controller.setNotice(m);

  const unregister = registerIpc(ipcMain, () => dashboard.url, {
    'stats:snapshot': () => controller.snapshot(),
    'prefs:get': () => prefs.get(),
    'prefs:set': (patch) => controller.setPrefs(patch),
    'file:choose': () => controller.chooseLogFile(),
    'history:range': async (range) => (await monitor.history?.(range)) ?? null,
  });
  controller.start();
  if (process.platform === 'darwin' || process.platform === 'win32') {
    app.setLoginItemSettings({ openAtLogin: prefs.get().launchAtLogin });
  }

  if (args.smokeTest) {
    void runSmokeTest({
      trayAlive: () => !tray.isDestroyed(),
      openDashboard: () => dashboard.open(),
      contents: () => dashboard.contents(),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
    }).then((r) => {
      if (r.ok) {
        console.log(`http-console: smoke test passed: ${r.detail}`);
        app.quit(); // the normal way out, so disposal is part of the test
      } else {
        console.error(`http-console: smoke test failed: ${r.reason}`);
        app.exit(1);
      }
    });
  }

  app.on('second-instance', (_event, argv, cwd) =>
    controller.secondInstance(parseAppArgs(argv, cwd)),
  );
  app.on('before-quit', () => dashboard.setQuitting());
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    // Finish disposing (engine, watchers, timers) before the process goes.
    event.preventDefault();
    unregister();
    kept.releaseAll();
    const timers = { setTimer: setTimeout, clearTimer: (h: unknown) => clearTimeout(h as never) };
    void withDeadline(controller.dispose(), QUIT_DEADLINE_MS, timers).then((outcome) => {
      if (outcome !== 'done') console.error(`http-console: shutdown ${outcome}; quitting anyway`);
      disposed = true;
      for (const w of BrowserWindow.getAllWindows()) w.destroy();
      app.quit();
    });
  });
}

if (args.smokeTest) {
  // Fresh preferences, and a lock of its own: never the user's, never blocked by a running app.
  const userData = mkdtempSync(join(tmpdir(), 'http-console-smoke-'));
  app.setPath('userData', userData);
  process.on('exit', () => rmSync(userData, { recursive: true, force: true }));
}

if (!app.requestSingleInstanceLock()) {
  // Another instance is running; it receives 'second-instance' and focuses its dashboard.
  if (args.smokeTest) {
    console.error('http-console: smoke test failed: the single-instance lock was refused');
    app.exit(1);
  } else app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => harden(contents));
  // The app lives in the tray: closing every window must not quit it.
  app.on('window-all-closed', () => undefined);
  app
    .whenReady()
    .then(ready)
    .catch((err) => {
      console.error(`http-console: failed to start: ${String(err)}`);
      app.exit(1);
    });
}
