/**
 * Opening a log without ever blocking: open(2) of a FIFO for reading waits
 * for a writer and then takes the writer's data. Every open on the way to
 * following goes through here: the path is stat'ed first (a FIFO is never
 * opened at all), and the open itself is non-blocking in case the path was
 * replaced by a FIFO in between; then anything but a regular file is refused.
 */
import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { notRegularStatus, type FileStatus } from './file-messages';

/** A path that exists but is not a regular file; `status` says what it is. */
export class NotRegularFileError extends Error {
  constructor(readonly status: FileStatus) {
    super(status.message);
  }
}

/** Throws NotRegularFileError unless `st` is a regular file. */
export function assertRegular(path: string, st: Stats): void {
  if (!st.isFile()) throw new NotRegularFileError(notRegularStatus(path, st));
}

/** O_NONBLOCK has no effect on a regular file; it only keeps open(2) of a FIFO from waiting. */
const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Opens a regular file for reading; fs errors and NotRegularFileError reject. */
export async function openRegular(path: string): Promise<FileHandle> {
  assertRegular(path, await stat(path));
  const fh = await open(path, FLAGS);
  try {
    assertRegular(path, await fh.stat());
    return fh;
  } catch (err) {
    await fh.close().catch(() => undefined);
    throw err;
  }
}
