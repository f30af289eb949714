/**
 * A batch over several plain files, read as one time line (see
 * docs/reference/sources.md, "Several files in a batch"). Log time drives a
 * batch's clock, and a line more than the window older than the newest one
 * read is late: read one after another, the second of two virtual hosts'
 * logs for the same day was all late, and the combined alert saw one file.
 *
 * Each file is read in blocks; a parser of its own format (detected as the
 * monitor does, from its first lines that parse) gives each line's time, a
 * line without one keeping the time of the line before it. The file whose
 * next line is oldest goes next, a run of lines at a time, up to the next
 * line of any other file. Files that follow each other in time (a rotated
 * set) are then read one after another, as before.
 */
import type { FileHandle } from 'node:fs/promises';
import type { FormatOption } from '../common/types';
import { describeFsError } from './follow/file-messages';
import { createLineSplitter, type LineBatch, type LineSplitter } from './follow/line-splitter';
import { NotRegularFileError, openRegular } from './follow/open-regular';
import { createParser } from './parse';
import { createFormatDetector } from './parse/format-detector';
import type { LineParser } from './parse/types';

const CHUNK_BYTES = 256 * 1024;
/** Longest run handed over at once (a batch of the core's). */
const RUN_LINES = 4096;

/** One file of the batch and where its lines go. */
export interface MergeInput {
  path: string;
  /** Counts a run of this file's lines (and the heads of overlong ones). */
  deliver(batch: LineBatch): void;
}

/** A file's read position, its block of lines not yet delivered, and their times. */
class Cursor {
  private readonly splitter: LineSplitter = createLineSplitter();
  private readonly buf = Buffer.alloc(CHUNK_BYTES);
  private readonly detector = createFormatDetector();
  private parser: LineParser | null;
  private pos = 0;
  private ended = false;
  private lastTime = -Infinity;
  lines: string[] = [];
  times: number[] = [];
  next = 0;

  constructor(
    readonly input: MergeInput,
    private readonly fh: FileHandle,
    format: FormatOption,
  ) {
    this.parser = format === 'auto' ? null : createParser(format);
  }

  /** Time of the next line; null once the file is read to its end. */
  head(): number | null {
    return this.next < this.lines.length ? this.times[this.next]! : null;
  }

  /** Read until there is a line to deliver or the file has ended. */
  async fill(): Promise<void> {
    while (this.next >= this.lines.length && !this.ended) {
      const { bytesRead } = await this.fh.read(this.buf, 0, this.buf.length, this.pos);
      let batch: LineBatch;
      if (bytesRead === 0) {
        this.ended = true;
        batch = this.splitter.flush();
        await this.fh.close();
      } else {
        this.pos += bytesRead;
        batch = this.splitter.push(this.buf.subarray(0, bytesRead));
      }
      if (batch.overlong.length > 0) this.input.deliver({ lines: [], overlong: batch.overlong });
      this.lines = batch.lines;
      this.times = this.timesOf(batch.lines);
      this.next = 0;
    }
  }

  /** Deliver this file's lines up to time `until` (at least one, at most RUN_LINES). */
  deliverUntil(until: number): void {
    const start = this.next;
    let end = start + 1;
    const last = Math.min(this.lines.length, start + RUN_LINES);
    while (end < last && this.times[end]! <= until) end++;
    this.next = end;
    this.input.deliver({ lines: this.lines.slice(start, end), overlong: [] });
  }

  async close(): Promise<void> {
    if (!this.ended) await this.fh.close().catch(() => undefined);
    this.ended = true;
  }

  private timesOf(lines: string[]): number[] {
    if (this.parser === null) {
      const found = this.detector.offer(lines);
      if (found.format !== null) this.parser = createParser(found.format);
    }
    const times = new Array<number>(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const r = this.parser?.parse(lines[i]!);
      if (r?.kind === 'hit') this.lastTime = r.hit.time;
      times[i] = this.lastTime;
    }
    return times;
  }
}

/** Open every file first, so a missing one fails the batch before anything is counted. */
async function openAll(inputs: MergeInput[], format: FormatOption): Promise<Cursor[]> {
  const cursors: Cursor[] = [];
  try {
    for (const input of inputs) {
      try {
        cursors.push(new Cursor(input, await openRegular(input.path), format));
      } catch (err) {
        throw new Error(
          err instanceof NotRegularFileError ? err.message : describeFsError(input.path, err),
        );
      }
    }
    return cursors;
  } catch (err) {
    await Promise.all(cursors.map((c) => c.close()));
    throw err;
  }
}

/**
 * Read `inputs` to their ends as one time line (see the module comment).
 * Rejects naming the file when one cannot be opened (nothing is read then).
 */
export async function readMergedByTime(
  inputs: MergeInput[],
  format: FormatOption,
  stopped: () => boolean,
): Promise<void> {
  const cursors = await openAll(inputs, format);
  try {
    await Promise.all(cursors.map((c) => c.fill()));
    for (;;) {
      if (stopped()) return;
      let first: Cursor | null = null;
      let second = Infinity;
      for (const c of cursors) {
        const t = c.head();
        if (t === null) continue;
        if (first === null || t < first.head()!) {
          if (first !== null) second = Math.min(second, first.head()!);
          first = c;
        } else second = Math.min(second, t);
      }
      if (first === null) return;
      first.deliverUntil(second);
      await first.fill();
    }
  } finally {
    await Promise.all(cursors.map((c) => c.close()));
  }
}
