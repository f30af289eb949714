/**
 * The contract between a source of log lines (a file pattern, standard input,
 * a .gz file, a syslog listener) and the monitor that consumes it. A source
 * only reads and frames; parsing and counting are the monitor's.
 * See docs/reference/sources.md.
 */

/** Lines from one named source; `source` is a file path, 'stdin', or 'HOST/TAG' for syslog. */
export interface SourceBatch {
  source: string;
  lines: string[];
  /** Wall ms when read. */
  at: number;
}

/** A change in a source's condition, reported like a file's state. */
export interface SourceState {
  source: string;
  state: 'following' | 'waiting' | 'error' | 'rotated' | 'truncated' | 'ended';
  /** Stable, machine-readable. */
  code: string;
  message: string;
}

/** One running source. */
export interface LineSource {
  /** Binds or opens; rejects with a clear Error naming the problem. */
  start(): Promise<void>;
  /** Idempotent; releases sockets and handles. */
  dispose(): Promise<void>;
  /** Resolves at EOF for finite sources (stdin, .gz), never for listeners. */
  readonly done: Promise<void>;
}

/** Where a source delivers what it read. */
export interface SourceSinks {
  lines(batch: SourceBatch): void;
  /** A frame or line that could not be taken as a log line (counted like a malformed line). */
  malformed(source: string, text: string, reason: string): void;
  state(s: SourceState): void;
}

/** Longest accepted line or syslog frame, in bytes. */
export const MAX_FRAME_BYTES = 65536;

/** Characters of a bad frame kept as its sample. */
export const SAMPLE_CHARS = 200;

/** The first SAMPLE_CHARS characters of a bad frame or line. */
export function sample(text: string): string {
  return text.length <= SAMPLE_CHARS ? text : text.slice(0, SAMPLE_CHARS);
}
