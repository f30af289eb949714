/**
 * `http-console`: the console front-end (SPEC section 8). Plain Node, no display.
 */
import { createEngine } from '../engine/engine';
import type { EngineEvent } from '../common/types';
import { HELP, parseCli, UsageError, type CliOptions } from './args';
import {
  createPaint,
  formatAlert,
  formatFile,
  formatMalformed,
  formatReport,
  formatSummary,
  wantsColor,
} from './human';
import { runReport } from '../history/report';
import { runServe } from './serve';
import { untilSignal } from './signals';

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

/** Print every event except per-second chart points, as text or JSON lines. */
function printer(options: CliOptions, write: (s: string) => void) {
  const paint = createPaint(!options.json && wantsColor(process.stdout, process.env));
  return (e: EngineEvent) => {
    if (e.type === 'second') return;
    if (options.json) return write(JSON.stringify(e));
    switch (e.type) {
      case 'summary':
        return write(formatSummary(e, options.threshold, paint));
      case 'alert':
      case 'recovery':
        return write(formatAlert(e, paint));
      case 'file':
        // A batch report reads a file once: "following" would mislead.
        if (!options.follow && e.state === 'following') return;
        return write(formatFile(e, paint));
      case 'malformed':
        return write(formatMalformed(e, paint));
    }
  };
}

async function runWatch(options: CliOptions): Promise<number> {
  const write = (s: string) => process.stdout.write(s + '\n');
  const engine = createEngine({
    file: options.file,
    threshold: options.threshold,
    window: options.window,
    interval: options.interval,
    format: options.format,
    fromStart: options.fromStart,
    follow: options.follow,
    ...(process.env.HTTP_CONSOLE_THREADS === '1' ? { batchWorkerMinBytes: Infinity } : {}),
  });
  const print = printer(options, write);
  let last: EngineEvent | null = null;
  engine.onAny((e) => {
    // A human batch report shows the whole file once at the end, not every interval;
    // --json streams every event, the whole-file summary last.
    if (!options.follow && !options.json && e.type === 'summary') last = e;
    else print(e);
  });
  try {
    await engine.start();
  } catch (err) {
    process.stderr.write(`http-console: ${(err as Error).message}\n`);
    await engine.dispose();
    return 1;
  }
  if (!options.follow) {
    await engine.finished;
    await engine.dispose();
    const final = last as EngineEvent | null;
    if (final?.type === 'summary')
      write(formatReport(final, createPaint(wantsColor(process.stdout, process.env))));
    return 0;
  }
  await untilSignal();
  await engine.dispose();
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'report') return runReport(argv.slice(1));
  let request;
  try {
    request = parseCli(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`http-console: ${err.message}\nTry 'http-console --help'.\n`);
    return 2;
  }
  if (request.kind === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (request.kind === 'version') {
    process.stdout.write(`http-console ${VERSION}\n`);
    return 0;
  }
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
    exitAfterFlush(70);
  },
);
