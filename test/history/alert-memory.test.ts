import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alertMemoryOf, MEMORY_TRANSITIONS } from '../../main/history/alert-memory';
import { openHistory } from '../../main/history/open';
import type { AlertRecord, History } from '../../main/history/types';
import { fakeClock, second, T0, tempDir } from './helpers';

function open(db: string): History {
  const r = openHistory({ path: db, source: '/logs/access.log', clock: fakeClock(T0) });
  if (!r.ok) throw new Error(r.message);
  return r.history;
}

const transition = (type: AlertRecord['type'], at: number, avg: number): AlertRecord => ({
  type,
  at,
  avg,
  peak: avg,
  hits: avg * 10,
  threshold: 5,
  window: 10,
  prefs: { threshold: 5 },
});

test('a running alert: active since its time, its peak the highest average stored since', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  const h = open(tmp.db);
  h.record(second(T0, 90, { avg: 9 })); // before the alert: not its peak
  h.recordAlert(transition('alert', T0 + 120_000, 6));
  h.record(second(T0 + 120_000, 60, { avg: 6, alert: true }));
  h.record(second(T0 + 150_000, 80, { avg: 8, alert: true }));
  h.record(second(T0 + 180_000, 70, { avg: 7, alert: true }));
  const m = alertMemoryOf(h);
  assert.equal(m.active, true);
  assert.equal(m.since, T0 + 120_000);
  assert.equal(m.peak, 8);
  assert.deepEqual(
    m.history.map((e) => [e.type, e.at]),
    [['alert', T0 + 120_000]],
  );
  h.close();
});

test('after a recovery: inactive, the last transitions oldest first and no more than a monitor keeps', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  const h = open(tmp.db);
  assert.deepEqual(alertMemoryOf(h), { active: false, since: null, history: [] });
  for (let i = 0; i < MEMORY_TRANSITIONS + 2; i++)
    h.recordAlert(transition(i % 2 ? 'recovery' : 'alert', T0 + i * 1000, 6));
  const m = alertMemoryOf(h);
  assert.equal(m.active, false);
  assert.equal(m.since, null);
  assert.equal(m.history.length, MEMORY_TRANSITIONS);
  assert.equal(m.history[0]!.at, T0 + 2000);
  assert.equal(m.history.at(-1)!.type, 'recovery');
  h.close();
});
