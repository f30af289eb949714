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
  const { state } = snap.file;
  if (state !== 'waiting' && state !== 'error') return null;
  // With several sources `file` is their combined picture: name the source in that state.
  const source = snap.inputs?.find((i) => i.state === state);
  const name = source?.source ?? path;
  const message = source ? source.message : snap.file.message;
  const why = message ? ` ${message}` : '';
  if (source?.kind === 'prometheus')
    return state === 'waiting'
      ? { text: `Waiting for Prometheus:${why}` }
      : { text: `Cannot read from Prometheus at ${name}.${why} Retrying.` };
  if (state === 'waiting')
    return { text: `Waiting for ${name}: the file does not exist yet.${why}` };
  return { text: `Cannot read ${name}.${why} Retrying.` };
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
