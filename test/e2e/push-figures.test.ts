/**
 * The light per-second push: a batch of seconds ends with the figures they
 * moved (the snapshot's stats, a few kB); a batch without seconds carries
 * none; malformed samples ride along only when they changed.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FiguresEvent, PushEvent } from '../../main/common/api';
import { startWebServer, type WebServer } from '../../main/web/server';
import {
  createFakeMonitor,
  emptyStats,
  makeSnapshot,
  type FakeMonitor,
} from './fixtures/fake-monitor';
import { openEvents } from './fixtures/http';

let root: string;
let monitor: FakeMonitor;
let server: WebServer;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'hc-figures-'));
  mkdirSync(join(root, 'renderer'));
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><p>page</p>');
  monitor = createFakeMonitor();
  server = await startWebServer({
    monitor,
    port: 0,
    rendererDir: join(root, 'renderer'),
    flushMs: 10,
  });
});
after(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const second = (at: number) => ({ type: 'second' as const, at, hits: 3, avg: 1, alert: false });
const sample = (at: number) => ({ type: 'malformed' as const, at, line: 'junk', reason: 'bad' });

test('seconds bring the figures after them, samples only when they change', async () => {
  const stream = await openEvents(server.url.replace(/\?.*$/, 'api/events'));
  const next = async () => (await stream.next()).data as PushEvent[];
  assert.equal((await next())[0]!.type, 'snapshot');

  const window = { ...emptyStats(120), hits: 42 };
  monitor.setSnapshot(
    makeSnapshot({ at: 5000, stats: { window, total: window }, malformedSamples: [sample(1)] }),
  );
  monitor.emit(second(4000));
  let batch = await next();
  assert.deepEqual(
    batch.map((e) => e.type),
    ['second', 'figures'],
  );
  const figures = batch[1] as FiguresEvent;
  assert.equal(figures.at, 5000);
  assert.equal(figures.stats.window.hits, 42);
  assert.deepEqual(figures.malformedSamples, [sample(1)]);

  monitor.setSnapshot(
    makeSnapshot({ at: 6000, stats: { window, total: window }, malformedSamples: [sample(1)] }),
  );
  monitor.emit(second(5000));
  batch = await next();
  assert.equal(
    (batch[1] as FiguresEvent).malformedSamples,
    undefined,
    'unchanged samples are not resent',
  );

  monitor.emit({ type: 'file', path: '/x', state: 'ok', code: 'ok', message: 'ok' } as never);
  batch = await next();
  assert.deepEqual(
    batch.map((e) => e.type),
    ['file'],
    'no seconds, no figures',
  );

  monitor.setSnapshot(
    makeSnapshot({
      at: 7000,
      stats: { window, total: window },
      malformedSamples: [sample(1), sample(2)],
    }),
  );
  monitor.emit(second(6000));
  batch = await next();
  assert.deepEqual((batch[1] as FiguresEvent).malformedSamples, [sample(1), sample(2)]);
  stream.close();
});
