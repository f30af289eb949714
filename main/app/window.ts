/**
 * The dashboard window: created on first open, hidden (not destroyed) on
 * close, bounds remembered, and locked down (see docs/reference/security.md): isolated,
 * sandboxed, no Node, no navigation, no new windows.
 */
import { BrowserWindow, screen } from 'electron';
import type { WebContents } from 'electron';
import { pathToFileURL } from 'node:url';
import type { KeyValue } from './alert-memory';
import { MIN_SIZE, restoreBounds } from './bounds';

const BOUNDS_KEY = 'dashboardBounds';

export interface DashboardWindow {
  /** Show (creating if needed) and focus; `hash` selects a view, e.g. `preferences`. */
  open(hash?: string): void;
  /** The page's contents, or null before the first open. */
  contents(): WebContents | null;
  /** The page's file:// URL, the only sender IPC accepts. */
  readonly url: string;
  /** From now on a close really closes (the app is quitting). */
  setQuitting(): void;
}

/** Create the (lazy) dashboard window. */
export function createDashboardWindow(opts: {
  pagePath: string;
  preloadPath: string;
  iconPath: string;
  state: KeyValue;
}): DashboardWindow {
  let win: BrowserWindow | null = null;
  let quitting = false;
  let hash = '';
  const saveBounds = () => {
    if (win && !win.isDestroyed() && !win.isMinimized())
      opts.state.set(BOUNDS_KEY, win.getNormalBounds());
  };

  function create(): BrowserWindow {
    const bounds = restoreBounds(
      opts.state.get(BOUNDS_KEY),
      screen.getAllDisplays().map((d) => d.workArea),
    );
    const w = new BrowserWindow({
      ...bounds,
      minWidth: MIN_SIZE.width,
      minHeight: MIN_SIZE.height,
      show: false,
      title: 'HTTP Console',
      icon: opts.iconPath,
      autoHideMenuBar: true,
      webPreferences: {
        preload: opts.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        // Middle-click would otherwise open links in a new window (the open handler denies it too).
        disableBlinkFeatures: 'Auxclick',
      },
    });
    w.webContents.on('will-navigate', (event) => event.preventDefault());
    w.webContents.on('will-redirect', (event) => event.preventDefault());
    w.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    w.once('ready-to-show', () => w.show());
    w.on('resized', saveBounds);
    w.on('moved', saveBounds);
    w.on('close', (event) => {
      saveBounds();
      if (quitting) return;
      event.preventDefault();
      w.hide();
    });
    w.on('closed', () => {
      win = null;
    });
    return w;
  }

  return {
    url: pathToFileURL(opts.pagePath).href,
    open(nextHash = '') {
      if (!win || win.isDestroyed()) {
        win = create();
        hash = nextHash;
        void win.loadFile(opts.pagePath, nextHash ? { hash: nextHash } : {});
        return;
      }
      if (nextHash !== hash) {
        hash = nextHash;
        void win.loadFile(opts.pagePath, nextHash ? { hash: nextHash } : {});
      }
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    },
    contents: () => (win && !win.isDestroyed() ? win.webContents : null),
    setQuitting() {
      quitting = true;
      saveBounds();
    },
  };
}
