/** The alert history table: start, recovery, peak average, duration; newest first. */
import { historyRows } from './alert-history';
import { byId, el } from './dom';
import { formatDateTime, formatDuration, formatRate } from './format';
import type { Model } from './model';

/** Rows rendered at most (the history holds up to 1000 transitions). */
export const HISTORY_ROWS = 200;

export function createHistoryView() {
  const table = byId('history');
  const body = byId('history-rows');
  const empty = byId('history-empty');
  return {
    render(model: Model) {
      const rows = historyRows(model.snap.history, model.seconds, model.now() ?? Date.now());
      table.hidden = rows.length === 0;
      empty.hidden = rows.length > 0;
      body.replaceChildren(
        ...rows.slice(0, HISTORY_ROWS).map((r) => {
          const tr = el(
            'tr',
            {},
            el('td', { text: formatDateTime(r.start) }),
            el('td', {
              text: r.end !== null ? formatDateTime(r.end) : r.ongoing ? 'ongoing' : 'not recorded',
            }),
            el('td', {
              cls: 'num',
              text: `${r.peakExact ? '' : '≥ '}${formatRate(r.peak)}`,
              title: r.peakExact ? '' : 'At least: the page did not see every second of this alert',
            }),
            el('td', { cls: 'num', text: formatRate(r.threshold) }),
            el('td', { cls: 'num', text: r.duration === null ? '–' : formatDuration(r.duration) }),
          );
          if (r.ongoing) tr.className = 'active';
          return tr;
        }),
      );
    },
  };
}
