/** The status classes in the order every front-end shows them. Pure; the engine and the page share it. */
import type { StatusClasses } from './types';

/** 1xx to 5xx, then `other` (outside 100–599, or no status): together they sum to the hits. */
export const STATUS_CLASSES: readonly (keyof StatusClasses)[] = [
  '1xx',
  '2xx',
  '3xx',
  '4xx',
  '5xx',
  'other',
];

/** Every class at 0. */
export function emptyStatusClasses(): StatusClasses {
  return { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 };
}
