/**
 * The console's human output: a summary block every interval, alert lines,
 * file and malformed lines, and the report that ends a batch run. Every piece
 * of text taken from the log goes through escapeControls. See
 * docs/reference/command-line.md.
 */
import { styleText } from 'node:util';
import { alertMessage, formatBytes, isoLocal } from '../common/format';
import { STATUS_CLASSES } from '../common/status-classes';
import type { AlertEvent, FileEvent, MalformedEvent, Stats, SummaryEvent } from '../common/types';
import type { AlertPeriod, AlertRecap } from './alert-tracker';
import { escapeControls as esc } from './escape';
import type { UdpDrops } from './udp-drops-report';
import { formatDuration, formatRequestRate as rate } from './units';

/** Text styles, or none. */
export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

type Style = Parameters<typeof styleText>[0];

/**
 * Styles for text written to `stream`: Node decides per stream whether to
 * colour (a terminal, NO_COLOR unset or empty, TERM not dumb; FORCE_COLOR
 * wins). null: never (--json output).
 */
export function createPaint(stream: NodeJS.WritableStream | null): Paint {
  const style = (format: Style) =>
    stream === null ? (s: string) => s : (s: string) => styleText(format, s, { stream });
  return {
    bold: style('bold'),
    dim: style('dim'),
    red: style('red'),
    green: style('green'),
    yellow: style('yellow'),
  };
}

/** Records shown per top list; hosts get fewer, their names are long. */
const TOP = 5;
const TOP_HOSTS = 3;
/** Alert periods listed at the end of a batch report; older ones are counted. */
const RECAP_SHOWN = 10;

/** hits / seconds, unrounded: Stats.rps keeps three decimals, too few for a sparse span. */
const rps = (s: Stats) => (s.seconds > 0 ? s.hits / s.seconds : 0);

const pct = (part: number, whole: number) =>
  whole > 0 ? `${Math.round((part / whole) * 100)}%` : '0%';

function topLine<T>(
  rows: T[],
  label: (r: T) => string,
  hits: (r: T) => number,
  whole: number,
  n = TOP,
) {
  if (rows.length === 0) return '-';
  return rows
    .slice(0, n)
    .map((r) => `${esc(label(r))} ${hits(r)} (${pct(hits(r), whole)})`)
    .join('  ');
}

/** The lines of one Stats block (also the body of `http-console report`). */
export function statsLines(s: Stats, p: Paint): string[] {
  const classes = STATUS_CLASSES.map((c) => `${c} ${s.status[c]}`).join('  ');
  const codes = s.codes
    .slice(0, TOP)
    .map((c) => `${c.code}:${c.hits}`)
    .join(' ');
  const methods = s.methods
    .slice(0, TOP)
    .map((m) => `${esc(m.method)} ${m.hits}`)
    .join('  ');
  // One source needs no breakdown; a run over several lists them (docs/reference/sources.md).
  const sources = s.sources
    ? [
        `  sources   ${topLine(
          s.sources,
          (r) => r.source,
          (r) => r.hits,
          s.hits,
        )}`,
      ]
    : [];
  return [
    `  hits      ${s.hits} (${rate(rps(s))} req/s)   bytes ${formatBytes(s.bytes)}   ` +
      `5xx ${(s.errorRate * 100).toFixed(1)}%   hosts ${s.distinctHosts}`,
    ...sources,
    `  sections  ${topLine(
      s.sections,
      (r) => r.section,
      (r) => r.hits,
      s.hits,
    )}`,
    `  status    ${classes}` + p.dim(`   codes ${codes || '-'}`),
    `  methods   ${methods || '-'}`,
    `  hosts     ${topLine(
      s.hosts,
      (r) => r.host,
      (r) => r.hits,
      s.hits,
      TOP_HOSTS,
    )}`,
  ];
}

function alertLine(active: AlertPeriod | null, w: Stats, threshold: number, p: Paint): string {
  const avg = rate(rps(w));
  return active
    ? p.bold(
        p.red(`  alert     ALERT since ${isoLocal(active.start)}, avg ${avg} > ${rate(threshold)}`),
      )
    : `  alert     none, avg ${avg} <= ${rate(threshold)}`;
}

/** `udp drops` after a summary: datagrams the kernel dropped per UDP listener (none: no line). */
export function udpDropsLine(drops: readonly UdpDrops[], p: Paint): string[] {
  if (drops.length === 0) return [];
  const text = drops.map((d) => `${d.listener} ${d.drops}`).join('  ');
  const line = `  udp drops ${text}`;
  return [drops.some((d) => d.drops > 0) ? p.yellow(line) : p.dim(line)];
}

/** The block printed every interval; `active` is the alert in force, if any. */
export function formatSummary(
  e: SummaryEvent,
  threshold: number,
  active: AlertPeriod | null,
  p: Paint,
  drops: readonly UdpDrops[] = [],
): string {
  const w = e.window;
  const t = e.total;
  return [
    p.bold(`── ${isoLocal(e.at)} · last ${formatDuration(e.interval.seconds)} ──`),
    ...statsLines(e.interval, p),
    `  window    ${w.hits} hits in ${formatDuration(w.seconds)}, avg ${rate(rps(w))} req/s ` +
      `(threshold ${rate(threshold)})`,
    alertLine(active, w, threshold, p),
    p.dim(
      `  total     ${t.hits} hits over ${formatDuration(t.seconds)}, ${formatBytes(t.bytes)}` +
        `   malformed ${t.malformed}  late ${t.late}  skewed ${t.skewed}`,
    ),
    ...udpDropsLine(drops, p),
  ].join('\n');
}

function recapLines(recap: AlertRecap, threshold: number): string[] {
  if (recap.count === 0) return [`  alerts    none (threshold ${rate(threshold)} req/s)`];
  const shown = recap.recent.slice(-RECAP_SHOWN);
  const earlier = recap.count - shown.length;
  return [
    `  alerts    ${recap.count}`,
    ...(earlier > 0 ? [`    … ${earlier} earlier`] : []),
    ...shown.map((a) => {
      const span =
        a.end === null
          ? 'still active at the end'
          : `for ${formatDuration((a.end - a.start) / 1000)}`;
      return `    ${isoLocal(a.start)}  ${span} (avg ${rate(a.avg)} req/s when raised)`;
    }),
  ];
}

/** The report that ends a batch run: the whole file, then its alerts. */
export function formatReport(
  e: SummaryEvent,
  threshold: number,
  recap: AlertRecap,
  p: Paint,
): string {
  const t = e.total;
  return [
    p.bold(`── whole file · ${t.hits} hits over ${formatDuration(t.seconds)} ──`),
    ...statsLines(t, p),
    p.dim(`  malformed ${t.malformed}  late ${t.late}  skewed ${t.skewed}`),
    ...recapLines(recap, threshold),
  ].join('\n');
}

export function formatAlert(e: AlertEvent, p: Paint): string {
  return e.type === 'alert'
    ? p.bold(p.red(`⚠ ${alertMessage(e)}`))
    : p.bold(p.green(`✓ ${alertMessage(e)}`));
}

/** `[file] following /x`: the state is not repeated when the message starts with it. */
export function formatFile(e: FileEvent, p: Paint): string {
  const message = esc(e.message);
  const said = message === e.state || message.startsWith(`${e.state} `);
  const text = said ? `[file] ${message}` : `[file] ${e.state}: ${message}`;
  return e.state === 'error' ? p.red(text) : p.yellow(text);
}

export function formatMalformed(e: MalformedEvent, p: Paint): string {
  return p.dim(`[malformed] ${esc(e.reason)}: ${esc(e.line)}`);
}
