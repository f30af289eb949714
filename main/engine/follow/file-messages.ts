/**
 * The follower's file states: a stable code for scripts and a message for
 * people, which names the path so a user with several logs knows which one.
 * The codes are listed in docs/reference/following.md.
 */
import type { Stats } from 'node:fs';
import type { FileCode, FileState } from '../../common/types';

/** One reported file state. */
export interface FileStatus {
  state: FileState;
  code: FileCode;
  message: string;
}

/** Error codes that mean "the file is not there (yet)": the follower waits. */
const MISSING = new Set(['ENOENT', 'ENOTDIR']);

/** True when an fs error means the path does not exist. */
export function isMissing(err: unknown): boolean {
  return MISSING.has(errorCode(err));
}

function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
}

/** Following `path`, reading lines as they are written. */
export function followingStatus(path: string): FileStatus {
  return { state: 'following', code: 'following', message: `reading new lines of ${path}` };
}

/** Following, but no line read so far is in a known format. */
export function formatUnknownStatus(path: string): FileStatus {
  return {
    state: 'following',
    code: 'format-unknown',
    message: `${path}: format not recognised (common, combined, w3c or csv); its lines are counted as malformed`,
  };
}

/**
 * Why `path` could not be stat'ed, opened or read. `dirMissing`: the
 * directory that should hold it does not exist either (known to the caller).
 */
export function fsErrorStatus(path: string, err: unknown, dirMissing = false): FileStatus {
  const code = errorCode(err);
  if (MISSING.has(code)) {
    return dirMissing
      ? {
          state: 'waiting',
          code: 'waiting-dir-missing',
          message: `${path} does not exist, nor does its directory; waiting for them to appear`,
        }
      : {
          state: 'waiting',
          code: 'waiting-missing',
          message: `${path} does not exist; waiting for it to appear`,
        };
  }
  return { state: 'error', ...describeError(path, code, err) };
}

function describeError(path: string, code: string, err: unknown) {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return {
        code: 'error-permission' as const,
        message: `${path} cannot be read: permission denied`,
      };
    case 'EISDIR':
      return {
        code: 'error-directory' as const,
        message: `${path} cannot be read: it is a directory, not a file`,
      };
    default: {
      const reason = err instanceof Error ? err.message : String(err);
      return { code: 'error-io' as const, message: `${path} cannot be read: ${reason}` };
    }
  }
}

/** The message of fsErrorStatus, for an error thrown at a caller (batch runs). */
export function describeFsError(path: string, err: unknown): string {
  return fsErrorStatus(path, err).message.replace(/; waiting for .*$/, '');
}

/** Why a path that exists is refused (only regular files are followed). */
export function notRegularStatus(path: string, st: Stats): FileStatus {
  const [code, kind]: [FileCode, string] = st.isDirectory()
    ? ['error-directory', 'a directory']
    : st.isFIFO()
      ? ['error-fifo', 'a FIFO (named pipe)']
      : st.isCharacterDevice() || st.isBlockDevice()
        ? ['error-device', 'a device']
        : st.isSocket()
          ? ['error-socket', 'a socket']
          : ['error-not-regular', 'not a regular file'];
  return {
    state: 'error',
    code,
    message: `${path} cannot be followed: it is ${kind}, not a regular file`,
  };
}

/** The message of notRegularStatus. */
export function describeNotRegular(path: string, st: Stats): string {
  return notRegularStatus(path, st).message;
}

/** A new file is at the path (rename and create, delete and create, moved into place). */
export function rotatedStatus(path: string): FileStatus {
  return {
    state: 'rotated',
    code: 'rotated-rename',
    message: `${path} was replaced by a new file (rotated); reading the new file from its start`,
  };
}

/** A file read before is back at the path: reading resumes where it stopped. */
export function resumedStatus(path: string, offset: number): FileStatus {
  return {
    state: 'rotated',
    code: 'rotated-resumed',
    message: `${path} is again a file read before; resuming at byte ${offset}`,
  };
}

/** The file shrank or was rewritten in place (copy-and-truncate). */
export function truncatedStatus(path: string): FileStatus {
  return {
    state: 'truncated',
    code: 'truncated',
    message: `${path} was truncated; reading it again from its start`,
  };
}
