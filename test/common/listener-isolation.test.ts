/**
 * "A throwing listener never breaks the engine": every listener set of the
 * engine, the monitor and the preferences service keeps calling the other
 * listeners, and the operation that emitted still succeeds.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test, type TestContext } from 'node:test';
import { createPrefsService } from '../../main/app/prefs-service';
import { DEFAULT_PREFS, type Prefs } from '../../main/common/prefs';
import type { EngineEvent } from '../../main/common/types';
import { createEngine } from '../../main/engine/engine';
import { createMonitor } from '../../main/engine/monitor';
import { clf } from '../engine/helpers';

const dir = mkdtempSync(join(tmpdir(), 'hc-isolation-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Silence and count console.error for this test. */
const errorsOf = (t: TestContext) => t.mock.method(console, 'error', () => undefined);

const bug = () => {
  throw new Error('subscriber bug');
};

describe('a throwing listener is isolated', () => {
  test('engine: the other ingest listeners still count every line', async (t) => {
    const logged = errorsOf(t);
    const file = join(dir, 'ingest.log');
    writeFileSync(file, [clf(1000), clf(1000), clf(1001)].join('\n') + '\n');
    const engine = createEngine({ file, follow: false, watch: false });
    let lines = 0;
    engine.onIngest(bug);
    engine.onIngest((n) => (lines += n));
    await engine.start();
    await engine.finished;
    await engine.dispose();
    assert.equal(lines, 3);
    assert.ok(logged.mock.callCount() >= 1, 'the failure was reported');
  });

  test(
    'monitor: the other event listeners still hear the engine',
    { timeout: 15_000 },
    async (t) => {
      errorsOf(t);
      const file = join(dir, 'events.log');
      writeFileSync(file, clf(1000) + '\n');
      const m = createMonitor({
        settings: { file, threshold: 1, window: 2, interval: 1, format: 'auto' },
        watch: false,
        pollMs: 30,
      });
      m.onEvent(bug);
      // The test's timeout is the deadline; the first file event resolves it.
      const heard = await new Promise<EngineEvent>((resolve) => m.onEvent(resolve));
      assert.equal(heard.type, 'file');
      await m.dispose();
    },
  );

  test('monitor: pause still succeeds and the other change listeners run', async (t) => {
    const logged = errorsOf(t);
    const m = createMonitor({
      settings: { file: null, threshold: 1, window: 2, interval: 1, format: 'auto' },
    });
    let changes = 0;
    m.onChange(bug);
    m.onChange(() => changes++);
    await m.pause();
    assert.equal(m.paused, true);
    assert.equal(changes, 1);
    assert.equal(logged.mock.callCount(), 1);
    await m.dispose();
  });

  test('preferences: a saved change is reported saved and every other listener hears it', (t) => {
    const logged = errorsOf(t);
    let stored: Prefs = { ...DEFAULT_PREFS, recentFiles: [] };
    const prefs = createPrefsService({
      backend: { read: () => stored, write: (p) => (stored = p) },
      isDirectory: () => false,
    });
    const heard: number[] = [];
    prefs.onChange(bug);
    prefs.onChange((p) => heard.push(p.threshold));
    const result = prefs.set({ threshold: 4 });
    assert.equal(result.ok, true);
    assert.deepEqual(heard, [4]);
    assert.equal(logged.mock.callCount(), 1);
  });
});
