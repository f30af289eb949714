/** The empty and error states a user must understand, as one banner (pure decision + thin render). */
import type { Snapshot } from '../main/common/types';
import { byId } from './dom';

export interface Banner {
  text: string;
  /** A button offered with the message. */
  action?: { label: string; id: 'choose' | 'prefs' };
}

/** What to tell the user, or null when all is well. */
export function bannerFor(
  snap: Snapshot,
  kind: 'electron' | 'web',
  connected: boolean,
): Banner | null {
  if (!connected) return { text: 'Lost the connection to the dashboard server. Reconnecting…' };
  const path = snap.file.path;
  if (path === '') {
    return kind === 'electron'
      ? { text: 'No log file chosen yet.', action: { label: 'Choose file…', id: 'choose' } }
      : {
          text: 'No log file chosen yet. Set one in Preferences.',
          action: { label: 'Preferences', id: 'prefs' },
        };
  }
  if (snap.paused)
    return { text: `Paused: ${path} is not being followed. Resume from the tray menu.` };
  const why = snap.file.message ? ` ${snap.file.message}` : '';
  if (snap.file.state === 'waiting')
    return { text: `Waiting for ${path}: the file does not exist yet.${why}` };
  if (snap.file.state === 'error') return { text: `Cannot read ${path}.${why} Retrying.` };
  return null;
}

/** Show or hide the banner; `onAction` hears its button. */
export function createBannerView(onAction: (id: 'choose' | 'prefs') => void) {
  const box = byId('banner');
  const text = byId('banner-text');
  const button = byId<HTMLButtonElement>('banner-action');
  let current: Banner | null = null;
  button.addEventListener('click', () => current?.action && onAction(current.action.id));
  return {
    render(b: Banner | null) {
      current = b;
      box.hidden = b === null;
      if (!b) return;
      text.textContent = b.text;
      button.hidden = !b.action;
      if (b.action) button.textContent = b.action.label;
    },
  };
}
