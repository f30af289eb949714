import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAlertMemoryStore, MAX_HISTORY } from '../../main/app/alert-memory';
import { parseBounds, restoreBounds } from '../../main/app/bounds';
import type { AlertEvent } from '../../main/common/types';

function kv() {
  const data = new Map<string, unknown>();
  return {
    get: (k: string) => data.get(k),
    set: (k: string, v: unknown) => void data.set(k, JSON.parse(JSON.stringify(v))),
  };
}
const ev = (i: number): AlertEvent => ({
  type: i % 2 ? 'recovery' : 'alert',
  at: i * 1000,
  avg: 12,
  hits: 1440,
  threshold: 10,
  window: 120,
});

describe('alert memory across restarts', () => {
  test('saved state and history come back on load', () => {
    const store = createAlertMemoryStore(kv());
    assert.equal(store.load(), null);
    store.save({ active: true, since: 4000, history: [ev(0), ev(1), ev(2)] });
    assert.deepEqual(store.load(), { active: true, since: 4000, history: [ev(0), ev(1), ev(2)] });
  });

  test('keeps only the last 1000 transitions', () => {
    const store = createAlertMemoryStore(kv());
    store.save({
      active: false,
      since: null,
      history: Array.from({ length: 1205 }, (_, i) => ev(i)),
    });
    const h = store.load()?.history ?? [];
    assert.equal(h.length, MAX_HISTORY);
    assert.deepEqual(h[0], ev(205));
  });

  test('an edited or damaged file loses only the bad entries', () => {
    const k = kv();
    k.set('alertMemory', {
      active: 'yes',
      since: 'x',
      history: [ev(0), { type: 'alert' }, 'junk', ev(1)],
    });
    assert.deepEqual(createAlertMemoryStore(k).load(), {
      active: false,
      since: null,
      history: [ev(0), ev(1)],
    });
  });
});

describe('dashboard window bounds', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  test('remembered bounds are restored when on screen', () => {
    assert.deepEqual(restoreBounds({ x: 100, y: 80, width: 900, height: 600 }, screen), {
      x: 100,
      y: 80,
      width: 900,
      height: 600,
    });
  });
  test('bounds on an unplugged monitor keep only the size', () => {
    assert.deepEqual(restoreBounds({ x: 2500, y: 80, width: 900, height: 600 }, screen), {
      width: 900,
      height: 600,
    });
  });
  test('garbage falls back to the default size', () => {
    assert.equal(parseBounds({ x: 0, y: 0, width: 'big', height: 600 }), null);
    assert.deepEqual(restoreBounds(null, screen), { width: 1100, height: 760 });
    assert.deepEqual(restoreBounds({ x: 0, y: 0, width: 10, height: 10 }, screen), {
      width: 1100,
      height: 760,
    });
  });
});
