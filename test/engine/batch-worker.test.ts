/**
 * Batch runs of large files read and parsed on a worker thread
 * (main/engine/batch-read.ts) give exactly the events of the single-thread
 * path, on the corpus and on files built to cross every slot boundary.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { EngineEvent } from '../../main/common/types';
import { startBatchRead } from '../../main/engine/batch-read';
import { createEngine } from '../../main/engine/engine';
import { logFiles, noteMissingCorpus } from '../fixtures/corpus';
import { clf } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'hc-batch-worker-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Every event of a batch run, and how many lines the engine said it took in. */
async function run(file: string, worker: boolean) {
  const events: EngineEvent[] = [];
  let ingested = 0;
  const engine = createEngine({
    file,
    threshold: 5,
    window: 30,
    interval: 10,
    follow: false,
    batchWorkerMinBytes: worker ? 0 : Infinity,
  });
  // An odd line read before any timestamp is stamped with the wall clock: not comparable.
  const started = Date.now();
  engine.onAny((e) =>
    events.push(e.type === 'malformed' && e.at >= started ? { ...e, at: -1 } : e),
  );
  engine.onIngest((n) => (ingested += n));
  await engine.start();
  await engine.finished;
  const snapshot = engine.snapshot();
  await engine.dispose();
  const samples = snapshot.malformedSamples.map((e) => (e.at >= started ? { ...e, at: -1 } : e));
  return { events, ingested, stats: snapshot.stats, samples };
}

async function assertSameRun(file: string): Promise<void> {
  const one = await run(file, false);
  const two = await run(file, true);
  assert.ok(
    one.events.some((e) => e.type === 'summary'),
    `${file}: a summary was emitted`,
  );
  assert.deepEqual(two.events, one.events, `${file}: events`);
  assert.deepEqual(two.stats, one.stats, `${file}: stats`);
  assert.deepEqual(two.samples, one.samples, `${file}: malformed samples`);
  assert.equal(two.ingested, one.ingested, `${file}: lines taken in`);
}

function write(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('batch runs on a worker thread', () => {
  test('the worker really runs: startBatchRead takes a large enough file and reads it all', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => clf(1_600_000_000 + (i >> 4)));
    const path = write('plain.log', lines.join('\n') + '\n');
    let counted = 0;
    const read = await startBatchRead(path, (overlong, block) => (counted += block.lines), 0);
    assert.ok(read, 'a worker was started');
    await read.done;
    assert.equal(counted, 3000);
    assert.equal(
      await startBatchRead(path, () => undefined, 1e12),
      null,
      'small files stay in-thread',
    );
    assert.equal(
      await startBatchRead(dir, () => undefined, 0),
      null,
      'a directory is the follower’s to report',
    );
  });

  test('every log at hand gives the same events, stats and samples as the single-thread path', async () => {
    const files = logFiles();
    for (const { path } of files) await assertSameRun(path);
    // The shipped fixtures alone are 12 files.
    assert.ok(files.length >= 12, `log files compared: ${files.length}`);
  });
  noteMissingCorpus('the worker thread on the corpus files not shipped');

  test('slot boundaries: many short lines, CRLF, a BOM, odd lines, overlong lines and no final newline', async () => {
    const base = 1_600_000_000;
    const parts: string[] = [];
    for (let i = 0; i < 40_000; i++) {
      const sec = base + Math.floor(i / 50);
      if (i % 997 === 0) parts.push('not a log line at all');
      else if (i % 1499 === 0)
        parts.push('x'.repeat(70 * 1024)); // over the 64 KiB cap
      else if (i % 7 === 0)
        parts.push(clf(sec, `/p${i % 13}/x`, 404, `10.0.${i % 200}.${i % 3}`) + '\r');
      else if (i % 11 === 0)
        parts.push(clf(sec, '/caf\u00e9/menu')); // non-ASCII: the string parser
      else parts.push(clf(sec, `/s${i % 17}`, 200, `192.168.${i % 50}.1`));
    }
    const text = '\ufeff' + parts.join('\n');
    await assertSameRun(write('boundaries.log', text));
    // Mostly empty lines: more lines than a slot takes (8192) in one read.
    const short = Array.from({ length: 60_000 }, (_, i) =>
      i % 40 === 0 ? clf(1_600_000_000 + Math.floor(i / 400)) : '',
    );
    await assertSameRun(write('short.log', short.join('\n') + '\n'));
  });

  test('dispose in the middle of a run releases the worker and settles', async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => clf(1_600_000_000 + (i >> 8)));
    const path = write('big.log', lines.join('\n') + '\n');
    const engine = createEngine({ file: path, follow: false, batchWorkerMinBytes: 0 });
    let ingested = 0;
    engine.onIngest((n) => (ingested += n));
    await engine.start();
    await new Promise<void>((resolve) => {
      const off = engine.onIngest(() => {
        off();
        resolve();
      });
    });
    await engine.dispose();
    await engine.finished;
    assert.ok(ingested > 0 && ingested < 200_000, `stopped part way: ${ingested} lines`);
  });
});

describe('old Mac line endings (a lone \\r)', () => {
  const records = Array.from({ length: 100 }, (_, i) => clf(1_700_000_000 + i, `/mac/${i}`));
  const file = write('mac.log', records.join('\r') + '\r');

  for (const worker of [false, true]) {
    test(`100 CR-ended records are 100 hits in a batch run${worker ? ' on the worker' : ''}`, async () => {
      const r = await run(file, worker);
      assert.equal(r.stats.total.hits, 100);
      assert.equal(r.stats.total.malformed, 0);
    });
  }

  test('and 100 hits when following from the start', async () => {
    const engine = createEngine({ file, fromStart: true, watch: false });
    try {
      await engine.start();
      assert.equal(engine.snapshot().stats.total.hits, 100);
    } finally {
      await engine.dispose();
    }
  });
});
