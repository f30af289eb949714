/** Chart colours from the stylesheet's variables, so light and dark follow the OS. */
import { STATUS_CLASSES } from '../main/common/status-classes';
import type { StatusClasses } from '../main/common/types';

export interface ChartTheme {
  text: string;
  grid: string;
  hits: string;
  hitsFill: string;
  avg: string;
  threshold: string;
  alertShade: string;
  status: Record<keyof StatusClasses, string>;
}

/** Read the current theme from the root element's computed style. */
export function readTheme(): ChartTheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    text: v('--muted'),
    grid: v('--c-grid'),
    hits: v('--c-hits'),
    hitsFill: v('--c-hits-fill'),
    avg: v('--c-avg'),
    threshold: v('--c-threshold'),
    alertShade: v('--c-alert-shade'),
    status: Object.fromEntries(
      STATUS_CLASSES.map((c) => [c, v(`--c-${c}`)]),
    ) as ChartTheme['status'],
  };
}

/** Call `fn` when the OS switches between light and dark. */
export function onThemeChange(fn: () => void): void {
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', fn);
}
