/* global setImmediate */
// A small recording stand-in for the `electron` module, for the main-process
// smoke test. It reports what the app does as messages on the Node IPC channel
// ({kind, ...}) and obeys commands from the test ({cmd, ...}): click a tray
// menu item by label, invoke an IPC handler as a given page, close the window,
// try navigation / new windows / permissions, click a notification, quit.
// A loaded page gets the window's real preload bundle, run in a VM context
// whose ipcRenderer reaches the handlers registered on ipcMain, so
// executeJavaScript can call `window.api` as the page would.
// Environment: HC_STANDIN_APP_PATH, HC_STANDIN_USERDATA, HC_STANDIN_DIALOG_PATH (the
// dialog's answer; several paths joined by the path delimiter when it allows multiSelections),
// HC_STANDIN_NOTIFY=0 (no native notifications), HC_STANDIN_LOCKED=1 (another instance runs).
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter } from 'node:path';
import vm from 'node:vm';

const report = (msg) => {
  if (process.connected) process.send?.(msg);
};
const env = process.env;
const makeEvent = () => {
  const e = { defaultPrevented: false, preventDefault: () => (e.defaultPrevented = true) };
  return e;
};
/** Menu templates as data: labels, types, enabled flags, submenus (not the click functions). */
const plain = (items) =>
  items.map((i) => ({
    label: i.label,
    type: i.type,
    enabled: i.enabled,
    hasClick: typeof i.click === 'function',
    submenu: Array.isArray(i.submenu) ? plain(i.submenu) : undefined,
  }));

