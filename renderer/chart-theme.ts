/** Chart colours from the stylesheet's variables, so light and dark follow the OS. */

export interface ChartTheme {
  text: string;
  grid: string;
  hits: string;
  hitsFill: string;
  avg: string;
  threshold: string;
  alertShade: string;
  status: { '2xx': string; '3xx': string; '4xx': string; '5xx': string };
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
    status: { '2xx': v('--c-2xx'), '3xx': v('--c-3xx'), '4xx': v('--c-4xx'), '5xx': v('--c-5xx') },
  };
}

/** Call `fn` when the OS switches between light and dark. */
export function onThemeChange(fn: () => void): void {
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', fn);
}
