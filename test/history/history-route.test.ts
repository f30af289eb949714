import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openHistory } from '../../main/history/open';
import { createHistoryRoute } from '../../main/web/history-route';
import { fakeClock, second, T0, tempDir } from './helpers';

function withHistory(t: { after(fn: () => void): void }) {
  const tmp = tempDir();
  const r = openHistory({ path: tmp.db, source: '/logs/access.log', clock: fakeClock(T0) });
  if (!r.ok) throw new Error(r.message);
  for (let i = 0; i < 600; i++) r.history.record(second(T0 + i * 1000, 2, { avg: 1 }));
  t.after(() => {
    r.history.close();
    tmp.done();
  });
  return createHistoryRoute(() => r.history);
}

const url = (q: string) => new URL(`http://127.0.0.1/api/history?${q}`);

test('GET /api/history answers points and stats for the range', (t) => {
  const route = withHistory(t);
  const res = route(url(`from=${T0}&to=2026-11-02T00:10:00%2B00:00&step=1m`));
  assert.equal(res.status, 200);
  const body = res.body as {
    from: number;
    to: number;
    step: string;
    points: unknown[];
    stats: { hits: number };
  };
  assert.equal(body.from, T0);
  assert.equal(body.to, T0 + 600_000);
  assert.equal(body.step, '1m');
  assert.equal(body.points.length, 10);
  assert.deepEqual(body.points[0], {
    at: T0,
    hits: 120,
    bytes: 12_000,
    status: { '1xx': 0, '2xx': 120, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 },
    avg: 1,
    alert: false,
  });
  assert.equal(body.stats.hits, 1200);
});

test('a bad parameter is a 400 naming it', (t) => {
  const route = withHistory(t);
  const cases: Array<[string, string]> = [
    [`to=${T0 + 1000}`, 'from'],
    [`from=yesterday&to=${T0}`, 'from'],
    [`from=${T0}&to=${T0}`, 'to'],
    [`from=${T0}&to=${T0 + 1000}&step=2m`, 'step'],
    [`from=${T0}&to=${T0 + 3 * 3_600_000}&step=1s`, 'step'],
    [`from=${T0}&to=${T0 + 1000}&form=1`, 'form'],
  ];
  for (const [q, param] of cases) {
    const res = route(url(q));
    assert.equal(res.status, 400, q);
    const body = res.body as { error: string; parameter: string };
    assert.equal(body.parameter, param, q);
    assert.ok(body.error.includes(param), body.error);
  }
});

test('without a history database the route says so', () => {
  const res = createHistoryRoute(() => null)(url(`from=${T0}&to=${T0 + 1000}`));
  assert.equal(res.status, 404);
  assert.match((res.body as { error: string }).error, /no history database/);
});
