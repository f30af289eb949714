/** Top sections, hosts and methods, status classes, traffic figures and odd lines with their samples. */
import { STATUS_CLASSES } from '../main/common/status-classes';
import type { MalformedEvent, Stats } from '../main/common/types';
import { byId, el } from './dom';
import { formatBytes, formatClock, formatCount, formatPercent, formatRate } from './format';

/** Top rows shown per list. */
export const TOP_ROWS = 8;

function bars(
  list: HTMLElement,
  rows: { label: string; hits: number }[],
  total: number,
  empty: string,
) {
  if (rows.length === 0) {
    list.replaceChildren(el('li', { cls: 'empty', text: empty }));
    return;
  }
  const max = Math.max(...rows.map((r) => r.hits), 1);
  list.replaceChildren(
    ...rows.slice(0, TOP_ROWS).map((r) => {
      const fill = el('span');
      // CSSOM, not a style attribute: allowed by the strict CSP.
      fill.style.width = `${((r.hits / max) * 100).toFixed(1)}%`;
      const share = total > 0 ? ` (${formatPercent(r.hits / total)})` : '';
      return el(
        'li',
        {},
        el('span', { cls: 'label', text: r.label, title: r.label }),
        el('span', { cls: 'value', text: `${formatCount(r.hits)}${share}` }),
        el('span', { cls: 'bar' }, fill),
      );
    }),
  );
}

function pairs(list: HTMLElement, rows: [string, string][]) {
  list.replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
}

export function createStatsView() {
  const sections = byId('sections');
  const hosts = byId('hosts');
  const methods = byId('methods');
  const distinct = byId('distinct-hosts');
  const statusNow = byId('status-now');
  const traffic = byId('traffic-figures');
  const lines = byId('line-counts');
  const samplesSummary = byId('samples-summary');
  const samples = byId('samples');
  let shownSamples: MalformedEvent[] = [];

  return {
    render(s: Stats, malformed: MalformedEvent[], spanLabel: string) {
      bars(
        sections,
        s.sections.map((r) => ({ label: r.section, hits: r.hits })),
        s.hits,
        `No requests ${spanLabel}.`,
      );
      bars(
        hosts,
        s.hosts.map((r) => ({ label: r.host, hits: r.hits })),
        s.hits,
        `No requests ${spanLabel}.`,
      );
      distinct.textContent = `${formatCount(s.distinctHosts)} distinct hosts`;
      bars(
        methods,
        s.methods.map((r) => ({ label: r.method, hits: r.hits })),
        s.hits,
        `No requests ${spanLabel}.`,
      );
      pairs(
        statusNow,
        STATUS_CLASSES.map((c): [string, string] => [c, formatCount(s.status[c])]),
      );
      pairs(traffic, [
        ['Requests', formatCount(s.hits)],
        ['Requests per second', formatRate(s.rps)],
        ['Bytes sent', formatBytes(s.bytes)],
        ['Error rate (5xx)', formatPercent(s.errorRate)],
      ]);
      pairs(lines, [
        ['Malformed', formatCount(s.malformed)],
        ['Late (older than the window)', formatCount(s.late)],
        ['Skewed (clock far ahead)', formatCount(s.skewed)],
      ]);
      samplesSummary.textContent = `Malformed samples (${malformed.length})`;
      if (malformed !== shownSamples || samples.childElementCount !== malformed.length) {
        shownSamples = malformed;
        samples.replaceChildren(
          ...[...malformed]
            .reverse()
            .map((m) =>
              el(
                'li',
                {},
                el('code', { text: m.line }),
                el('span', { cls: 'why', text: `${formatClock(m.at)} · ${m.reason}` }),
              ),
            ),
        );
      }
    },
  };
}
