/**
 * Alert state and history across restarts (see docs/reference/alerts.md), kept in a small
 * key-value store (electron-store in the app). What is loaded is checked: the
 * file is the user's and may have been edited or cut short.
 */
import type { AlertMemory, AlertMemoryStore } from '../engine/api';
import type { AlertEvent } from '../common/types';

export const MAX_HISTORY = 1000;
const KEY = 'alertMemory';

/** The slice of electron-store used here. */
export interface KeyValue {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

function isAlertEvent(v: unknown): v is AlertEvent {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    (e.type === 'alert' || e.type === 'recovery') &&
    ['at', 'avg', 'hits', 'threshold', 'window'].every(
      (k) => typeof e[k] === 'number' && Number.isFinite(e[k]),
    )
  );
}

/** Parse stored memory; invalid entries are dropped rather than failing the start. */
export function parseAlertMemory(v: unknown): AlertMemory | null {
  if (typeof v !== 'object' || v === null) return null;
  const m = v as Record<string, unknown>;
  const history = Array.isArray(m.history)
    ? m.history.filter(isAlertEvent).slice(-MAX_HISTORY)
    : [];
  const active = m.active === true;
  const since = active && typeof m.since === 'number' && Number.isFinite(m.since) ? m.since : null;
  return { active, since, history };
}

/** An AlertMemoryStore over a key-value store. */
export function createAlertMemoryStore(kv: KeyValue): AlertMemoryStore {
  return {
    load: () => parseAlertMemory(kv.get(KEY)),
    save(memory) {
      kv.set(KEY, {
        active: memory.active,
        since: memory.since,
        history: memory.history.slice(-MAX_HISTORY),
      });
    },
  };
}
