import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FORMAT_OPTIONS } from '../common/prefs';
import { numberProblem, PREF_RULES, type NumberRule } from '../common/prefs-rules';
import type { FormatOption } from '../common/types';
import { displayUrl, parseBaseUrl } from '../engine/sources/prometheus-api';
import { parseSelector } from '../engine/sources/prometheus-selector';
import { defaultHistoryPath } from '../history/location';
import type { HostsMode } from '../history/types';
import { EXIT } from './exit-status';

const HOSTS_MODES: readonly HostsMode[] = ['off', 'anonymized', 'full'];

import { parseSourceFlags, sourcesLabel, type SourceFlags } from './source-flags';
import { UsageError } from './usage-error';

export { UsageError };

export interface CliOptions {
  command: 'watch' | 'serve' | 'agent';
  /** The log's name: the one `-f` path, else every source flag (messages, the history database). */
  file: string;
  /** `-f`, `--syslog` and `--syslog-allow`, checked. */
  sources: SourceFlags;
  threshold: number;
  window: number;
  interval: number;
  format: FormatOption;
  fromStart: boolean;
  follow: boolean;
  /** Seconds a rotated-away file is drained after its last write. */
  rotatedIdle: number;
  json: boolean;
  host: string;
  port: number;
  token: string | null;
  tokenFile: string | null;
  /** The history database: console only with --db; serve by default (null: --no-db). */
  db: string | null;
  /** The database was named with --db (a database of another log may then be reset). */
  dbExplicit: boolean;
  resetHistory: boolean;
  historyHosts: HostsMode;
  /** agent: client addresses and malformed samples in /api/snapshot (off: left out). */
  exposeHosts: boolean;
  /** Count and show client hosts by their /24, /48 or domain (docs/reference/security.md). */
  anonymizeHosts: boolean;
  /** `--prometheus URL`: watch a fleet instead of a log (`file` is then the URL); null: a log. */
  prometheus: PrometheusOption | null;
}

/** A fleet to watch through Prometheus; `token` is read from `tokenFile` after parsing. */
export interface PrometheusOption {
  url: string;
  selector: string | null;
  tokenFile: string | null;
  token?: string;
}

export type CliRequest =
  { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: CliOptions };

export const HELP = `Usage: http-console [serve|agent] -f FILE [-f FILE ...] [--syslog URL] [options]
       http-console [serve] --prometheus URL [options]

Follow an HTTP access log (common, combined, W3C/IIS or CSV), print a summary
every interval, and alert when the average request rate over the window
exceeds the threshold. \`serve\` shows the same figures as a web dashboard;
\`agent\`, for a fleet, serves only /metrics and /api/snapshot (no page).

Options:
  -f, --filename FILE  log to watch (unless --syslog or --prometheus). Repeatable; a glob
                       ('/var/log/nginx/*.access.log', new matches picked up while running);
                       a .gz file is read, never followed; - reads standard input
      --syslog URL     listen for syslog: udp://HOST:PORT or tcp://HOST:PORT (repeatable;
                       HOST defaults to 127.0.0.1; port 0 picks a free one). TCP loses
                       nothing; UDP drops lines when the receiver falls behind
      --syslog-allow CIDR  accept syslog only from these senders (repeatable; default any
                       sender that can reach the listener). Syslog has no authentication:
                       a listener off loopback warns unless you limit it
  -m, --max N          alert threshold, average req/s over the window (default ${PREF_RULES.threshold.default})
      --window S       alert window in seconds (default ${PREF_RULES.window.default})
      --interval S     summary interval in seconds (default ${PREF_RULES.interval.default})
      --format F       ${FORMAT_OPTIONS.join(', ')} (default ${PREF_RULES.format.default})
      --from-start     read the whole file before following (default off)
      --no-follow      stop at end of file, print the final summary, exit 0 (default off)
      --rotated-idle S keep reading a rotated-away file until idle this long (default 30)
      --json           one JSON object per event per line on stdout (default off)
      --db PATH        keep the history in this SQLite database (console: off unless given;
                       serve: default ${defaultHistoryPath()})
      --no-db          serve without a history database
      --reset-history  start the --db database afresh (also when it belongs to another log)
      --history-hosts M  what the history keeps of client hosts: off, anonymized, full
                       (default anonymized: IPv4 /24, IPv6 /48, names by their domain)
      --anonymize-hosts  count, show and store client hosts only as their IPv4 /24,
                       IPv6 /48 or domain, from the first line on (default off)
  -h, --help           show this help
  -v, --version        show the version

serve and fleet options (instead of -f; not with --from-start, --no-follow, --format, --rotated-idle):
      --prometheus URL  watch a fleet of agents through this Prometheus server
      --prometheus-selector SEL  only the series matching these label matchers,
                       e.g. '{job="web"}' (default: every agent Prometheus scrapes)
      --prometheus-token-file PATH  send the first line of PATH as a Bearer token

agent options:
      --host H         address to bind (default 127.0.0.1; any other requires a token,
                       which agent must be given: it never prints one)
      --port P         port, 0 for any free one (default 8377)
      --token-file PATH  read the access token from the first line of PATH
      --token T        access token, 16+ characters (default: HTTP_CONSOLE_TOKEN, else
                       generated). Off loopback every request needs it; on loopback it
                       guards preference changes only. Every local user can read --token
                       in the process list: prefer --token-file or HTTP_CONSOLE_TOKEN

agent options:
      --expose-hosts   list client addresses and malformed lines in /api/snapshot
                       (default off: counts only; /metrics never has addresses)

http-console report --db PATH --from T --to T [--json] prints the summary of a past
range from a history database; report --db PATH --purge-hosts[=anonymized|off]
rewrites the client hosts it holds (report --help).

Exit status: ${EXIT.ok} ok (also after SIGINT/SIGTERM), ${EXIT.unreadable} the file cannot be read (with
--no-follow) or the server cannot listen, ${EXIT.usage} bad usage, ${EXIT.notALog} the file is not an access log
(with --no-follow: lines were read and none of them parsed).
Signals: SIGINT/SIGTERM print a final summary of what was read since the last one
(with --json: emit it), then exit 0.
Colour only on a terminal, never with NO_COLOR set. --no-follow reads a file of 4 MiB
or more on a second thread; HTTP_CONSOLE_THREADS=1 keeps it to one.
`;

