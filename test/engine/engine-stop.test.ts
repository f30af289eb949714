/**
 * Engine.stop(): what a front-end calls on SIGINT/SIGTERM. Reading stops and
 * one final summary covers what was read since the last summary.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { EngineEvent, SummaryEvent } from '../../main/common/types';
import { createEngine } from '../../main/engine/engine';
import { clf, waitFor } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'hc-stop-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const summaries = (events: EngineEvent[]) =>
  events.filter((e): e is SummaryEvent => e.type === 'summary');

describe('Engine.stop', () => {
  test('following: one final summary of the lines read since the last one', async () => {
    const path = join(dir, 'follow.log');
    writeFileSync(path, '');
    const events: EngineEvent[] = [];
    const engine = createEngine({ file: path, interval: 86_400, watch: false, pollMs: 20 });
    engine.onAny((e) => events.push(e));
    await engine.start();
    const s = Math.floor(Date.now() / 1000);
    appendFileSync(path, [clf(s, '/x/1'), clf(s, '/x/2'), clf(s, '/y')].join('\n') + '\n');
    await waitFor(() => engine.snapshot().stats.total.hits === 3, 'the 3 lines read');
    const before = summaries(events).length;
    await engine.stop();
    const after = summaries(events).slice(before);
    assert.equal(after.length, 1, 'exactly one final summary');
    const read = summaries(events).reduce((sum, e) => sum + e.interval.hits, 0);
    assert.equal(read, 3, 'the summaries together carry every line read');
    assert.equal(after[0]!.total.hits, 3);
    await engine.stop();
    assert.equal(summaries(events).length, before + 1, 'stop is idempotent');
    await engine.dispose();
  });

  test('a batch run stopped half-way: one final summary, and finished resolves', async () => {
    const path = join(dir, 'batch.log');
    const base = 1_600_000_000;
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i += 50) lines.push(...Array<string>(50).fill(clf(base + i / 50)));
    writeFileSync(path, lines.join('\n') + '\n');
    const events: EngineEvent[] = [];
    // On the worker thread, so that stop can interrupt the read.
    const engine = createEngine({ file: path, follow: false, batchWorkerMinBytes: 0 });
    engine.onAny((e) => events.push(e));
    await engine.start();
    await engine.stop();
    await engine.finished;
    const count = events.length;
    const last = events.at(-1);
    assert.equal(last?.type, 'summary');
    const total = (last as SummaryEvent).total.hits;
    assert.ok(total <= lines.length);
    assert.equal(summaries(events).filter((e) => e.total.hits === total).length, 1);
    await new Promise((r) => setImmediate(r));
    await engine.dispose();
    assert.equal(events.length, count, 'nothing after the final summary');
  });

  test('after a batch run finished, stop adds nothing', async () => {
    const path = join(dir, 'done.log');
    writeFileSync(path, clf(1_600_000_000) + '\n');
    const events: EngineEvent[] = [];
    const engine = createEngine({ file: path, follow: false });
    engine.onAny((e) => events.push(e));
    await engine.start();
    await engine.finished;
    const count = events.length;
    await engine.stop();
    assert.equal(events.length, count);
    await engine.dispose();
  });

  test('a start that failed emits no summary on dispose', async () => {
    const events: EngineEvent[] = [];
    const engine = createEngine({ file: join(dir, 'missing.log'), follow: false });
    engine.onAny((e) => events.push(e));
    await assert.rejects(engine.start(), /missing\.log/);
    await engine.dispose();
    assert.deepEqual(
      events.filter((e) => e.type === 'summary'),
      [],
    );
  });
});
