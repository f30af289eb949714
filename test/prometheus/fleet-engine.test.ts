/**
 * The fleet monitor on a fake clock and a fake Prometheus: the source's points
 * go through the same window, alert rule and summaries as a log's lines; a
 * Prometheus that goes away is a state, never a silence (no false recovery);
 * the gap is counted when it comes back. Against the real thing:
 * fleet-serve-live.test.ts.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertEvent, EngineEvent, SecondEvent } from '../../main/common/types';
import { createFleetEngine } from '../../main/engine/fleet-engine';
import { fakeClock } from '../engine/fixtures/follow-helpers';

const T0 = 1_700_000_000_000;

/**
 * A fake Prometheus holding one sample a second (at .5) of two instances' counters:
 * `rate(instance, sec)` requests in each second. `down` makes it refuse connections.
 */
function fakePrometheus(clock: { now(): number }, rate: (instance: string, sec: number) => number) {
  const state = { down: false, reads: 0 };
  const counter = new Map<string, Map<number, number>>();
  const valueAt = (instance: string, sec: number): number => {
    let m = counter.get(instance);
    if (!m) counter.set(instance, (m = new Map()));
    const start = T0 / 1000 - 600;
    if (sec <= start) return 0;
    const known = m.get(sec);
    if (known !== undefined) return known;
    const v = valueAt(instance, sec - 1) + rate(instance, sec);
    m.set(sec, v);
    return v;
  };
  const fetch = (async (input: URL) => {
    state.reads++;
    if (state.down)
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } as unknown as Error });
    const query = input.searchParams.get('query')!;
    const range = Number(/\[(\d+)s\]$/.exec(query)![1]);
    const now = clock.now() / 1000;
    const secs: number[] = [];
    for (let s = Math.ceil(now - range - 0.5); s + 0.5 <= now; s++)
      if (s + 0.5 > now - range) secs.push(s);
    const result = ['web1:8377', 'web2:8377'].flatMap((instance) => [
      {
        metric: {
          __name__: 'http_console_requests_total',
          instance,
          job: 'web',
          status_class: '2xx',
          section: '/api',
        },
        values: secs.map((s) => [s + 0.5, String(valueAt(instance, s))]),
      },
      { metric: { __name__: 'up', instance, job: 'web' }, values: secs.map((s) => [s + 0.5, '1']) },
    ]);
    return new Response(
      JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }),
    );
  }) as typeof globalThis.fetch;
  return { state, fetch };
}

function fleet(rate: (instance: string, sec: number) => number) {
  const clock = fakeClock(T0);
  const prom = fakePrometheus(clock, rate);
  const engine = createFleetEngine({
    prometheus: { url: 'http://127.0.0.1:9090', selector: '{job="web"}' },
    threshold: 10,
    window: 20,
    interval: 10,
    clock,
    fetch: prom.fetch,
  });
  const events: EngineEvent[] = [];
  engine.onAny((e) => events.push(e));
  /** Move the clock `seconds` on, one second at a time, letting each poll finish. */
  const run = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      clock.advance(1000);
      await engine.reopen();
    }
  };
  const alerts = () =>
    events.filter((e): e is AlertEvent => e.type === 'alert' || e.type === 'recovery');
  const seconds = () => events.filter((e): e is SecondEvent => e.type === 'second');
  return { clock, prom, engine, events, run, alerts, seconds };
}

