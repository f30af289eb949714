/**
 * What the tray shows, decided without Electron: the icon file per state and
 * platform, the tooltip, and the context menu as plain data (see docs/reference/tray.md).
 */
import type { TrafficState } from '../common/types';
import { baseName, clockTime, formatRate as rate } from '../common/format';
import type { MuteState } from './mute';
import { isMuted } from './mute';

/** Platforms with their own tray icon conventions. */
export type TrayPlatform = 'linux' | 'darwin' | 'win32';

/** Every state with its own icon. */
export const TRAY_STATES: readonly TrafficState[] = [
  'idle',
  'waiting',
  'error',
  'normal',
  'elevated',
  'alert',
];

/** Map `process.platform` to an icon convention (other Unixes use the Linux icons). */
export function trayPlatform(platform: string): TrayPlatform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}

/**
 * Icon path relative to `assets/`. macOS gets monochrome `…Template.png`
 * (the menu bar recolours it, so the state must show by shape), Windows an
 * `.ico` holding every size, Linux a 32 px PNG (panels scale down better than up).
 * Each PNG has an `@2x` sibling that Electron picks on HiDPI screens.
 */
export function trayIconPath(state: TrafficState, platform: TrayPlatform): string {
  switch (platform) {
    case 'darwin':
      return `tray/mac/${state}Template.png`;
    case 'win32':
      return `tray/win/${state}.ico`;
    case 'linux':
      return `tray/linux/${state}-32.png`;
  }
}

/**
 * What a left click on the icon does. Windows and most Linux desktops expect
 * it to open the window; on macOS a click opens the context menu by itself.
 */
export function trayClickAction(platform: TrayPlatform): MenuAction | null {
  return platform === 'darwin' ? null : 'open-dashboard';
}

/** What the tray needs to know to draw itself. */
export interface TrayView {
  state: TrafficState;
  /** Effective log file (the first of several), or null when none is chosen or a fleet is watched. */
  file: string | null;
  /** Every log file watched, when there are several (listed in the menu); empty otherwise. */
  files: string[];
  /** The Prometheus server (URL and selector) when a fleet is watched, else null. */
  fleet: string | null;
  fileMessage: string;
  avg: number;
  threshold: number;
  alertSince: number | null;
  paused: boolean;
  recent: { path: string; exists: boolean }[];
  mute: MuteState;
  notifications: boolean;
  /** A notification message shown in the tooltip where native notifications are unsupported. */
  notice: string | null;
  now: number;
}

/** Windows truncates tooltips at 127 characters; keep every platform within it. */
export const MAX_TOOLTIP = 127;

/** What is watched, in a few words: `access.log`, `access.log + 2 more`, `Prometheus http://…`. */
export function watchedName(v: Pick<TrayView, 'file' | 'files' | 'fleet'>): string {
  if (v.fleet !== null) return `Prometheus ${v.fleet}`;
  if (v.file === null) return '';
  const more = v.files.length > 1 ? ` + ${v.files.length - 1} more` : '';
  return `${baseName(v.file)}${more}`;
}

/** Whether anything is chosen to watch. */
const watching = (v: TrayView) => v.file !== null || v.fleet !== null;

/** The one-line state description used by the menu's first item. */
export function stateLine(v: TrayView): string {
  const name = watchedName(v);
  switch (v.state) {
    case 'idle':
      return v.paused && watching(v) ? `Paused — ${name}` : 'No log file chosen';
    case 'waiting':
      return `Waiting for ${name}`;
    case 'error':
      return `Cannot read ${name}${v.fileMessage ? `: ${v.fileMessage}` : ''}`.slice(0, 100);
    case 'normal':
      return `Traffic normal — ${name}`;
    case 'elevated':
      return `Traffic elevated — ${name}`;
    case 'alert':
      return `ALERT${v.alertSince !== null ? ` since ${clockTime(v.alertSince)}` : ''} — ${name}`;
  }
}

