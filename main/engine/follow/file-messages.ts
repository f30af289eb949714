/**
 * Human-readable reasons for the follower's `waiting` and `error` states.
 * Every message names the path, so a user with several logs knows which one.
 */
import type { Stats } from 'node:fs';

/** Error codes that mean "the file is not there (yet)": the follower waits. */
const MISSING = new Set(['ENOENT', 'ENOTDIR']);

/** True when an fs error means the path does not exist. */
export function isMissing(err: unknown): boolean {
  return MISSING.has(errorCode(err));
}

function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
}

/** Why `path` could not be stat'ed, opened or read. `waiting`: the caller will wait for a missing file. */
export function describeFsError(path: string, err: unknown, waiting = false): string {
  const code = errorCode(err);
  const wait = waiting ? '; waiting for it to appear' : '';
  switch (code) {
    case 'ENOENT':
      return `${path} does not exist${wait}`;
    case 'ENOTDIR':
      return `${path} does not exist (a parent is not a directory)${wait}`;
    case 'EACCES':
    case 'EPERM':
      return `${path} cannot be read: permission denied`;
    case 'EISDIR':
      return `${path} cannot be read: it is a directory, not a file`;
    default: {
      const reason = err instanceof Error ? err.message : String(err);
      return `${path} cannot be read: ${reason}`;
    }
  }
}

/** Why a path that exists is refused (only regular files are followed). */
export function describeNotRegular(path: string, st: Stats): string {
  const kind = st.isDirectory()
    ? 'a directory'
    : st.isFIFO()
      ? 'a FIFO (named pipe)'
      : st.isCharacterDevice() || st.isBlockDevice()
        ? 'a device'
        : st.isSocket()
          ? 'a socket'
          : 'not a regular file';
  return `${path} cannot be followed: it is ${kind}, not a regular file`;
}