describe('fleet engine', () => {
  test('the read-back fills the window silently; the present is judged once', async () => {
    const f = fleet(() => 8); // 16 req/s for the fleet, threshold 10
    await f.engine.start();
    await f.engine.reopen();
    assert.deepEqual(
      f.alerts().map((a) => a.type),
      ['alert'],
      'one alert, for the present, none for the read-back seconds',
    );
    assert.equal(f.seconds().length, 0, 'the read-back seconds are not replayed as events');
    const snap = f.engine.snapshot();
    assert.equal(snap.avg, 16);
    assert.equal(snap.file.state, 'following');
    assert.deepEqual(snap.inputs?.[0]?.kind, 'prometheus');
    assert.deepEqual(snap.instances, [
      { instance: 'web1:8377', rps: 8, share: 0.5, up: true },
      { instance: 'web2:8377', rps: 8, share: 0.5, up: true },
    ]);
    assert.ok(
      snap.at !== null && snap.at <= T0 && snap.at >= T0 - 2000,
      'the clock is the newest second',
    );
    await f.engine.dispose();
  });

  test('Prometheus down for minutes during an alert: a state, no zeros, no false recovery', async () => {
    const f = fleet(() => 8);
    await f.engine.start();
    await f.engine.reopen();
    await f.run(5);
    const before = f.engine.snapshot();
    assert.equal(before.alert.active, true);
    const counted = f.seconds().length;
    f.prom.state.down = true;
    await f.run(300);
    const down = f.engine.snapshot();
    assert.equal(down.file.code, 'prometheus-down');
    assert.equal(down.state, 'waiting', 'the tray shows waiting, not calm');
    assert.equal(down.inputs![0]!.code, 'prometheus-down');
    assert.equal(down.avg, before.avg, 'no silence invented: the average stays where it was');
    assert.equal(down.at, before.at, 'the clock waits for the seconds');
    assert.equal(f.seconds().length, counted, 'no second evaluated while down');
    assert.deepEqual(
      f.alerts().map((a) => a.type),
      ['alert'],
    );
    f.prom.state.down = false;
    await f.run(40); // backoff is 30 s at most
    const back = f.engine.snapshot();
    assert.equal(back.file.state, 'following');
    assert.ok(back.at! >= f.clock.now() - 3000, 'the gap is read back and counted');
    assert.deepEqual(
      f.alerts().map((a) => a.type),
      ['alert'],
      'still no recovery: the fleet never went quiet',
    );
    const secs = f.seconds().map((s) => s.at / 1000);
    for (let i = 1; i < secs.length; i++)
      assert.equal(secs[i], secs[i - 1]! + 1, 'every second once');
    assert.ok(
      f.seconds().every((s) => s.hits === 16),
      "every second, the gap too, holds the fleet's 16 requests",
    );
    await f.engine.dispose();
  });

  test('the fleet goes quiet: the recovery fires when the window says so', async () => {
    const quietFrom = T0 / 1000 + 10;
    const f = fleet((_, sec) => (sec >= quietFrom ? 0 : 8));
    await f.engine.start();
    await f.engine.reopen();
    await f.run(40);
    const [alert, recovery] = f.alerts();
    assert.equal(alert?.type, 'alert');
    assert.equal(recovery?.type, 'recovery');
    // 16 req/s until quietFrom: the 20 s average falls to 10 (not above) with 12.5 s... exactly
    // when (quietFrom - c + 20) * 16 / 20 <= 10, i.e. 7 seconds of quiet.
    assert.equal(recovery.at / 1000, quietFrom + 7);
    await f.engine.dispose();
  });

  test('summaries and the window name the instances, as sources', async () => {
    const f = fleet((instance) => (instance === 'web1:8377' ? 3 : 1));
    await f.engine.start();
    await f.engine.reopen();
    await f.run(25);
    const summary = f.events.findLast((e) => e.type === 'summary');
    assert.ok(summary && summary.type === 'summary');
    assert.deepEqual(summary.interval.sources, [
      { source: 'web1:8377', hits: 30 },
      { source: 'web2:8377', hits: 10 },
    ]);
    assert.equal(summary.interval.hits, 40);
    assert.deepEqual(summary.interval.sections, [{ section: '/api', hits: 40 }]);
    assert.equal(summary.interval.status['2xx'], 40);
    const snap = f.engine.snapshot();
    assert.deepEqual(snap.stats.window.sources, [
      { source: 'web1:8377', hits: 60 },
      { source: 'web2:8377', hits: 20 },
    ]);
    assert.equal(snap.windowHits, 80);
    await f.engine.dispose();
  });
});
