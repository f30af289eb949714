/**
 * A block of lines parsed on a batch reader's worker thread (batch-worker.ts)
 * and counted on the main thread (MonitorCore.ingestParsed): the bytes, and
 * per line what the common/combined byte reader made of it, in typed arrays
 * that move between threads without copying.
 */
import type { ClfFields } from './parse/clf-bytes';

/** Int32 values per line: start, end (without `\n`), accepted, then the reader's offsets, hashes and status. */
export const INTS_PER_LINE = 13;
/** Float64 values per line: time and bytes. */
export const FLOATS_PER_LINE = 2;

export interface ParsedBlock {
  /** Complete lines, each ending with `\n` (the first `lines` of them count). */
  bytes: Buffer;
  lines: number;
  ints: Int32Array;
  floats: Float64Array;
}

/** The shape of the ring of slots a batch reader's threads share. */
export interface SlotLayout {
  slots: number;
  /** Bytes a slot holds: at least one longest line and its `\n`. */
  slotBytes: number;
  maxLines: number;
  chunkBytes: number;
  maxLineBytes: number;
}

/** One slot's size in the shared memory (8-byte aligned parts). */
function slotSize(l: SlotLayout): number {
  return align8(l.slotBytes) + l.maxLines * (INTS_PER_LINE * 4 + FLOATS_PER_LINE * 8);
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** Bytes of the shared memory: the slots and a 4-byte counter. */
export function sharedBytes(l: SlotLayout): number {
  return l.slots * slotSize(l) + 8;
}

/** Views of slot number `n % l.slots`. */
export function slotView(shared: SharedArrayBuffer, l: SlotLayout, n: number): ParsedBlock {
  const at = (n % l.slots) * slotSize(l);
  const ints = at + align8(l.slotBytes);
  const floats = ints + l.maxLines * INTS_PER_LINE * 4;
  return {
    bytes: Buffer.from(shared, at, l.slotBytes),
    lines: 0,
    ints: new Int32Array(shared, ints, l.maxLines * INTS_PER_LINE),
    floats: new Float64Array(shared, floats, l.maxLines * FLOATS_PER_LINE),
  };
}

/** Record line `i`: its range, and the reader's fields when `accepted`. */
export function packLine(
  p: ParsedBlock,
  i: number,
  start: number,
  end: number,
  accepted: boolean,
  f: ClfFields,
): void {
  const o = i * INTS_PER_LINE;
  const ints = p.ints;
  ints[o] = start;
  ints[o + 1] = end;
  ints[o + 2] = accepted ? 1 : 0;
  if (!accepted) return;
  ints[o + 3] = f.hostStart;
  ints[o + 4] = f.hostEnd;
  ints[o + 5] = f.hostHash;
  ints[o + 6] = f.methodStart;
  ints[o + 7] = f.methodEnd;
  ints[o + 8] = f.methodHash;
  ints[o + 9] = f.sectionStart;
  ints[o + 10] = f.sectionEnd;
  ints[o + 11] = f.sectionHash;
  ints[o + 12] = f.status;
  p.floats[i * FLOATS_PER_LINE] = f.time;
  p.floats[i * FLOATS_PER_LINE + 1] = f.bytes;
}

/** Read line `i` back into `f`; false when the reader did not accept it (the string parser decides). */
export function unpackLine(p: ParsedBlock, i: number, f: ClfFields): boolean {
  const o = i * INTS_PER_LINE;
  const ints = p.ints;
  if (ints[o + 2] === 0) return false;
  f.hostStart = ints[o + 3]!;
  f.hostEnd = ints[o + 4]!;
  f.hostHash = ints[o + 5]!;
  f.methodStart = ints[o + 6]!;
  f.methodEnd = ints[o + 7]!;
  f.methodHash = ints[o + 8]!;
  f.sectionStart = ints[o + 9]!;
  f.sectionEnd = ints[o + 10]!;
  f.sectionHash = ints[o + 11]!;
  f.status = ints[o + 12]!;
  f.time = p.floats[i * FLOATS_PER_LINE]!;
  f.bytes = p.floats[i * FLOATS_PER_LINE + 1]!;
  return true;
}