/** The page's main world after its preload ran: `window.api` is what the preload exposed. */
function runPreload(preloadPath, pageUrl, contents) {
  const world = {};
  const ipcRenderer = {
    invoke: async (channel, ...args) => {
      const fn = handlers.get(channel);
      if (!fn) throw new Error(`No handler registered for '${channel}'`);
      return fn({ senderFrame: { url: pageUrl, parent: null }, sender: contents }, ...args);
    },
    on: () => ipcRenderer,
    removeListener: () => ipcRenderer,
  };
  const electron = {
    contextBridge: { exposeInMainWorld: (name, value) => (world[name] = value) },
    ipcRenderer,
  };
  const require = (id) => {
    if (id === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${id}`);
  };
  const wrapper = vm.runInNewContext(
    `(function (exports, require, module) {${readFileSync(preloadPath, 'utf8')}\n})`,
    {},
    { filename: preloadPath },
  );
  const module = { exports: {} };
  wrapper(module.exports, require, module);
  return world;
}

class StandinWebContents extends EventEmitter {
  static nextId = 1;
  id = StandinWebContents.nextId++;
  windowOpenHandler = null;
  destroyed = false;
  loading = false;
  url = '';
  world = null;
  send(channel, payload) {
    report({ kind: 'push', channel, type: payload?.type });
  }
  isLoading() {
    return this.loading;
  }
  getURL() {
    return this.url;
  }
  /** Load `path` as Electron would: fail on a missing file, else run the preload, then finish. */
  load(path, url, preload) {
    this.loading = true;
    setImmediate(() => {
      this.loading = false;
      if (!existsSync(path)) {
        this.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', url, true);
        return;
      }
      this.url = url;
      this.world = preload && existsSync(preload) ? runPreload(preload, url, this) : {};
      this.emit('did-finish-load');
    });
  }
  async executeJavaScript(code) {
    report({ kind: 'executeJavaScript', url: this.url });
    const context = vm.createContext({ window: this.world ?? {} });
    return vm.runInContext(code, context);
  }
  setWindowOpenHandler(fn) {
    this.windowOpenHandler = fn;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

const windows = [];
export class BrowserWindow extends EventEmitter {
  static getAllWindows = () => windows.filter((w) => !w.destroyed);
  constructor(options = {}) {
    super();
    this.options = options;
    this.destroyed = false;
    this.visible = false;
    this.bounds = {
      x: options.x ?? 10,
      y: options.y ?? 10,
      width: options.width ?? 800,
      height: options.height ?? 600,
    };
    this.webContents = new StandinWebContents();
    windows.push(this);
    report({ kind: 'window', options: JSON.parse(JSON.stringify(options)) });
    app.emit('web-contents-created', makeEvent(), this.webContents);
  }
  async loadFile(path, options = {}) {
    this.url = `file://${path}${options.hash ? `#${options.hash}` : ''}`;
    report({ kind: 'loadFile', path, hash: options.hash ?? '', exists: existsSync(path) });
    this.webContents.load(path, this.url, this.options.webPreferences?.preload);
    setImmediate(() => this.emit('ready-to-show'));
  }
  show() {
    this.visible = true;
    report({ kind: 'window-show' });
  }
  hide() {
    this.visible = false;
    report({ kind: 'window-hide' });
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  close() {
    const e = makeEvent();
    this.emit('close', e);
    if (!e.defaultPrevented) this.destroy();
    return e.defaultPrevented;
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

class StandinApp extends EventEmitter {
  isPackaged = false;
  dock = { hide: () => report({ kind: 'dock-hide' }) };
  #ready = new Promise((resolve) => setImmediate(resolve));
  #paths = new Map();
  setPath(name, path) {
    this.#paths.set(name, path);
    report({ kind: 'set-path', name, path });
  }
  whenReady() {
    return this.#ready;
  }
  requestSingleInstanceLock() {
    return env.HC_STANDIN_LOCKED !== '1';
  }
  getPath(name) {
    if (this.#paths.has(name)) return this.#paths.get(name);
    return name === 'userData' ? env.HC_STANDIN_USERDATA : tmpdir();
  }
  getAppPath() {
    return env.HC_STANDIN_APP_PATH;
  }
  getVersion() {
    return '0.1.0';
  }
  getName() {
    return 'http-console';
  }
  setLoginItemSettings(s) {
    report({ kind: 'login-item', settings: s });
  }
  quit() {
    report({ kind: 'app-quit-called' });
    const before = makeEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    for (const w of BrowserWindow.getAllWindows()) if (w.close()) return;
    const will = makeEvent();
    this.emit('will-quit', will);
    if (will.defaultPrevented) return;
    this.emit('quit');
    report({ kind: 'quit' });
    // Let the process end on its own: it only can if the app released every
    // watcher, timer and handle (real Electron would exit regardless).
    setImmediate(() => process.disconnect?.());
  }
  exit(code) {
    report({ kind: 'exit', code });
    process.exit(code);
  }
}
export const app = new StandinApp();

let trayMenu = [];
export class Tray extends EventEmitter {
  constructor(image) {
    super();
    report({ kind: 'tray-new', image: image?.path });
  }
  destroyed = false;
  isDestroyed() {
    return this.destroyed;
  }
  setImage(image) {
    report({ kind: 'tray-image', path: image.path, exists: existsSync(image.path) });
  }
  setToolTip(text) {
    report({ kind: 'tray-tooltip', text });
  }
  setContextMenu(menu) {
    trayMenu = menu.template;
    report({ kind: 'tray-menu', items: plain(menu.template) });
  }
  destroy() {
    this.destroyed = true;
    report({ kind: 'tray-destroy' });
  }
}

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
};

export const nativeImage = {
  createFromPath: (path) => ({
    path,
    template: false,
    setTemplateImage(v) {
      this.template = v;
    },
    isEmpty: () => !existsSync(path),
  }),
};

const notifications = [];
export class Notification extends EventEmitter {
  static isSupported = () => env.HC_STANDIN_NOTIFY !== '0';
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    notifications.push(this);
    report({
      kind: 'notification',
      index: notifications.length - 1,
      title: this.options.title,
      body: this.options.body,
    });
  }
}

export const dialog = {
  async showOpenDialog(options) {
    const properties = options?.properties ?? [];
    report({ kind: 'dialog-open', properties });
    const paths = (env.HC_STANDIN_DIALOG_PATH ?? '').split(delimiter).filter((p) => p !== '');
    const chosen = properties.includes('multiSelections') ? paths : paths.slice(0, 1);
    return chosen.length
      ? { canceled: false, filePaths: chosen }
      : { canceled: true, filePaths: [] };
  },
  showErrorBox(title, content) {
    report({ kind: 'error-box', title, content });
  },
};

export const screen = {
  getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
};

const handlers = new Map();
class StandinIpcMain extends EventEmitter {
  handle(channel, fn) {
    if (handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, fn);
    report({ kind: 'ipc-handle', channel });
  }
  removeHandler(channel) {
    handlers.delete(channel);
    report({ kind: 'ipc-remove', channel });
  }
}
export const ipcMain = new StandinIpcMain();

const sessionState = { permission: null, check: null, headers: null };
export const session = {
  defaultSession: {
    setPermissionRequestHandler: (fn) => (sessionState.permission = fn),
    setPermissionCheckHandler: (fn) => (sessionState.check = fn),
    webRequest: { onHeadersReceived: (fn) => (sessionState.headers = fn) },
  },
};

export const shell = {
  openPath: async (p) => report({ kind: 'shell-openPath', path: p }) ?? '',
  openExternal: async (url) => report({ kind: 'shell-openExternal', url }),
};
export const contextBridge = {};
export const ipcRenderer = {};

function findItem(items, labels) {
  const [first, ...rest] = labels;
  const item = items.find((i) => i.label === first);
  if (!item)
    throw new Error(`no menu item "${first}" in ${JSON.stringify(items.map((i) => i.label))}`);
  return rest.length ? findItem(item.submenu ?? [], rest) : item;
}

const commands = {
  click({ labels }) {
    const item = findItem(trayMenu, labels);
    if (item.enabled === false) throw new Error(`menu item "${labels.join(' > ')}" is disabled`);
    item.click?.({}, undefined, {});
    return { clicked: labels };
  },
  async invoke({ channel, args, url, isMainFrame = true }) {
    const fn = handlers.get(channel);
    if (!fn) throw new Error(`no handler for ${channel}`);
    const event = {
      senderFrame: url === null ? null : { url, parent: isMainFrame ? null : {} },
      sender: {},
    };
    return { result: await fn(event, ...args) };
  },
  closeWindow() {
    const w = BrowserWindow.getAllWindows()[0];
    return { prevented: w.close(), destroyed: w.destroyed, visible: w.visible };
  },
  navigate({ url }) {
    const w = BrowserWindow.getAllWindows()[0];
    const e = makeEvent();
    w.webContents.emit('will-navigate', e, url);
    const r = makeEvent();
    w.webContents.emit('will-redirect', r, url);
    return { navigationPrevented: e.defaultPrevented, redirectPrevented: r.defaultPrevented };
  },
  openWindow({ url }) {
    const w = BrowserWindow.getAllWindows()[0];
    return { response: w.webContents.windowOpenHandler?.({ url }) ?? null };
  },
  attachWebview() {
    const w = BrowserWindow.getAllWindows()[0];
    const e = makeEvent();
    w.webContents.emit('will-attach-webview', e, {}, {});
    return { prevented: e.defaultPrevented };
  },
  async permission({ permission }) {
    const granted = await new Promise((resolve) =>
      sessionState.permission?.({}, permission, resolve, {}),
    );
    return { granted, check: sessionState.check?.({}, permission, 'file://', {}) ?? null };
  },
  headers() {
    let out = null;
    sessionState.headers?.(
      { url: 'https://example.com/', responseHeaders: { Server: ['x'] } },
      (r) => (out = r),
    );
    return { responseHeaders: out?.responseHeaders ?? null };
  },
  clickNotification({ index }) {
    notifications[index].emit('click', {});
    return {};
  },
  secondInstance({ argv }) {
    app.emit('second-instance', makeEvent(), argv, env.HC_STANDIN_APP_PATH, {});
    return {};
  },
  quit() {
    app.quit();
    return {};
  },
};

process.on('message', async (msg) => {
  try {
    report({ kind: 'reply', id: msg.id, ...(await commands[msg.cmd](msg)) });
  } catch (err) {
    report({ kind: 'reply', id: msg.id, error: String(err?.message ?? err) });
  }
});

const electron = {
  app,
  BrowserWindow,
  Tray,
  Menu,
  nativeImage,
  Notification,
  dialog,
  screen,
  ipcMain,
  session,
  shell,
  contextBridge,
  ipcRenderer,
};
export default electron;
