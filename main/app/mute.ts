/** Notification muting (see docs/reference/tray.md): for an hour, or until the user resumes. */

export type MuteState =
  { kind: 'none' } | { kind: 'until'; until: number } | { kind: 'indefinite' };

export const NOT_MUTED: MuteState = Object.freeze({ kind: 'none' });
export const MUTE_HOUR_MS = 60 * 60 * 1000;

/** Whether notifications are muted at `now`. */
export function isMuted(m: MuteState, now: number): boolean {
  return m.kind === 'indefinite' || (m.kind === 'until' && now < m.until);
}

/** Mute for one hour from `now`. */
export function muteForHour(now: number): MuteState {
  return { kind: 'until', until: now + MUTE_HOUR_MS };
}
