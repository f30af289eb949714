/**
 * The Monitor: one engine owner for the tray app and `serve`. Real files; the
 * engine's poll drives reading (no watcher), so waits are short and bounded.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { AlertMemory, MonitorSettings } from '../../main/engine/api';
import { createMonitor, sameSettings, settingsOf } from '../../main/engine/monitor';
import { DEFAULT_PREFS } from '../../main/common/prefs';
import type { EngineEvent } from '../../main/common/types';
import { clf, waitFor } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'hc-monitor-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const base = (file: string | null): MonitorSettings => ({
  file,
  threshold: 1,
  window: 2,
  interval: 1,
  format: 'auto',
});

describe('createMonitor', () => {
  test('with no file it is idle and keeps the remembered history', async () => {
    const memory: AlertMemory = {
      active: false,
      since: null,
      history: [{ type: 'alert', at: 1000, avg: 2, hits: 4, threshold: 1, window: 2 }],
    };
    const m = createMonitor({
      settings: base(null),
      store: { load: () => memory, save: () => {} },
    });
    const snap = m.snapshot();
    assert.equal(snap.state, 'idle');
    assert.equal(snap.file.message, 'No log file chosen');
    assert.equal(snap.history.length, 1);
    await m.dispose();
  });

  test('alerts reach listeners and the store; a threshold change is live, a file change restarts', async () => {
    const a = join(dir, 'a.log');
    const b = join(dir, 'b.log');
    writeFileSync(a, '');
    writeFileSync(b, '');
    const saved: AlertMemory[] = [];
    const events: EngineEvent[] = [];
    const m = createMonitor({
      settings: base(a),
      store: { load: () => null, save: (mem) => saved.push(mem) },
      watch: false,
      pollMs: 30,
    });
    m.onEvent((e) => events.push(e));
    let changes = 0;
    m.onChange(() => changes++);
    await waitFor(() => m.snapshot().state === 'normal', 'following a.log');

    const s = Math.floor(Date.now() / 1000);
    appendFileSync(a, Array.from({ length: 10 }, () => clf(s)).join('\n') + '\n');
    await waitFor(() => events.some((e) => e.type === 'alert'), 'the alert');
    assert.equal(saved.at(-1)?.active, true, 'the alert state was saved');
    assert.equal(saved.at(-1)?.history.at(-1)?.type, 'alert');

    await m.apply({ ...base(a), threshold: 50 });
    assert.equal(m.snapshot().threshold, 50, 'threshold applied live');
    assert.equal(m.snapshot().stats.total.hits, 10, 'same engine: the figures are kept');

    await m.apply({ ...base(b), threshold: 50 });
    await waitFor(() => m.snapshot().file.path === b, 'following b.log');
    assert.equal(m.snapshot().stats.total.hits, 0, 'a new file starts a new engine');
    assert.equal(m.snapshot().history.at(-1)?.type, 'alert', 'history carried over');
    assert.ok(changes >= 2);

    await m.pause();
    assert.equal(m.paused, true);
    assert.equal(m.snapshot().state, 'idle');
    await m.resume();
    assert.notEqual(m.snapshot().state, 'idle');
    await m.dispose();
  });

  test('settingsOf and sameSettings', () => {
    const s = settingsOf({ ...DEFAULT_PREFS, logFiles: ['/x.log'], threshold: 3 });
    assert.deepEqual(s, {
      file: '/x.log',
      threshold: 3,
      window: 120,
      interval: 10,
      format: 'auto',
    });
    assert.equal(sameSettings(s, { ...s }), true);
    assert.equal(sameSettings(s, { ...s, window: 60 }), false);
  });
});
