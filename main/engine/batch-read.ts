/**
 * Batch runs (`follow: false`) of a large regular file on two threads: a
 * worker reads, splits and parses (batch-worker.ts) while the main thread
 * counts what it sends, in order. An accelerator only: when the file is
 * small, not a regular file, or cannot be opened, or the worker's code is not
 * there, `startBatchRead` returns null and the engine uses the follower, which
 * also gives the errors their wording.
 */
import { existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { BatchWorkerData, BatchWorkerMessage } from './batch-worker';
import { describeFsError } from './follow/file-messages';
import { sharedBytes, slotView, type ParsedBlock, type SlotLayout } from './parsed-block';

/** Below this size a second thread costs more than it saves. */
export const BATCH_WORKER_MIN_BYTES = 4 * 1024 * 1024;
/** Four slots of 256 KiB of lines (3.3 MB of shared memory with the parsed fields). */
const LAYOUT: SlotLayout = {
  slots: 4,
  slotBytes: 256 * 1024,
  maxLines: 8192,
  chunkBytes: 256 * 1024,
  maxLineBytes: 64 * 1024,
};

export interface BatchRead {
  /** Resolves after the last batch was handed to `onBatch`; rejects naming the path on a read error. */
  readonly done: Promise<void>;
  /** Stop reading and release the worker and the file. */
  stop(): Promise<void>;
}

/**
 * The worker's code: the built bundle's sibling, or, when the engine runs
 * from its TypeScript source (tests, through tsx), the source with tsx.
 */
function workerCode(): { code: URL | string; eval?: true } | null {
  const built = new URL('./batch-worker.js', import.meta.url);
  if (existsSync(built)) return { code: built };
  const source = new URL('./batch-worker.ts', import.meta.url);
  if (!existsSync(source)) return null;
  const load = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source.href)}); })`;
  return { code: load, eval: true };
}

export async function startBatchRead(
  path: string,
  onBatch: (overlong: string[], block: ParsedBlock) => void,
  minBytes = BATCH_WORKER_MIN_BYTES,
): Promise<BatchRead | null> {
  const code = workerCode();
  if (!code) return null;
  try {
    const st = await stat(path);
    if (!st.isFile() || st.size < minBytes) return null;
  } catch {
    return null;
  }
  let fh;
  try {
    fh = await open(path, 'r');
  } catch {
    return null;
  }
  const shared = new SharedArrayBuffer(sharedBytes(LAYOUT));
  const counted = new Int32Array(shared, shared.byteLength - 4, 1);
  const data: BatchWorkerData = { fd: fh.fd, layout: LAYOUT, shared };
  const thread = new Worker(code.code, { workerData: data, eval: code.eval ?? false });
  let stopped = false;

  const finished = new Promise<void>((resolve, reject) => {
    thread.on('message', (m: BatchWorkerMessage) => {
      if (stopped) return;
      if (m.type === 'slot') {
        try {
          const block = slotView(shared, LAYOUT, m.slot);
          block.lines = m.lines;
          onBatch(m.overlong, block);
        } finally {
          Atomics.add(counted, 0, 1);
          Atomics.notify(counted, 0);
        }
      } else if (m.type === 'end') {
        resolve();
      } else {
        reject(new Error(describeFsError(path, Object.assign(new Error(m.message), m))));
      }
    });
    thread.on('error', (err) => reject(new Error(`reading ${path} failed: ${err.message}`)));
    thread.on('exit', (code) => {
      if (stopped) resolve();
      else reject(new Error(`reading ${path} stopped early (worker exit code ${code})`));
    });
  });
  const release = async () => {
    stopped = true;
    // Wake a worker waiting for room, so terminate() does not wait on it.
    Atomics.add(counted, 0, LAYOUT.slots);
    Atomics.notify(counted, 0);
    await thread.terminate();
    await fh.close().catch(() => undefined);
  };
  const done = finished.finally(release);
  done.catch(() => undefined);
  return {
    done,
    async stop() {
      if (stopped) return;
      await release();
    },
  };
}
