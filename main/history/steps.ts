/**
 * Which resolution answers a range: `1s` from the seconds table (ranges up to
 * 2 h within the last 48 h), `1m` from minutes, `1h` summed from minutes.
 * Pure; errors are ParamErrors that name the parameter.
 */
import { ParamError } from './param-error';
import type { Step } from './types';

export const STEP_MS: Record<Step, number> = { '1s': 1000, '1m': 60_000, '1h': 3_600_000 };
/** Seconds are kept this long before the newest one. */
export const SECONDS_KEPT_MS = 48 * 3_600_000;
/** Minutes, their hours and their top lists are kept this long before the newest second. */
export const MINUTES_KEPT_MS = 90 * 24 * 3_600_000;
/** Longest range answered per second. */
export const SECOND_RANGE_MS = 2 * 3_600_000;
/** Points an automatic step stays under. */
export const AUTO_POINTS = 1500;
/** Most points one answer may hold, whatever the step. */
export const MAX_POINTS = 200_000;

const isStep = (s: string): s is Step => s in STEP_MS;

/** `1s`, `1m` or `1h`; anything else is a ParamError naming `step`. */
export function parseStep(raw: string): Step {
  if (isStep(raw)) return raw;
  throw new ParamError('step', `must be 1s, 1m or 1h (or omitted for automatic), got '${raw}'`);
}

/**
 * The step for [from, to): the given one if it can answer, else the finest that
 * keeps at most AUTO_POINTS points. `newest` is the newest second recorded (or null).
 */
export function chooseStep(from: number, to: number, newest: number | null, step?: Step): Step {
  const span = to - from;
  const secondsKept = newest === null || from >= newest - SECONDS_KEPT_MS;
  if (step !== undefined) {
    if (step === '1s' && span > SECOND_RANGE_MS)
      throw new ParamError('step', '1s answers ranges up to 2 h; use 1m or 1h');
    if (step === '1s' && !secondsKept)
      throw new ParamError('step', 'seconds are kept for 48 h; use 1m or 1h for older ranges');
    const points = Math.ceil(span / STEP_MS[step]);
    if (points > MAX_POINTS)
      throw new ParamError('step', `${step} gives ${points} points; at most ${MAX_POINTS}`);
    return step;
  }
  if (secondsKept && span <= SECOND_RANGE_MS && span / STEP_MS['1s'] <= AUTO_POINTS) return '1s';
  return span / STEP_MS['1m'] <= AUTO_POINTS ? '1m' : '1h';
}

/** [from, to) widened outward to whole steps. */
export function alignRange(from: number, to: number, step: Step): { from: number; to: number } {
  const ms = STEP_MS[step];
  return { from: Math.floor(from / ms) * ms, to: Math.ceil(to / ms) * ms };
}
