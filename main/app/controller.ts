/**
 * The tray app's behaviour, wired from injected parts (no Electron import):
 * monitor events drive the tray, notifications and page pushes; menu actions
 * and IPC requests change prefs, which drive the monitor.
 */
import type { PushEvent, SetPrefsResult } from '../common/api';
import type { Prefs } from '../common/prefs';
import { pushRecent } from '../common/prefs';
import type { Snapshot } from '../common/types';
import type { FleetTarget, Monitor } from '../engine/api';
import type { AppArgs } from './args';
import type { MuteState } from './mute';
import { isMuted, muteForHour, NOT_MUTED } from './mute';
import type { createNotifier } from './notifier';
import type { PrefsService } from './prefs-service';
import { recentView } from './recent';
import type { Overrides } from './settings';
import { sameSettings } from '../engine/monitor';
import { dropOverridden, effectiveSettings } from './settings';
import type { TrayController } from './tray';
import type { MenuAction } from './tray-model';

export interface ControllerDeps {
  monitor: Monitor;
  prefs: PrefsService;
  overrides: Overrides;
  tray: TrayController;
  notifier: ReturnType<typeof createNotifier>;
  dashboard: { open(hash?: string): void; push(event: PushEvent): void };
  /** The native open dialog (several files may be chosen); null when cancelled. */
  pickFiles: () => Promise<string[] | null>;
  exists: (path: string) => boolean;
  showError: (message: string) => void;
  setLoginItem: (openAtLogin: boolean) => void;
  quit: () => void;
  now: () => number;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
}

/** The fleet as the tray names it: its server and selector. */
export function fleetName(fleet: FleetTarget): string {
  return fleet.selector ? `${fleet.url} ${fleet.selector}` : fleet.url;
}

/**
 * What "Watch a Prometheus Server…" does: switch to the stored server, or,
 * with none stored yet, `ask` for it (the preferences view, where the URL,
 * selector and token file are entered and "Watch" set to the fleet).
 */
export function prometheusStep(prefs: Prefs): 'switch' | 'ask' {
  return prefs.prometheusUrl === null ? 'ask' : 'switch';
}

/** How long tray refreshes are coalesced: a replay can emit thousands of events at once. */
const REFRESH_MS = 100;

