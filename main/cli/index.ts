/**
 * `http-console`: the console front-end. Plain Node, no display.
 * See docs/reference/command-line.md and docs/reference/json-events.md.
 */
import { readFileSync } from 'node:fs';
import type { Stats } from '../common/types';
import { agentToken, runAgent, type AgentToken } from './agent';
import { HELP, parseCli, UsageError, type CliOptions } from './args';
import { createConsolePrinter } from './console-printer';
import { EXIT } from './exit-status';
import { engineMaker } from './fleet';
import { createPaint } from './human';
import type { HistorySink } from '../engine/api';
import { historyOptions } from '../engine/monitor';
import { runReport } from '../history/report';
import { withPrometheusToken } from './prometheus-token';
import { openRunHistory } from './run-history';
import { runServe } from './serve';
import { onStopSignal } from './signals';
import { listensOnUdp, severalSources, sourceSpecs } from './source-flags';
import { lastKnownDrops } from './udp-drops-report';
import { resolveToken } from './token';

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

const FORMAT_NAMES = 'common, combined, W3C or CSV';

/** A batch run that read lines and parsed none of them read something that is not a log. */
function notALog(total: Stats, options: CliOptions): string | null {
  if (total.hits > 0 || total.malformed === 0) return null;
  const format = options.format === 'auto' ? FORMAT_NAMES : options.format;
  const which =
    total.malformed === 1 ? 'its only line cannot' : `none of its ${total.malformed} lines can`;
  return `${options.file} is not an access log: ${which} be read as ${format}`;
}

async function runWatch(options: CliOptions): Promise<number> {
  const sink = openRunHistory(options);
  try {
    return await watch(options, sink);
  } finally {
    sink?.close();
  }
}

async function watch(options: CliOptions, sink: HistorySink | null): Promise<number> {
  const write = (s: string) => process.stdout.write(s + '\n');
  const sources = sourceSpecs(options.sources, process.stdin);
  const engine = engineMaker(options.prometheus)({
    ...historyOptions(sink, options.follow && !options.fromStart),
    file: options.file,
    ...(sources ? { sources } : {}),
    // A listener bound beyond loopback says, once, that anyone who reaches it can add lines.
    warn: (message) => process.stderr.write(`http-console: ${message}\n`),
    threshold: options.threshold,
    window: options.window,
    interval: options.interval,
    format: options.format,
    fromStart: options.fromStart,
    follow: options.follow,
    rotatedIdleMs: options.rotatedIdle * 1000,
    anonymizeHosts: options.anonymizeHosts,
    ...(process.env.HTTP_CONSOLE_THREADS === '1' ? { batchWorkerMinBytes: Infinity } : {}),
  });
  const printer = createConsolePrinter({
    json: options.json,
    follow: options.follow,
    threshold: () => options.threshold,
    paint: createPaint(options.json ? null : process.stdout),
    write,
    severalSources: severalSources(options.sources),
    ...(listensOnUdp(options.sources)
      ? { udpDrops: lastKnownDrops(() => engine.snapshot().inputs) }
      : {}),
  });
  const unsubscribe = engine.onAny(printer.event);
  if (sink) {
    const settings = {
      file: options.file,
      threshold: options.threshold,
      window: options.window,
      interval: options.interval,
      format: options.format,
    };
    engine.onAny((e) => {
      if (e.type === 'alert' || e.type === 'recovery') sink.recordAlert(e, settings);
    });
  }
  try {
    await engine.start();
  } catch (err) {
    // A run that could not start has nothing to summarise: stop printing first.
    unsubscribe();
    process.stderr.write(`http-console: ${(err as Error).message}\n`);
    await engine.dispose();
    return EXIT.unreadable;
  }
  const signal = onStopSignal({ reopen: () => void engine.reopen() });
  try {
    // A batch run ends at the end of its files; following, only a signal ends it, or the end
    // of standard input when that is all it reads (a piping parent that exited).
    await Promise.race([signal.stopped, engine.finished]);
  } catch (err) {
    unsubscribe();
    signal.dispose();
    process.stderr.write(`http-console: ${(err as Error).message}\n`);
    await engine.dispose();
    return EXIT.unreadable;
  }
  signal.dispose();
  await engine.stop();
  await engine.dispose();
  const total = printer.last?.total;
  const problem = !options.follow && total ? notALog(total, options) : null;
  if (problem !== null) {
    process.stderr.write(`http-console: ${problem}\n`);
    return EXIT.notALog;
  }
  printer.report();
  return EXIT.ok;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'report') return runReport(argv.slice(1));
  let request;
  let agent: AgentToken | null = null;
  try {
    request = parseCli(argv);
    if (request.kind === 'run' && request.options.prometheus)
      request.options.prometheus = withPrometheusToken(request.options.prometheus, (m) =>
        process.stderr.write(`http-console: ${m}\n`),
      );
    if (request.kind === 'run' && request.options.command === 'agent')
      agent = agentToken(request.options, process.env, (p) => readFileSync(p, 'utf8'));
    if (request.kind === 'run' && request.options.command === 'serve') {
      const token = resolveToken(request.options, process.env, (p) => readFileSync(p, 'utf8'));
      request.options.token = token;
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`http-console: ${err.message}\nTry 'http-console --help'.\n`);
    return EXIT.usage;
  }
  if (request.kind === 'help') {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  if (request.kind === 'version') {
    process.stdout.write(`http-console ${VERSION}\n`);
    return EXIT.ok;
  }
  if (agent) return runAgent(request.options, agent);
  return request.options.command === 'serve'
    ? runServe(request.options)
    : runWatch(request.options);
}

/** Exit once everything written to stdout and stderr has been flushed. */
function exitAfterFlush(code: number): void {
  // A pipe reader that is slower than we are leaves writes queued in the stream;
  // process.exit() would drop them and cut the --json output short. A write's
  // callback runs after every earlier write has been handed to the OS.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main(process.argv.slice(2)).then(
  // Every watcher and timer is disposed by now; exit explicitly so a stray handle cannot hang a script.
  exitAfterFlush,
  (err) => {
    process.stderr.write(
      `http-console: unexpected error: ${(err as Error).stack ?? String(err)}\n`,
    );
    exitAfterFlush(EXIT.internal);
  },
);