/**
 * Tooltip: app and file name, current average and threshold, and any pending
 * notice. Too long for Windows' limit, the figures line gives way first (the
 * notice carries the average), then the file name; the notice, which ends
 * with a timestamp, is never cut.
 */
export function tooltip(v: TrayView): string {
  const figures = `${rate(v.avg)} req/s (threshold ${rate(v.threshold)}) · ${v.state}`;
  const name = watching(v) ? watchedName(v) : 'no log file chosen';
  const compose = (n: string, withFigures: boolean) =>
    [
      `HTTP Console — ${n}`,
      ...(watching(v) && withFigures ? [figures] : []),
      ...(v.notice ? [v.notice] : []),
    ].join('\n');
  for (const withFigures of [true, false]) {
    const text = compose(name, withFigures);
    if (text.length <= MAX_TOOLTIP) return text;
  }
  const bare = compose('', false);
  const room = MAX_TOOLTIP - bare.length - 1;
  if (room >= 8) return compose(`${name.slice(0, room)}…`, false);
  return v.notice && v.notice.length <= MAX_TOOLTIP ? v.notice : bare.slice(0, MAX_TOOLTIP);
}

/** What a menu item does when clicked; `arg` carries the recent file's path. */
export type MenuAction =
  | 'open-dashboard'
  | 'choose-file'
  | 'watch-prometheus'
  | 'open-recent'
  | 'clear-recent'
  | 'pause'
  | 'resume'
  | 'mute-hour'
  | 'mute-indefinitely'
  | 'unmute'
  | 'preferences'
  | 'quit';

/** A menu item as plain, comparable data. */
export interface MenuItemModel {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu';
  enabled?: boolean;
  action?: MenuAction;
  arg?: string;
  submenu?: MenuItemModel[];
}

const sep: MenuItemModel = { type: 'separator' };

function recentMenu(v: TrayView): MenuItemModel[] {
  if (v.recent.length === 0) return [{ label: 'No recent files', enabled: false }];
  return [
    ...v.recent.map((r) => ({
      label: r.exists ? r.path : `${r.path} (missing)`,
      action: 'open-recent' as const,
      arg: r.path,
    })),
    sep,
    { label: 'Clear Recent Files', action: 'clear-recent' },
  ];
}

function muteMenu(v: TrayView): MenuItemModel {
  if (!v.notifications) return { label: 'Notifications Off (see Preferences)', enabled: false };
  if (isMuted(v.mute, v.now)) {
    const until = v.mute.kind === 'until' ? `until ${clockTime(v.mute.until)}` : 'until resumed';
    return {
      label: `Notifications Muted (${until})`,
      type: 'submenu',
      submenu: [{ label: 'Resume Notifications', action: 'unmute' }],
    };
  }
  return {
    label: 'Mute Notifications',
    type: 'submenu',
    submenu: [
      { label: 'For 1 Hour', action: 'mute-hour' },
      { label: 'Until Resumed', action: 'mute-indefinitely' },
    ],
  };
}

/** What is read, one disabled line each, when the state line cannot name it all. */
function watchedItems(v: TrayView): MenuItemModel[] {
  if (v.fleet !== null) return [{ label: `Prometheus: ${v.fleet}`, enabled: false }];
  return v.files.length > 1 ? v.files.map((f) => ({ label: f, enabled: false })) : [];
}

/** The whole context menu for the current view. */
export function menuModel(v: TrayView): MenuItemModel[] {
  return [
    { label: stateLine(v), enabled: false },
    ...watchedItems(v),
    sep,
    { label: 'Open Dashboard', action: 'open-dashboard' },
    { label: 'Choose Log File…', action: 'choose-file' },
    { label: 'Watch a Prometheus Server…', action: 'watch-prometheus' },
    { label: 'Recent Files', type: 'submenu', submenu: recentMenu(v) },
    sep,
    v.paused
      ? { label: 'Resume', action: 'resume' }
      : { label: 'Pause', action: 'pause', enabled: watching(v) },
    muteMenu(v),
    sep,
    { label: 'Preferences…', action: 'preferences' },
    { label: 'Quit', action: 'quit' },
  ];
}