/** Create the controller; call `start()` once, `dispose()` on quit. */
export function createController(d: ControllerDeps) {
  let overrides = { ...d.overrides };
  let mute: MuteState = NOT_MUTED;
  let notice: string | null = null;
  let refreshTimer: unknown = null;
  let muteTimer: unknown = null;
  const offs: (() => void)[] = [];

  function refresh() {
    refreshTimer = null;
    const snap = d.monitor.snapshot();
    const prefs = d.prefs.get();
    const settings = d.monitor.settings;
    d.tray.update({
      state: snap.state,
      file: settings.fleet ? null : settings.file,
      files: (settings.sources ?? []).flatMap((s) => (s.kind === 'file' ? [s.path] : [])),
      fleet: settings.fleet ? fleetName(settings.fleet) : null,
      fileMessage: snap.file.message,
      avg: snap.avg,
      threshold: snap.threshold,
      alertSince: snap.alert.active ? snap.alert.since : null,
      paused: d.monitor.paused,
      recent: recentView(prefs.recentFiles, d.exists),
      mute,
      notifications: prefs.notifications,
      notice,
      now: d.now(),
    });
  }
  const scheduleRefresh = () => {
    if (refreshTimer === null) refreshTimer = d.setTimer(refresh, REFRESH_MS);
  };
  const pushSnapshot = () => d.dashboard.push({ type: 'snapshot', snapshot: d.monitor.snapshot() });

  function setMute(next: MuteState) {
    mute = next;
    if (muteTimer !== null) d.clearTimer(muteTimer);
    muteTimer = null;
    // Redraw the menu when a timed mute runs out, even if no event arrives.
    if (next.kind === 'until')
      muteTimer = d.setTimer(() => setMute(NOT_MUTED), Math.max(0, next.until - d.now()));
    refresh();
  }

  async function applySettings() {
    const next = effectiveSettings(d.prefs.get(), overrides);
    if (!sameSettings(next, d.monitor.settings)) await d.monitor.apply(next);
  }

  function onPrefsChange(prefs: Prefs, changed: Partial<Prefs>) {
    overrides = dropOverridden(overrides, changed);
    if ('launchAtLogin' in changed) d.setLoginItem(prefs.launchAtLogin);
    d.dashboard.push({ type: 'prefs', prefs });
    void applySettings().then(refresh, (err) =>
      d.showError(`Could not apply preferences: ${String(err)}`),
    );
    refresh();
  }

  /** Watch `paths` as one monitor (remembered in recent files); refused naming the field if unusable. */
  function openFiles(paths: string[]): SetPrefsResult {
    const result = d.prefs.set({
      logFiles: paths,
      source: 'files',
      recentFiles: pushRecent(d.prefs.get().recentFiles, ...paths),
    });
    if (!result.ok) d.showError(result.message);
    return result;
  }

  async function chooseLogFile(): Promise<string[] | null> {
    const paths = await d.pickFiles();
    if (paths === null || paths.length === 0) return null;
    return openFiles(paths).ok ? paths : null;
  }

  /** Watch the fleet at the stored URL; with none stored yet, the preferences view asks for it. */
  function watchPrometheus() {
    const step = prometheusStep(d.prefs.get());
    if (step === 'ask') return d.dashboard.open('prefs');
    const result = d.prefs.set({ source: 'prometheus' });
    if (!result.ok) d.showError(result.message);
  }

  function onAction(action: MenuAction, arg?: string) {
    const run: Record<MenuAction, () => unknown> = {
      'open-dashboard': () => d.dashboard.open(),
      'choose-file': () => chooseLogFile(),
      'watch-prometheus': () => watchPrometheus(),
      'open-recent': () => arg !== undefined && openFiles([arg]),
      'clear-recent': () => d.prefs.set({ recentFiles: [] }),
      pause: () => d.monitor.pause(),
      resume: () => d.monitor.resume(),
      'mute-hour': () => setMute(muteForHour(d.now())),
      'mute-indefinitely': () => setMute({ kind: 'indefinite' }),
      unmute: () => setMute(NOT_MUTED),
      // The page shows its preferences view at #prefs (renderer/app.ts).
      preferences: () => d.dashboard.open('prefs'),
      quit: () => d.quit(),
    };
    Promise.resolve()
      .then(run[action])
      .catch((err) => d.showError(`${action} failed: ${String(err)}`));
  }

  return {
    start() {
      offs.push(
        d.prefs.onChange(onPrefsChange),
        d.monitor.onEvent((event) => {
          d.dashboard.push(event);
          if (event.type === 'alert' || event.type === 'recovery') {
            const prefs = d.prefs.get();
            d.notifier.notify(event, { enabled: prefs.notifications, mute, now: d.now() });
            refresh();
            return;
          }
          scheduleRefresh();
        }),
        d.monitor.onChange(() => {
          pushSnapshot();
          refresh();
        }),
      );
      refresh();
    },
    onAction,
    chooseLogFile,
    /** Handler for `prefs:set` (already validated by the IPC guard; validated again by the service). */
    setPrefs: (patch: unknown) => d.prefs.set(patch),
    snapshot: (): Snapshot => d.monitor.snapshot(),
    /** Tooltip fallback for notifications (set by the notifier). */
    setNotice(message: string | null) {
      notice = message;
      scheduleRefresh();
    },
    /** A second launch: focus the dashboard and apply its flags as this run's overrides. */
    secondInstance(args: AppArgs) {
      if (args.file !== undefined || args.threshold !== undefined) {
        overrides = {
          ...overrides,
          ...(args.file !== undefined ? { file: args.file } : {}),
          ...(args.threshold !== undefined ? { threshold: args.threshold } : {}),
        };
        void applySettings().then(refresh);
      }
      d.dashboard.open();
    },
    get muted() {
      return isMuted(mute, d.now());
    },
    async dispose() {
      for (const off of offs.splice(0)) off();
      if (refreshTimer !== null) d.clearTimer(refreshTimer);
      if (muteTimer !== null) d.clearTimer(muteTimer);
      refreshTimer = muteTimer = null;
      await d.monitor.dispose();
      d.tray.destroy();
    },
  };
}
