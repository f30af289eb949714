/**
 * The source flags of the command line: `-f` (repeatable: paths, globs, `-`
 * for standard input), `--syslog URL` and `--syslog-allow CIDR` (both
 * repeatable). Checks them before anything opens or binds, and turns them
 * into the engine's sources. See docs/reference/command-line.md and
 * docs/reference/sources.md.
 */
import type { SourceSpec } from '../engine/api';
import { parseCidr } from '../engine/sources/cidr';
import { isGlob } from '../engine/sources/glob';
import { parseSyslogUrl } from '../engine/sources/syslog-url';
import { UsageError } from './usage-error';

/** What the source flags asked for, checked. */
export interface SourceFlags {
  /** `-f` values in the order given: paths, globs, `-` (standard input). */
  files: string[];
  /** `--syslog` URLs in the order given. */
  syslog: string[];
  /** `--syslog-allow` ranges, for every listener. */
  syslogAllow: string[];
}

/** `-f -`: standard input. */
export const STDIN = '-';

/** A checker that throws Error naming the value: its message becomes the usage error. */
function usage<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Checks the raw values of `-f`, `--syslog` and `--syslog-allow`; throws UsageError naming the bad one. */
export function parseSourceFlags(raw: {
  filename?: string[] | undefined;
  syslog?: string[] | undefined;
  syslogAllow?: string[] | undefined;
}): SourceFlags {
  const files = raw.filename ?? [];
  const syslog = raw.syslog ?? [];
  const syslogAllow = raw.syslogAllow ?? [];
  if (files.length === 0 && syslog.length === 0)
    throw new UsageError('-f/--filename FILE (or --syslog URL, or --prometheus URL) is required');
  if (files.includes('')) throw new UsageError('-f/--filename: must be a path, got an empty value');
  if (files.filter((f) => f === STDIN).length > 1)
    throw new UsageError('-f -: standard input can be read only once');
  for (const url of syslog) usage(() => parseSyslogUrl(url));
  for (const range of syslogAllow) usage(() => parseCidr(range));
  if (syslogAllow.length > 0 && syslog.length === 0)
    throw new UsageError('--syslog-allow: applies to a --syslog listener, and none was given');
  return { files, syslog, syslogAllow };
}

/** One plain file: the engine's single-file path, exactly as before several sources existed. */
function isOnePlainFile(f: SourceFlags): boolean {
  const [only] = f.files;
  return (
    f.syslog.length === 0 &&
    f.files.length === 1 &&
    only !== STDIN &&
    !isGlob(only!) &&
    !only!.endsWith('.gz')
  );
}

/**
 * Whether the run reads several sources (or may: a glob, syslog senders).
 * Then the output carries the `sources` breakdown; one plain file's output
 * stays as it always was.
 */
export const severalSources = (f: SourceFlags): boolean => !isOnePlainFile(f);

/** The name of the run's log: the one path, else every source flag (history and messages). */
export function sourcesLabel(f: SourceFlags): string {
  return [...f.files.map((p) => (p === STDIN ? 'stdin' : p)), ...f.syslog].join(', ');
}

/** The engine's `sources`, or undefined for one plain file (the single-file engine). */
export function sourceSpecs(
  f: SourceFlags,
  stdin?: NodeJS.ReadableStream,
): SourceSpec[] | undefined {
  if (isOnePlainFile(f) || (f.files.length === 0 && f.syslog.length === 0)) return undefined;
  return [
    ...f.files.map((path): SourceSpec =>
      path === STDIN
        ? { kind: 'stdin', ...(stdin ? { stream: stdin } : {}) }
        : { kind: 'file', path },
    ),
    ...f.syslog.map((url): SourceSpec => ({
      kind: 'syslog',
      url,
      ...(f.syslogAllow.length > 0 ? { allow: f.syslogAllow } : {}),
    })),
  ];
}

/**
 * Whether a UDP syslog listener is asked for: only then is there a drop count
 * to report (reading it takes a snapshot, at every summary).
 */
export const listensOnUdp = (f: SourceFlags): boolean =>
  f.syslog.some((url) => parseSyslogUrl(url).protocol === 'udp');
