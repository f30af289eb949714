/**
 * The condition of each source of a monitor, and the one picture a front-end
 * shows for all of them (docs/reference/sources.md): the worst state first,
 * so a missing file or a dead listener is not hidden by the sources that work.
 */
import type { FileCode, FileState, InputKind, InputStatus } from '../common/types';
import type { FileStatus } from './follow/file-messages';
import type { SourceState } from './sources/types';

/** One source's state as the engine keeps it. */
export interface InputEntry {
  source: string;
  kind: InputKind;
  state: FileState;
  /** Its own stable code (a FileCode for files; `syslog-listening`, `eof`, … for others). */
  code: string;
  message: string;
  /** The source's end (standard input at EOF): it no longer decides the combined state. */
  ended: boolean;
}

/** Worst first. */
const RANK: Record<FileState, number> = {
  error: 0,
  waiting: 1,
  truncated: 2,
  rotated: 3,
  following: 4,
};

/** The FileCode that stands for a source's own code in the combined picture and in file events. */
export function asFileCode(entry: Pick<InputEntry, 'kind' | 'state' | 'code'>): FileCode {
  if (entry.kind === 'file') return entry.code as FileCode;
  switch (entry.state) {
    case 'error':
      return 'error-io';
    case 'waiting':
      return 'waiting-missing';
    case 'rotated':
      return 'rotated-rename';
    case 'truncated':
      return 'truncated';
    default:
      return 'following';
  }
}

/** A source's reported state as an entry's fields; `ended` (EOF) shows as waiting, code `eof`. */
export function fromSourceState(
  s: SourceState,
): Pick<InputEntry, 'state' | 'code' | 'message' | 'ended'> {
  if (s.state === 'ended')
    return { state: 'waiting', code: s.code, message: s.message, ended: true };
  return { state: s.state, code: s.code, message: s.message, ended: false };
}

/**
 * The combined picture of several sources: the worst state among those that
 * have not ended (all of them when every one has), its code and message.
 */
export function combinedStatus(entries: readonly InputEntry[]): FileStatus {
  const open = entries.filter((e) => !e.ended);
  let worst: InputEntry | undefined;
  for (const e of open.length > 0 ? open : entries) {
    if (worst === undefined || RANK[e.state] < RANK[worst.state]) worst = e;
  }
  if (worst === undefined) return { state: 'waiting', code: 'starting', message: 'not started' };
  return { state: worst.state, code: asFileCode(worst), message: worst.message };
}

/** The snapshot row of an entry. */
export function inputStatus(e: InputEntry, format: InputStatus['format']): InputStatus {
  return {
    source: e.source,
    kind: e.kind,
    state: e.state,
    code: e.code,
    message: e.message,
    format,
  };
}
