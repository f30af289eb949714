/**
 * What the Sources and Instances panels show (pure; see docs/reference/web.md):
 * hits and share per source with each input's state and format, and each
 * instance of a fleet with its rate, its share, or that it is missing.
 */
import type { InputStatus, InstanceStatus, SourceCount } from '../main/common/types';
import type { BarRow } from './bars';
import { formatCount, formatPercent, formatRate } from './format';

/**
 * The Sources panel is shown when the monitor reads more than one source; not
 * for a fleet, whose sources are its instances (the Instances panel shows them).
 */
export function showsSources(
  inputs: readonly InputStatus[] | undefined,
  counts: readonly SourceCount[] | undefined,
  instances: readonly InstanceStatus[] | undefined,
): boolean {
  if (instances !== undefined) return false;
  return (inputs?.length ?? 0) > 1 || (counts?.length ?? 0) > 1;
}

/** A source's condition in a few words: `following · combined`, `waiting · No such file`. */
function inputNote(i: InputStatus): string {
  const parts: string[] = [i.state];
  if (i.format) parts.push(i.format);
  if (i.state !== 'following' && i.message) parts.push(i.message);
  return parts.join(' · ');
}

/**
 * One row per source, most hits first (ties in the order given): every input,
 * with its hits in the span, and any counted source that is not an input
 * (a syslog sender under its listener, `other`).
 */
export function sourceRows(
  inputs: readonly InputStatus[],
  counts: readonly SourceCount[],
  total: number,
): BarRow[] {
  const hits = new Map(counts.map((c) => [c.source, c.hits]));
  const named = new Set(inputs.map((i) => i.source));
  const rows = [
    ...inputs.map((i) => ({ source: i.source, hits: hits.get(i.source) ?? 0, note: inputNote(i) })),
    ...counts
      .filter((c) => !named.has(c.source))
      .map((c) => ({ source: c.source, hits: c.hits, note: undefined })),
  ];
  const max = Math.max(1, ...rows.map((r) => r.hits));
  return rows
    .map((r, order) => ({ ...r, order }))
    .sort((a, b) => b.hits - a.hits || a.order - b.order)
    .map((r) => ({
      label: r.source,
      value: `${formatCount(r.hits)}${total > 0 ? ` (${formatPercent(r.hits / total)})` : ''}`,
      fill: r.hits / max,
      ...(r.note !== undefined ? { note: r.note } : {}),
    }));
}

/** One row per instance: reporting ones by rate, highest first, then the missing ones by name. */
export function instanceRows(instances: readonly InstanceStatus[]): BarRow[] {
  const up = instances.filter((i) => i.up).sort((a, b) => b.rps - a.rps);
  const missing = instances
    .filter((i) => !i.up)
    .sort((a, b) => (a.instance < b.instance ? -1 : a.instance > b.instance ? 1 : 0));
  const max = Math.max(...up.map((i) => i.rps), 0);
  return [
    ...up.map((i) => ({
      label: i.instance,
      value: `${formatRate(i.rps)} req/s (${formatPercent(i.share)})`,
      fill: max > 0 ? i.rps / max : 0,
    })),
    ...missing.map((i) => ({
      label: i.instance,
      value: 'missing',
      fill: 0,
      note: 'not reporting: its target is down or stopped answering',
      cls: 'missing',
    })),
  ];
}

/** The line under the Instances list: how many report and how many are missing. */
export function instancesSummary(instances: readonly InstanceStatus[]): string {
  const missing = instances.filter((i) => !i.up).length;
  const n = instances.length;
  const reporting = `${n} instance${n === 1 ? '' : 's'}`;
  return missing > 0 ? `${reporting}, ${missing} missing` : `${reporting}, all reporting`;
}
