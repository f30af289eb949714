import { alertMessage, formatBytes, formatRate, isoLocal } from '../common/format';
import type { AlertEvent, FileEvent, MalformedEvent, Stats, SummaryEvent } from '../common/types';

/** ANSI styling, or none (not a TTY, or NO_COLOR set: https://no-color.org). */
export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const plain = (s: string) => s;

export function createPaint(color: boolean): Paint {
  return color
    ? {
        bold: wrap(1, 22),
        dim: wrap(2, 22),
        red: wrap(31, 39),
        green: wrap(32, 39),
        yellow: wrap(33, 39),
      }
    : { bold: plain, dim: plain, red: plain, green: plain, yellow: plain };
}

/** Colour only on a terminal and never with NO_COLOR (SPEC section 8). */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

const pct = (part: number, whole: number) =>
  whole > 0 ? `${Math.round((part / whole) * 100)}%` : '0%';

function topLine<T>(
  rows: T[],
  label: (r: T) => string,
  hits: (r: T) => number,
  whole: number,
  n = 5,
): string {
  if (rows.length === 0) return '-';
  return rows
    .slice(0, n)
    .map((r) => `${label(r)} ${hits(r)} (${pct(hits(r), whole)})`)
    .join('  ');
}

/** The lines of one Stats block (also the body of `http-console report`). */
export function statsLines(s: Stats, p: Paint): string[] {
  const status = s.status;
  return [
    `  hits      ${s.hits} (${formatRate(s.rps)} req/s)   bytes ${formatBytes(s.bytes)}   ` +
      `5xx ${(s.errorRate * 100).toFixed(1)}%   hosts ${s.distinctHosts}`,
    `  sections  ${topLine(
      s.sections,
      (r) => r.section,
      (r) => r.hits,
      s.hits,
    )}`,
    `  status    2xx ${status['2xx']}  3xx ${status['3xx']}  4xx ${status['4xx']}  5xx ${status['5xx']}` +
      p.dim(
        `   codes ${
          s.codes
            .slice(0, 5)
            .map((c) => `${c.code}:${c.hits}`)
            .join(' ') || '-'
        }`,
      ),
    `  methods   ${
      s.methods
        .slice(0, 5)
        .map((m) => `${m.method} ${m.hits}`)
        .join('  ') || '-'
    }`,
    `  hosts     ${topLine(
      s.hosts,
      (r) => r.host,
      (r) => r.hits,
      s.hits,
      3,
    )}`,
  ];
}

/** The block printed every interval. */
export function formatSummary(e: SummaryEvent, threshold: number, p: Paint): string {
  const w = e.window;
  const lines = [
    p.bold(`── ${isoLocal(e.at)} · last ${e.interval.seconds} s ──`),
    ...statsLines(e.interval, p),
    `  window    ${w.hits} hits in ${w.seconds} s, avg ${formatRate(w.rps)} req/s (threshold ${formatRate(threshold)})`,
    p.dim(
      `  total     ${e.total.hits} hits over ${e.total.seconds} s, ${formatBytes(e.total.bytes)}` +
        `   malformed ${e.total.malformed}  late ${e.total.late}  skewed ${e.total.skewed}`,
    ),
  ];
  return lines.join('\n');
}

/** The final report of a --no-follow run: the whole file. */
export function formatReport(e: SummaryEvent, p: Paint): string {
  return [
    p.bold(`── whole file · ${e.total.hits} hits over ${e.total.seconds} s ──`),
    ...statsLines(e.total, p),
  ]
    .concat(
      p.dim(`  malformed ${e.total.malformed}  late ${e.total.late}  skewed ${e.total.skewed}`),
    )
    .join('\n');
}

export function formatAlert(e: AlertEvent, p: Paint): string {
  return e.type === 'alert'
    ? p.bold(p.red(`⚠ ${alertMessage(e)}`))
    : p.bold(p.green(`✓ ${alertMessage(e)}`));
}

export function formatFile(e: FileEvent, p: Paint): string {
  const text = `[file] ${e.state}: ${e.message}`;
  return e.state === 'error' ? p.red(text) : p.yellow(text);
}

export function formatMalformed(e: MalformedEvent, p: Paint): string {
  return p.dim(`[malformed] ${e.reason}: ${e.line}`);
}
