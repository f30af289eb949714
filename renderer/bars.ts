/** The bar lists of the dashboard's panels (top sections, hosts, sources, instances). */
import { el } from './dom';

/** One row: a label, its figure as text, the bar's length (0..1), and an optional line under it. */
export interface BarRow {
  label: string;
  value: string;
  fill: number;
  note?: string;
  /** A class on the row, e.g. `missing`. */
  cls?: string;
}

/** Replace `list`'s rows with `rows` (text only, never HTML), or one `empty` row. */
export function drawBars(list: HTMLElement, rows: BarRow[], empty: string): void {
  if (rows.length === 0) {
    list.replaceChildren(el('li', { cls: 'empty', text: empty }));
    return;
  }
  list.replaceChildren(
    ...rows.map((r) => {
      const fill = el('span');
      // CSSOM, not a style attribute: allowed by the strict CSP.
      fill.style.width = `${(Math.min(1, Math.max(0, r.fill)) * 100).toFixed(1)}%`;
      return el(
        'li',
        r.cls ? { cls: r.cls } : {},
        el('span', { cls: 'label', text: r.label, title: r.label }),
        el('span', { cls: 'value', text: r.value }),
        el('span', { cls: 'bar' }, fill),
        ...(r.note !== undefined ? [el('span', { cls: 'meta', text: r.note })] : []),
      );
    }),
  );
}
