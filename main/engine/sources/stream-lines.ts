/**
 * Reads a finite byte stream (standard input, a decompressed .gz) into line
 * batches with the same line rules as followed files: `\n` endings, one
 * trailing `\r` dropped, invalid UTF-8 replaced, lines over 64 KiB reported as
 * malformed. One batch per chunk read. See docs/reference/sources.md.
 */
import { createLineSplitter } from '../follow/line-splitter';
import type { LineBatch } from '../follow/line-splitter';
import { MAX_FRAME_BYTES, type SourceSinks } from './types';

/**
 * Delivers every line of `chunks` as batches of `source` and returns how many.
 * A read error is rethrown after the complete lines before it were delivered.
 */
export async function readLines(
  chunks: AsyncIterable<Buffer | string>,
  source: string,
  sinks: SourceSinks,
  now: () => number,
): Promise<number> {
  const splitter = createLineSplitter({ maxLineBytes: MAX_FRAME_BYTES });
  let count = 0;
  const deliver = (batch: LineBatch) => {
    for (const head of batch.overlong) {
      sinks.malformed(source, head, `line longer than ${MAX_FRAME_BYTES} bytes`);
    }
    if (batch.lines.length === 0) return;
    count += batch.lines.length;
    sinks.lines({ source, lines: batch.lines, at: now() });
  };
  for await (const chunk of chunks) {
    deliver(splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  }
  // Reached only at a clean end: after a read error the unterminated tail is damage, not a line.
  deliver(splitter.flush());
  return count;
}
