/**
 * Which notification an alert transition raises (see docs/reference/alerts.md and tray.md):
 * one per alert start and per recovery, none while muted or switched off.
 */
import type { AlertEvent } from '../common/types';
import { alertHead, alertMessage } from '../common/format';
import type { MuteState } from './mute';
import { isMuted } from './mute';

export interface NotificationModel {
  title: string;
  body: string;
}

/** The notification to show for `event`, or null when none should be shown. */
export function notificationFor(
  event: AlertEvent,
  ctx: { enabled: boolean; mute: MuteState; now: number; offsetMinutes?: number },
): NotificationModel | null {
  if (!ctx.enabled || isMuted(ctx.mute, ctx.now)) return null;
  return {
    title: event.type === 'alert' ? 'High traffic alert' : 'Traffic back to normal',
    body: alertMessage(event, ctx.offsetMinutes),
  };
}

/**
 * The message for the tray tooltip, where native notifications are
 * unsupported: the alert message with its whole timestamp, without the
 * window figures, so that it fits Windows' 127 characters beside the file name.
 */
export function noticeFor(event: AlertEvent, offsetMinutes?: number): string {
  return alertHead(event, offsetMinutes);
}
