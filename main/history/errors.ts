/**
 * One home for what a failure of the history database means to the user:
 * SQLite result codes and file-system errors mapped to a code and a message
 * that names the file and says what happens next.
 */
import type { HistoryErrorCode, HistoryFailure } from './types';

/** Thrown inside openHistory to stop with a failure already worded. */
export class HistoryError extends Error {
  constructor(readonly failure: HistoryFailure) {
    super(failure.message);
  }
}

// SQLite primary result codes (https://www.sqlite.org/rescode.html).
const SQLITE_CODES: Record<number, HistoryErrorCode> = {
  5: 'locked', // SQLITE_BUSY
  6: 'locked', // SQLITE_LOCKED
  8: 'read-only', // SQLITE_READONLY
  11: 'corrupt', // SQLITE_CORRUPT
  14: 'read-only', // SQLITE_CANTOPEN: the file or its folder cannot be opened for writing
  26: 'corrupt', // SQLITE_NOTADB
};
const FS_CODES: Record<string, HistoryErrorCode> = {
  EACCES: 'read-only',
  EPERM: 'read-only',
  EROFS: 'read-only',
};

/** What is wrong, and what the user can do. */
const WORDS: Record<HistoryErrorCode, [string, string]> = {
  corrupt: [
    'is damaged or not a SQLite database',
    'it was left as it is: move it away or choose another --db',
  ],
  locked: ['is in use by another process', 'stop the other monitor or choose another --db'],
  'read-only': [
    'cannot be written (read-only disk or folder, or not yours)',
    'choose another --db',
  ],
  'newer-schema': ['was written by a newer http-console', 'upgrade, or choose another --db'],
  'older-schema': [
    'was written by an older http-console',
    'record into it once with --db to upgrade it',
  ],
  'other-source': [
    'belongs to another log source',
    'choose another --db, or name this one with --db and add --reset-history to start it afresh',
  ],
  other: ['cannot be used', 'choose another --db'],
};

/** A failure worded for `path`; `detail` is the underlying reason. */
export function failure(code: HistoryErrorCode, path: string, detail?: string): HistoryFailure {
  const [what, advice] = WORDS[code];
  const why = detail ? ` (${detail})` : '';
  return { code, message: `history database ${path} ${what}${why}; ${advice}` };
}

/** The code of a thrown SQLite or file-system error. */
export function codeOf(err: unknown): HistoryErrorCode {
  const e = err as { errcode?: number; code?: string };
  if (typeof e.errcode === 'number') return SQLITE_CODES[e.errcode & 0xff] ?? 'other';
  return (e.code !== undefined && FS_CODES[e.code]) || 'other';
}

/** A failure for a thrown error, with its own message as the detail. */
export function failureOf(err: unknown, path: string): HistoryFailure {
  if (err instanceof HistoryError) return err.failure;
  const e = err as { errstr?: string; message?: string };
  return failure(codeOf(err), path, e.errstr ?? e.message ?? String(err));
}
