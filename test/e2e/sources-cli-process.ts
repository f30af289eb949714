/**
 * The built CLI as a long-running child for the several-sources tests: its
 * --json objects as they come, a wait for a condition on them (never a fixed
 * sleep), and an end by signal that returns the exit status.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import type { Stats, SummaryEvent } from '../../main/common/types';
import { CLI } from '../cli/fixtures/cli';
import { run, waitFor } from '../sources/fixtures/source-helpers';

/** A running `http-console ... --json`. */
export interface CliProcess {
  child: ChildProcess;
  /** Every JSON object printed so far. */
  events(): Record<string, unknown>[];
  /** The last summary's `total`, or null before the first. */
  total(): Stats | null;
  stderr(): string;
  /** Waits until `ready(total)` holds for the last summary (generous deadline). */
  waitForTotal(what: string, ready: (total: Stats) => boolean): Promise<void>;
  /** Sends `signal` (default SIGINT) and resolves with the exit status. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit status once the process ends by itself. */
  readonly exited: Promise<number | null>;
}

/** Starts the CLI with `args` (add --json yourself); stdin is a pipe the test may write. */
export function startCli(args: string[]): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const events: Record<string, unknown>[] = [];
  let partial = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line));
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const total = () =>
    (events.findLast((e) => e.type === 'summary') as SummaryEvent | undefined)?.total ?? null;
  return {
    child,
    events: () => events,
    total,
    stderr: () => stderr,
    exited,
    async waitForTotal(what, ready) {
      await waitFor(
        what,
        () => {
          const t = total();
          return t !== null && ready(t);
        },
        () => `(last total ${JSON.stringify(total()?.sources ?? total()?.hits)}; stderr ${stderr})`,
        60_000,
      );
    },
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** `{key: hits}` of a top list, for comparing two counts regardless of order. */
export function tally<T>(rows: readonly T[], key: (r: T) => string, hits: (r: T) => number) {
  return Object.fromEntries(rows.map((r) => [key(r), hits(r)]).sort());
}

/** util-linux logger, which the tests use as a TCP syslog sender (RFC 5424, octet counting). */
export const LOGGER = '/usr/bin/logger';

/** Sends each line of `file` to a TCP listener on loopback `port` as `HOSTNAME/tag`, with logger. */
export async function sendOverTcp(port: number, tag: string, file: string): Promise<void> {
  await run(LOGGER, [
    '-T',
    '--octet-count',
    '--rfc5424',
    '-n',
    '127.0.0.1',
    '-P',
    String(port),
    '-t',
    tag,
    '-f',
    file,
  ]);
}

/** Whether a loopback TCP port accepts a connection (nothing is sent): its listener is up. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
