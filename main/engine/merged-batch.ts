/**
 * A batch over several plain files, read as one time line (see
 * docs/reference/sources.md, "Several files in a batch"). Log time drives a
 * batch's clock, and a line more than the window older than the newest one
 * read is late: read one after another, the second of two virtual hosts'
 * logs for the same day was all late, and the combined alert saw one file.
 *
 * Each file is read in blocks; a parser of its own format (detected as the
 * monitor does, from its first lines that parse) gives each line's time, a
 * line without one keeping the time of the line before it. Lines stay bytes
 * from the disk to the core (see Cursor). The file whose
 * next line is oldest goes next, a run of lines at a time, up to the next
 * line of any other file. Files that follow each other in time (a rotated
 * set) are then read one after another, as before.
 */
import type { FileHandle } from 'node:fs/promises';
import type { FormatName, FormatOption } from '../common/types';
import { describeFsError } from './follow/file-messages';
import {
  createLineSplitter,
  decodeLine,
  decodeLines,
  type LineBatch,
  type LineSplitter,
} from './follow/line-splitter';
import { NotRegularFileError, openRegular } from './follow/open-regular';
import { createParser } from './parse';
import { createClfByteReader, emptyClfFields } from './parse/clf-bytes';
import { createFormatDetector } from './parse/format-detector';
import type { LineParser } from './parse/types';

const CHUNK_BYTES = 256 * 1024;
/** Longest run handed over at once (a batch of the core's). */
const RUN_LINES = 4096;
const NL = 0x0a;

/** One file of the batch and where its lines go. */
export interface MergeInput {
  path: string;
  /**
   * Counts a run of this file's lines, as one block of bytes (every line
   * ending with its `\n`), and the heads of overlong lines.
   */
  deliver(batch: LineBatch): void;
}

/**
 * A file's read position, its block of lines not yet delivered, where each
 * line starts and its time. Lines stay bytes: a run goes to the core as a
 * block, which counts common and combined lines straight from the bytes; the
 * time of such a line is read from its bytes too, and only a line the byte
 * reader does not take is decoded to find its time.
 */
class Cursor {
  private readonly splitter: LineSplitter = createLineSplitter({ raw: true });
  private readonly buf = Buffer.alloc(CHUNK_BYTES);
  private readonly detector = createFormatDetector();
  private readonly fields = emptyClfFields();
  private parser: LineParser | null = null;
  private reader: ReturnType<typeof createClfByteReader> | null = null;
  private pos = 0;
  private ended = false;
  private lastTime = -Infinity;
  private block: Buffer = Buffer.alloc(0);
  /** Start of each line in `block`, and the block's length after the last. */
  private starts: number[] = [0];
  private times: number[] = [];
  private next = 0;

  constructor(
    readonly input: MergeInput,
    private readonly fh: FileHandle,
    format: FormatOption,
  ) {
    if (format !== 'auto') this.use(format);
  }

  /** Time of the next line; null once the file is read to its end. */
  head(): number | null {
    return this.next < this.times.length ? this.times[this.next]! : null;
  }

  /** Read until there is a line to deliver or the file has ended. */
  async fill(): Promise<void> {
    while (this.next >= this.times.length && !this.ended) {
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
      const blocks = batch.blocks ?? [];
      // Valid until the next read into `buf`, which waits until every line is delivered.
      this.block = blocks.length === 1 ? blocks[0]! : Buffer.concat(blocks);
      this.index();
      this.next = 0;
    }
  }

  /** Deliver this file's lines up to time `until` (at least one, at most RUN_LINES). */
  deliverUntil(until: number): void {
    const start = this.next;
    let end = start + 1;
    const last = Math.min(this.times.length, start + RUN_LINES);
    while (end < last && this.times[end]! <= until) end++;
    this.next = end;
    const bytes = this.block.subarray(this.starts[start], this.starts[end]);
    this.input.deliver({ lines: [], overlong: [], blocks: [bytes] });
  }

  async close(): Promise<void> {
    if (!this.ended) await this.fh.close().catch(() => undefined);
    this.ended = true;
  }

  private use(format: FormatName): void {
    this.parser = createParser(format);
    this.reader = format === 'common' || format === 'combined' ? createClfByteReader() : null;
  }

  /** Where the block's lines start, and each one's time (a line without one keeps the last). */
  private index(): void {
    const b = this.block;
    if (this.parser === null && b.length > 0) {
      const found = this.detector.offer(decodeLines(b, 0, b.length - 1));
      if (found.format !== null) this.use(found.format);
    }
    const starts = [0];
    const times: number[] = [];
    for (let pos = 0; pos < b.length;) {
      const nl = b.indexOf(NL, pos);
      const end = nl === -1 ? b.length : nl;
      const time = this.timeOf(pos, end);
      if (time !== null) this.lastTime = time;
      times.push(this.lastTime);
      pos = end + 1;
      starts.push(Math.min(pos, b.length));
    }
    this.starts = starts;
    this.times = times;
  }

  private timeOf(start: number, end: number): number | null {
    if (this.reader?.(this.block, start, end, this.fields)) return this.fields.time;
    if (this.parser === null) return null;
    const r = this.parser.parse(decodeLine(this.block, start, end));
    return r.kind === 'hit' ? r.hit.time : null;
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
