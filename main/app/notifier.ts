/**
 * Raises the native notification for an alert transition, or, where the
 * platform has none, hands the message to the tray tooltip instead.
 */
import type { AlertEvent } from '../common/types';
import type { MuteState } from './mute';
import type { NotificationModel } from './notify-model';
import { noticeFor, notificationFor } from './notify-model';

export interface NotifierDeps {
  isSupported: () => boolean;
  /** Show a native notification; `onClick` opens the dashboard. */
  show: (n: NotificationModel, onClick: () => void) => void;
  /** Put a message in the tooltip (null clears it). */
  setNotice: (message: string | null) => void;
  onClick: () => void;
}

/** Create the notifier; `notify` returns what it did, for logging and tests. */
export function createNotifier(deps: NotifierDeps) {
  return {
    notify(
      event: AlertEvent,
      ctx: { enabled: boolean; mute: MuteState; now: number; offsetMinutes?: number },
    ): 'shown' | 'tooltip' | 'none' {
      const n = notificationFor(event, ctx);
      if (!n) return 'none';
      if (!deps.isSupported()) {
        deps.setNotice(noticeFor(event, ctx.offsetMinutes));
        return 'tooltip';
      }
      deps.setNotice(null);
      deps.show(n, deps.onClick);
      return 'shown';
    },
  };
}
