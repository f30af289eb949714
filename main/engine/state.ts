import type { FileState, TrafficState } from '../common/types';

/** Share of the threshold above which traffic is "elevated" (SPEC section 9). */
export const ELEVATED_RATIO = 0.8;

export interface StateInputs {
  hasFile: boolean;
  paused: boolean;
  file: FileState;
  alert: boolean;
  avg: number;
  threshold: number;
}

/** The traffic state the tray and the dashboard badge show (SPEC section 9). */
export function trafficState(s: StateInputs): TrafficState {
  if (!s.hasFile || s.paused) return 'idle';
  if (s.file === 'waiting') return 'waiting';
  if (s.file === 'error') return 'error';
  if (s.alert) return 'alert';
  if (s.avg > ELEVATED_RATIO * s.threshold) return 'elevated';
  return 'normal';
}
