/**
 * `http-console report --db PATH --from T --to T [--json]`: the summary block
 * (or the Stats JSON) of a past range, read from a history database; and
 * `report --db PATH --purge-hosts[=anonymized|off]`, which rewrites the
 * hosts it holds (purge.ts).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../cli/args';
import { createPaint, statsLines, type Paint } from '../cli/human';
import { isoLocal } from '../common/format';
import { failureOf } from './errors';
import { openHistoryReader } from './open';
import { ParamError } from './param-error';
import { purgeHosts, type PurgeLevel } from './purge';
import { parseRange } from './range-params';
import type { HistoryRange, RangeQuery } from './types';

export const REPORT_USAGE = `Usage: http-console report --db PATH --from T --to T [--json]
       http-console report --db PATH --purge-hosts[=anonymized|off]

  --db PATH   the history database to read
  --from T    start of the range: ISO 8601 with offset (2026-11-02T09:00:00+01:00) or Unix ms
  --to T      end of the range (same forms)
  --json      print the Stats object as one JSON line instead of the text block
  --purge-hosts[=L]  rewrite the client hosts the database holds to L: anonymized (the
              default: IPv4 /24, IPv6 /48, names by their domain) or off (none), then
              compact the file so the old addresses are gone from it
`;

export interface ReportArgs {
  db: string;
  range: RangeQuery;
  json: boolean;
}

/** `report --purge-hosts`: the database and the level to rewrite its hosts to. */
export interface PurgeArgs {
  db: string;
  purge: PurgeLevel;
}

const LEVELS = ['anonymized', 'off', 'full'];

/** `--purge-hosts` takes an optional value: alone (or before another flag) it means anonymized. */
function purgeValue(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--purge-hosts') out.push(argv[i]!);
    else if (LEVELS.includes(argv[i + 1] ?? '')) out.push(`--purge-hosts=${argv[++i]}`);
    else out.push('--purge-hosts=anonymized');
  }
  return out;
}

/** Parse `report` arguments (after the word `report`); a UsageError names the flag. */
export function parseReportArgs(argv: string[]): ReportArgs | PurgeArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: purgeValue(argv),
      options: {
        db: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        json: { type: 'boolean', default: false },
        'purge-hosts': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  if (values.help) return 'help';
  if (!values.db) throw new UsageError('--db PATH is required');
  const purge = values['purge-hosts'];
  if (purge !== undefined) {
    if (purge !== 'anonymized' && purge !== 'off')
      throw new UsageError(
        `--purge-hosts: must be anonymized or off (hosts cut off cannot be restored), got '${purge}'`,
      );
    if (values.from !== undefined || values.to !== undefined || values.json)
      throw new UsageError(
        '--purge-hosts rewrites the database: it takes no --from, --to or --json',
      );
    return { db: values.db, purge };
  }
  try {
    const range = parseRange({ from: values.from, to: values.to }, { from: '--from', to: '--to' });
    return { db: values.db, range, json: values.json };
  } catch (err) {
    if (err instanceof ParamError) throw new UsageError(err.message);
    throw err;
  }
}

/** The text block: a title with the range, the Stats lines, and a note when tops are approximate. */
export function formatRangeReport(r: HistoryRange, p: Paint): string {
  const s = r.stats;
  return [
    p.bold(`── ${isoLocal(r.from)} → ${isoLocal(r.to)} · ${s.hits} hits over ${s.seconds} s ──`),
    ...statsLines(s, p),
    p.dim(`  malformed ${s.malformed}  late ${s.late}  skewed ${s.skewed}`),
    ...(s.approximate
      ? [p.dim("  top lists are approximate: merged from each minute's top 50")]
      : []),
  ].join('\n');
}

export interface ReportIo {
  out(s: string): void;
  err(s: string): void;
  /** Where the text goes, to decide on colour as the console does; null: no colour. */
  stream: NodeJS.WritableStream | null;
}

const stdio: ReportIo = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  stream: process.stdout,
};

/** Run the command; the exit code: 0, 1 (the database cannot be read) or 2 (usage). */
export function runReport(argv: string[], io: ReportIo = stdio): number {
  let args;
  try {
    args = parseReportArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`http-console report: ${err.message}\n${REPORT_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    io.out(REPORT_USAGE);
    return 0;
  }
  if ('purge' in args) return runPurge(args, io);
  const open = openHistoryReader(args.db);
  if (!open.ok) {
    io.err(`http-console report: ${open.message}\n`);
    return 1;
  }
  try {
    const range = open.history.range(args.range);
    io.out(
      (args.json
        ? JSON.stringify(range.stats)
        : formatRangeReport(range, createPaint(args.json ? null : io.stream))) + '\n',
    );
    return 0;
  } catch (err) {
    io.err(`http-console report: ${failureOf(err, args.db).message}\n`);
    return 1;
  } finally {
    open.history.close();
  }
}

/** `--purge-hosts`: rewrite, compact, and say how many rows changed. */
function runPurge(args: PurgeArgs, io: ReportIo): number {
  const done = purgeHosts(args.db, args.purge);
  if (!done.ok) {
    io.err(`http-console report: ${done.message}\n`);
    return 1;
  }
  const kept = args.purge === 'off' ? 'no hosts' : 'anonymized hosts';
  io.out(`${args.db}: ${done.rows} rows rewritten to ${kept}; the file is compacted\n`);
  return 0;
}