function number(
  flag: string,
  raw: string | undefined,
  fallback: number,
  check: (n: number) => string | null,
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  const problem = raw.trim() === '' || !Number.isFinite(n) ? 'must be a number' : check(n);
  if (problem) throw new UsageError(`${flag}: ${problem}, got '${raw}'`);
  return n;
}

/** A numeric preference's flag: its default and its run range (see docs/reference/preferences.md). */
const pref = (flag: string, raw: string | undefined, rule: NumberRule) =>
  number(flag, raw, rule.default, (n) => numberProblem(rule, n, 'run'));

const OPTIONS = {
  filename: { type: 'string', short: 'f', multiple: true },
  syslog: { type: 'string', multiple: true },
  'syslog-allow': { type: 'string', multiple: true },
  max: { type: 'string', short: 'm' },
  window: { type: 'string' },
  interval: { type: 'string' },
  format: { type: 'string' },
  'from-start': { type: 'boolean' },
  'no-follow': { type: 'boolean' },
  'rotated-idle': { type: 'string' },
  db: { type: 'string' },
  'no-db': { type: 'boolean' },
  'reset-history': { type: 'boolean' },
  'history-hosts': { type: 'string' },
  json: { type: 'boolean' },
  host: { type: 'string' },
  port: { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  'expose-hosts': { type: 'boolean' },
  'anonymize-hosts': { type: 'boolean' },
  prometheus: { type: 'string' },
  'prometheus-selector': { type: 'string' },
  'prometheus-token-file': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/**
 * `-m -5` as `--max=-5`: parseArgs refuses a value that starts with a dash as
 * "ambiguous", and the user should hear what is wrong with the number instead.
 */
function attachNegativeNumbers(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = Object.entries(OPTIONS).find(
      ([long, o]) =>
        o.type === 'string' && (arg === `--${long}` || ('short' in o && arg === `-${o.short}`)),
    )?.[0];
    if (name !== undefined && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

const COMMANDS = ['serve', 'agent'] as const;

/** What the words that are not options say: the subcommand, and more files. */
interface Positionals {
  command: CliOptions['command'];
  /**
   * Every -f value in the order given, each followed by the words right after
   * it: an unquoted glob the shell expanded (`-f /var/log/nginx/*.log`).
   */
  files: string[];
}

/**
 * The subcommand (none is `watch`) and the files that follow -f FILE, from
 * parseArgs' tokens. A word that is neither is an unknown command: a word
 * anywhere else is never taken for a file (a mistyped command would then be
 * waited for as a log that does not exist yet).
 */
function positionalsOf(tokens: readonly { kind: string; name?: string; value?: unknown }[]) {
  const out: Positionals = { command: 'watch', files: [] };
  let afterFile = false;
  let commandSeen = false;
  for (const t of tokens) {
    if (t.kind === 'option') {
      afterFile = t.name === 'filename';
      if (afterFile) out.files.push(String(t.value));
      continue;
    }
    if (t.kind !== 'positional') continue;
    const word = String(t.value);
    const known = COMMANDS.find((c) => c === word);
    if (known !== undefined && !commandSeen) {
      out.command = known;
      commandSeen = true;
      afterFile = false;
    } else if (afterFile) out.files.push(word);
    else {
      throw new UsageError(
        `unknown command '${word}' (the commands are ${COMMANDS.join(' and ')}; a log is given with -f FILE)`,
      );
    }
  }
  return out;
}

/** Flags that read a log, which a fleet has not. */
const LOG_ONLY = ['from-start', 'no-follow', 'format', 'rotated-idle'] as const;

/** `--prometheus URL` and its companions, checked; null without it. */
function prometheusOption(
  v: { [K in keyof typeof OPTIONS]?: string | string[] | boolean },
  command: CliOptions['command'],
): PrometheusOption | null {
  const url = v.prometheus as string | undefined;
  if (url === undefined) {
    for (const flag of ['prometheus-selector', 'prometheus-token-file'] as const)
      if (v[flag] !== undefined)
        throw new UsageError(`--${flag} only applies with --prometheus URL`);
    return null;
  }
  if (command === 'agent')
    throw new UsageError("--prometheus does not apply to 'agent' (an agent reads a log)");
  if (v.filename !== undefined)
    throw new UsageError('-f/--filename and --prometheus: watch a log or a fleet, not both');
  if (v.syslog !== undefined)
    throw new UsageError('--syslog and --prometheus: watch a log or a fleet, not both');
  for (const flag of LOG_ONLY)
    if (v[flag] !== undefined) throw new UsageError(`--${flag} does not apply to --prometheus`);
  const selector = (v['prometheus-selector'] as string | undefined) ?? null;
  const tokenFile = (v['prometheus-token-file'] as string | undefined) ?? null;
  try {
    parseBaseUrl(url);
    parseSelector(selector ?? undefined);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (tokenFile === '') throw new UsageError('--prometheus-token-file: must be a path');
  return { url, selector, tokenFile };
}

/** Parse argv (without node and script). Throws UsageError on anything wrong. */
export function parseCli(argv: string[]): CliRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: attachNegativeNumbers(argv),
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: OPTIONS,
    });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  const { values: v, tokens } = parsed;
  if (v.help) return { kind: 'help' };
  if (v.version) return { kind: 'version' };
  const { command, files } = positionalsOf(tokens);
  if (files.length > 0) v.filename = files;
  const prometheus = prometheusOption(v, command);
  // A fleet is read from Prometheus: no source of this machine's own.
  const sources = prometheus
    ? { files: [], syslog: [], syslogAllow: [] }
    : parseSourceFlags({
        filename: v.filename,
        syslog: v.syslog,
        syslogAllow: v['syslog-allow'],
      });
  const format = (v.format ?? PREF_RULES.format.default) as FormatOption;
  if (!FORMAT_OPTIONS.includes(format)) {
    throw new UsageError(
      `--format: must be one of ${FORMAT_OPTIONS.join(', ')}, got '${v.format}'`,
    );
  }
  if (command === 'watch') {
    for (const flag of ['host', 'port', 'token', 'token-file'] as const) {
      if (v[flag] !== undefined)
        throw new UsageError(`--${flag} only applies to 'serve' and 'agent'`);
    }
  } else if (v['no-follow'] || v.json) {
    throw new UsageError(`--${v.json ? 'json' : 'no-follow'} does not apply to '${command}'`);
  }
  if (v['expose-hosts'] && command !== 'agent')
    throw new UsageError("--expose-hosts only applies to 'agent'");
  const port = number('--port', v.port, 8377, (n) =>
    Number.isInteger(n) && n >= 0 && n <= 65535 ? null : 'must be a port number from 0 to 65535',
  );
  if (v.token !== undefined && v['token-file'] !== undefined)
    throw new UsageError('--token and --token-file: give the token one way only');
  if (v.db !== undefined && v['no-db']) throw new UsageError('--db and --no-db: choose one');
  if (v.db === '') throw new UsageError('--db: must be a path');
  if (v['reset-history'] && v.db === undefined)
    throw new UsageError('--reset-history: name the database to reset with --db PATH');
  const historyHosts = (v['history-hosts'] ?? 'anonymized') as HostsMode;
  if (!HOSTS_MODES.includes(historyHosts))
    throw new UsageError(
      `--history-hosts: must be one of ${HOSTS_MODES.join(', ')}, got '${v['history-hosts']}'`,
    );
  const db =
    v.db !== undefined
      ? resolve(v.db)
      : command === 'serve' && !v['no-db']
        ? defaultHistoryPath()
        : null;
  return {
    kind: 'run',
    options: {
      command,
      file: prometheus ? displayUrl(parseBaseUrl(prometheus.url)) : sourcesLabel(sources),
      sources,
      threshold: pref('-m/--max', v.max, PREF_RULES.threshold),
      window: pref('--window', v.window, PREF_RULES.window),
      interval: pref('--interval', v.interval, PREF_RULES.interval),
      format,
      fromStart: v['from-start'] ?? false,
      follow: !(v['no-follow'] ?? false),
      rotatedIdle: number('--rotated-idle', v['rotated-idle'], 30, (n) =>
        n >= 0 && n <= 86_400 ? null : 'must be from 0 to 86400 seconds',
      ),
      json: v.json ?? false,
      host: v.host ?? '127.0.0.1',
      port,
      token: v.token ?? null,
      tokenFile: v['token-file'] ?? null,
      db,
      dbExplicit: v.db !== undefined,
      resetHistory: v['reset-history'] ?? false,
      historyHosts,
      exposeHosts: v['expose-hosts'] ?? false,
      anonymizeHosts: v['anonymize-hosts'] ?? false,
      prometheus,
    },
  };
}
