/**
 * A gzip-compressed log (a rotated `access.log.2.gz`) as a finite line
 * source. Such a file no longer grows, so it is read once, never followed.
 * Damage (truncation, corruption, a file that is not gzip) is an error state
 * naming the file; the lines before the damage were delivered and count.
 * See docs/reference/sources.md.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { readLines } from './stream-lines';
import type { LineSource, SourceSinks } from './types';

export interface GzipSourceOptions {
  sinks: SourceSinks;
  /** Wall clock for batch times. */
  now?: () => number;
}

/** Whether a path names a compressed file to read rather than follow. */
export const isGzipPath = (path: string): boolean => path.endsWith('.gz');

/** Why zlib gave up, in a user's words. */
function describe(err: NodeJS.ErrnoException): string {
  if (err.code === 'Z_DATA_ERROR') return `not gzip data or corrupt (${err.message})`;
  if (err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message)) return 'truncated';
  return err.message;
}

/** A source over one .gz file: opened by `start` (which rejects naming the file), read to its end. */
export function createGzipSource(path: string, options: GzipSourceOptions): LineSource {
  const { sinks, now = Date.now } = options;
  let started = false;
  let reading: Readable | null = null;
  let disposed = false;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));

  async function run(file: FileHandle): Promise<void> {
    let count = 0;
    const counting: SourceSinks = {
      ...sinks,
      lines: (batch) => {
        count += batch.lines.length;
        sinks.lines(batch);
      },
    };
    try {
      const raw = file.createReadStream({ autoClose: false });
      const gunzip = createGunzip();
      raw.on('error', (err) => gunzip.destroy(err)); // pipe() does not pass read errors on
      reading = raw.pipe(gunzip);
      await readLines(gunzip, path, counting, now);
      sinks.state({ source: path, state: 'ended', code: 'eof', message: `read ${count} lines` });
    } catch (err) {
      if (!disposed) {
        const why = describe(err as NodeJS.ErrnoException);
        const message = `${path}: gzip ${why}; the ${count} lines before the damage were read`;
        sinks.state({ source: path, state: 'error', code: 'gzip-damaged', message });
      }
    } finally {
      await file.close().catch(() => {});
      finish();
    }
  }

  return {
    done,
    async start() {
      if (started || disposed) return;
      started = true;
      let handle: FileHandle;
      try {
        handle = await open(path, 'r');
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        finish(); // nothing will be read
        throw new Error(`cannot read ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
      }
      sinks.state({
        source: path,
        state: 'following',
        code: 'reading',
        message: `reading ${path}`,
      });
      void run(handle);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      if (!started) finish();
      reading?.destroy();
      await done;
    },
  };
}
