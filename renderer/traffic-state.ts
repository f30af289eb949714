/** The badge state from the current figures (SPEC section 9), as the tray computes it. */
import type { FileState, TrafficState } from '../main/common/types';

/** Share of the threshold above which traffic is "elevated". */
export const ELEVATED_SHARE = 0.8;

export function trafficState(f: {
  path: string;
  fileState: FileState;
  paused: boolean;
  alert: boolean;
  avg: number;
  threshold: number;
}): TrafficState {
  if (f.paused || f.path === '') return 'idle';
  if (f.fileState === 'waiting') return 'waiting';
  if (f.fileState === 'error') return 'error';
  if (f.alert) return 'alert';
  return f.avg > ELEVATED_SHARE * f.threshold ? 'elevated' : 'normal';
}
