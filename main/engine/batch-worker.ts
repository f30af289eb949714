/**
 * The worker thread of a batch read (batch-read.ts): reads the log from its
 * start to its end, splits it into lines with the follower's splitter and
 * runs the common/combined byte reader over every line, so the main thread
 * only has to count. Pure computation on bytes: every decision about a line
 * the reader does not accept stays with the main thread's string parser.
 *
 * The two threads share a fixed ring of slots (one SharedArrayBuffer), each
 * holding a block of lines and what the reader made of them. The worker
 * fills slot after slot and waits when the main thread has not counted the
 * oldest one yet, so memory is fixed and nothing is copied between threads
 * or left to the garbage collector.
 */
import { readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createLineSplitter } from './follow/line-splitter';
import { createClfByteReader, emptyClfFields } from './parse/clf-bytes';
import { packLine, slotView, type SlotLayout } from './parsed-block';

export interface BatchWorkerData {
  /** An open descriptor of the log (the main thread owns and closes it). */
  fd: number;
  layout: SlotLayout;
  /** The slots, then (last 4 bytes) the number of slots the main thread has counted. */
  shared: SharedArrayBuffer;
}

export type BatchWorkerMessage =
  /** Slot number `slot % layout.slots` holds `lines` lines (`bytes` bytes); then come the overlong lines' heads. */
  | { type: 'slot'; slot: number; bytes: number; lines: number; overlong: string[] }
  | { type: 'end'; bytes: number }
  | { type: 'error'; code: string; message: string };

const NL = 10;

function run(port: NonNullable<typeof parentPort>, { fd, layout, shared }: BatchWorkerData): void {
  const counted = new Int32Array(shared, shared.byteLength - 4, 1);
  const splitter = createLineSplitter({ raw: true, maxLineBytes: layout.maxLineBytes });
  const read = createClfByteReader();
  const f = emptyClfFields();
  const chunk = Buffer.allocUnsafeSlow(layout.chunkBytes);
  let next = 0;

  /** Wait until slot `next` was counted by the main thread, then hand it out. */
  const take = () => {
    for (;;) {
      const done = Atomics.load(counted, 0);
      if (next - done < layout.slots) break;
      Atomics.wait(counted, 0, done);
    }
    return slotView(shared, layout, next);
  };

  const post = (bytes: number, lines: number, overlong: string[]) => {
    port.postMessage({
      type: 'slot',
      slot: next,
      bytes,
      lines,
      overlong,
    } satisfies BatchWorkerMessage);
    next++;
  };

  /** Copy complete lines into slots, at most `layout.maxLines` lines a slot, and read each line. */
  const fill = (block: Buffer, overlong: string[]) => {
    let pos = 0;
    while (pos < block.length) {
      const slot = take();
      let lines = 0;
      let end = pos;
      while (end < block.length && lines < layout.maxLines) {
        const nl = block.indexOf(NL, end);
        if (nl - pos >= slot.bytes.length) break; // the slot is full
        end = nl + 1;
        lines++;
      }
      block.copy(slot.bytes, 0, pos, end);
      for (let i = 0, at = 0; i < lines; i++) {
        const nl = slot.bytes.indexOf(NL, at);
        packLine(slot, i, at, nl, read(slot.bytes, at, nl, f), f);
        at = nl + 1;
      }
      post(end - pos, lines, overlong.splice(0));
      pos = end;
    }
    if (overlong.length > 0) {
      take();
      post(0, 0, overlong);
    }
  };

  const send = (batch: ReturnType<typeof splitter.push>) => {
    const overlong = [...batch.overlong];
    const blocks = batch.blocks ?? [];
    if (blocks.length === 0) {
      if (overlong.length > 0) fill(Buffer.alloc(0), overlong);
      return;
    }
    for (const block of blocks) fill(block, overlong);
  };

  let pos = 0;
  for (;;) {
    const n = readSync(fd, chunk, 0, chunk.length, pos);
    if (n === 0) break;
    pos += n;
    send(splitter.push(chunk.subarray(0, n)));
    // A short read is the end of the file, as for the follower.
    if (n < chunk.length) break;
  }
  send(splitter.flush());
  port.postMessage({ type: 'end', bytes: pos } satisfies BatchWorkerMessage);
}

if (parentPort) {
  try {
    run(parentPort, workerData as BatchWorkerData);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    parentPort.postMessage({
      type: 'error',
      code: e.code ?? '',
      message: e.message ?? String(err),
    } satisfies BatchWorkerMessage);
  }
}
