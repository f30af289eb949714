/**
 * Holds native notifications while they can still be clicked, then lets them
 * go. Electron fires `close` on some platforms only, so each one is also
 * released after `keepMs`, and at most `max` are held: memory stays bounded
 * however many alerts a long run raises.
 */

/** The slice of Electron's Notification the keeper needs. */
export interface KeptNotification {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
}

export interface NotificationKeeperDeps {
  /** How long a shown notification stays clickable, ms. */
  keepMs: number;
  /** Most notifications held at once; the oldest goes first. */
  max: number;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
}

/** Long enough to read and click a notification, short enough not to pile up. */
export const NOTIFICATION_KEEP_MS = 10 * 60_000;
export const NOTIFICATIONS_KEPT = 20;

/** Create a keeper; `keep` a notification right after showing it. */
export function createNotificationKeeper(deps: NotificationKeeperDeps) {
  const held = new Map<KeptNotification, unknown>();
  const release = (note: KeptNotification) => {
    if (!held.has(note)) return;
    deps.clearTimer(held.get(note));
    held.delete(note);
  };
  return {
    keep(note: KeptNotification): void {
      for (const e of ['click', 'close', 'failed'] as const) note.on(e, () => release(note));
      held.set(
        note,
        deps.setTimer(() => release(note), deps.keepMs),
      );
      while (held.size > deps.max) release(held.keys().next().value!);
    },
    /** Let every notification go (at quit: no timer may keep the process alive). */
    releaseAll(): void {
      for (const note of [...held.keys()]) release(note);
    },
    get size() {
      return held.size;
    },
  };
}
