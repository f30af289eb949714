/**
 * The traffic state the tray icon and the dashboard badge show, decided once
 * here for the engine's snapshots and the page's live updates alike
 * (see docs/reference/tray.md).
 */
import type { FileState, TrafficState } from './types';

/** Share of the threshold above which traffic is "elevated". */
const ELEVATED_RATIO = 0.8;

/** What the state depends on. */
export interface StateInputs {
  hasFile: boolean;
  paused: boolean;
  file: FileState;
  alert: boolean;
  /** Average req/s over the window. */
  avg: number;
  threshold: number;
}

/** idle, then waiting/error (the file), then alert, elevated or normal (the traffic). */
export function trafficState(s: StateInputs): TrafficState {
  if (!s.hasFile || s.paused) return 'idle';
  if (s.file === 'waiting') return 'waiting';
  if (s.file === 'error') return 'error';
  if (s.alert) return 'alert';
  if (s.avg > ELEVATED_RATIO * s.threshold) return 'elevated';
  return 'normal';
}
