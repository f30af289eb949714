/** Top sections, hosts and methods, status classes, traffic figures and odd lines with their samples. */
import type { MalformedEvent } from '../main/common/types';
import type { SpanFigures } from './figures';
import { fullStatus, STATUS_CLASSES } from './status-series';
import { drawBars } from './bars';
import { byId, el } from './dom';
import { formatBytes } from '../main/common/format';
import { formatClock, formatCount, formatPercent, formatRate } from './format';

/** Top rows shown per list. */
export const TOP_ROWS = 8;

function bars(
  list: HTMLElement,
  rows: { label: string; hits: number }[],
  total: number,
  empty: string,
) {
  const max = Math.max(...rows.map((r) => r.hits), 1);
  drawBars(
    list,
    rows.slice(0, TOP_ROWS).map((r) => ({
      label: r.label,
      value: `${formatCount(r.hits)}${total > 0 ? ` (${formatPercent(r.hits / total)})` : ''}`,
      fill: r.hits / max,
    })),
    empty,
  );
}

function pairs(list: HTMLElement, rows: [string, string][]) {
  list.replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
}

const sameSamples = (a: MalformedEvent[], b: MalformedEvent[]) =>
  a.length === b.length && a.every((m, i) => m === b[i]);

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
  const approximate = byId('approximate');
  let shownSamples: MalformedEvent[] = [];

  return {
    /** Draw the figures of one span; `spanLabel` ends the empty-list text ("in the window"). */
    render(f: SpanFigures, spanLabel: string) {
      const s = f.stats;
      const malformed = f.samples;
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
      const status = fullStatus(s.status);
      pairs(
        statusNow,
        STATUS_CLASSES.map((c) => [c, formatCount(status[c])]),
      );
      pairs(traffic, [
        ['Requests', formatCount(s.hits)],
        ['Requests per second', formatRate(f.rps)],
        ['Bytes sent', formatBytes(s.bytes)],
        ['Error rate (5xx)', formatPercent(s.errorRate)],
      ]);
      pairs(lines, [
        ['Malformed', formatCount(s.malformed)],
        ['Late (older than the window)', formatCount(s.late)],
        ['Skewed (clock far ahead)', formatCount(s.skewed)],
      ]);
      approximate.hidden = !s.approximate;
      samplesSummary.textContent = `Malformed samples (${malformed.length})`;
      if (!sameSamples(malformed, shownSamples)) {
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
