/**
 * Alert rules (docs/reference/alerts.md) and the monitor's clock (clock.md), driven
 * through the engine core with a fake wall clock: window W = 10 s,
 * threshold T = 2 req/s, so the alert needs more than 20 hits in a window.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { burst, clf, fakeCore } from './helpers';

const T0 = 1_700_000_000; // a Unix second

/** Feed `perSecond(s)` hits for each second of [from, to), in real time. */
function steady(
  m: ReturnType<typeof fakeCore>,
  from: number,
  to: number,
  perSecond: (s: number) => number,
) {
  for (let s = from; s < to; s++) {
    m.feed(s, burst(s, perSecond(s)));
    m.at(s, 900);
  }
}

describe('alerting', () => {
  test('no traffic on a live log: no alert, summaries of nothing stamped with the wall clock', () => {
    const m = fakeCore({ start: T0 });
    for (let s = T0; s < T0 + 300; s++) m.at(s);
    assert.deepEqual(m.alerts(), []);
    const summaries = m.summaries();
    assert.ok(summaries.length >= 29, `${summaries.length} summaries`);
    assert.ok(summaries.every((e) => e.interval.hits === 0 && e.total.hits === 0));
    assert.equal(summaries.at(-1)!.at, (T0 + 290) * 1000);
  });

  test('no traffic in a replay: no event, clock not started', () => {
    const m = fakeCore({ start: T0, live: false });
    for (let s = T0; s < T0 + 300; s++) m.at(s);
    assert.deepEqual(m.events, []);
    assert.equal(m.core.clock.now(), null);
  });

  test('steady traffic just below the threshold never alerts', () => {
    const m = fakeCore({ start: T0 });
    // 19 hits per 10 s: one second in ten has 1 hit, the others 2.
    steady(m, T0, T0 + 120, (s) => ((s - T0) % 10 === 0 ? 1 : 2));
    assert.equal(m.alerts().length, 0);
    assert.ok(m.core.avg > 1.8 && m.core.avg <= 2, `avg ${m.core.avg}`);
  });

  test('exactly at the threshold does not alert (strict >)', () => {
    const m = fakeCore({ start: T0 });
    steady(m, T0, T0 + 60, () => 2);
    m.at(T0 + 61);
    assert.equal(m.core.avg, 2);
    assert.equal(m.alerts().length, 0);
  });

  test('one hit more alerts at the right second, once that second is complete', () => {
    const m = fakeCore({ start: T0 });
    steady(m, T0, T0 + 30, () => 2);
    const s = T0 + 30;
    m.feed(s, burst(s, 3)); // 21 hits in (s-10, s]
    m.at(s, 999);
    assert.equal(m.alerts().length, 0, 'second s is not complete yet');
    // Lines arrived 100 ms into their second, so the clock reaches s + 1 at wall s + 1.1.
    m.at(s + 1, 150);
    const alerts = m.alerts();
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]!.type, 'alert');
    assert.equal(alerts[0]!.at, s * 1000);
    assert.equal(alerts[0]!.hits, 21);
    assert.equal(alerts[0]!.avg, 2.1);
    assert.equal(alerts[0]!.threshold, 2);
    assert.equal(alerts[0]!.window, 10);
  });

  test('alert then total silence: recovery comes from the clock alone', () => {
    const m = fakeCore({ start: T0 });
    steady(m, T0, T0 + 10, () => 5); // 50 hits in 10 s: avg 5
    assert.equal(m.alerts().length, 1);
    const lines = m.events.length;
    // No more lines. Time passes.
    for (let s = T0 + 10; s <= T0 + 30; s++) m.at(s, 500);
    const [, recovery] = m.alerts();
    assert.ok(recovery, 'recovery raised without any new line');
    assert.equal(recovery.type, 'recovery');
    // (s-10, s] holds ≤ 20 hits once s - 10 >= T0 + 5: seconds T0+6..T0+9 hold 20.
    assert.equal(recovery.at, (T0 + 15) * 1000);
    assert.equal(recovery.hits, 20);
    assert.ok(m.events.length > lines);
    assert.equal(m.alerts().length, 2, 'exactly one event per transition');
  });

  test('late lines inside the window count, older ones are reported late', () => {
    const m = fakeCore({ start: T0 });
    m.feed(T0 + 100, [clf(T0 + 100)]);
    m.feed(T0 + 100, [clf(T0 + 95)]); // 5 s old: in the window
    m.feed(T0 + 100, [clf(T0 + 85)]); // 15 s old: older than now - W
    const { window, total } = m.core.stats();
    assert.equal(window.hits, 2);
    assert.equal(total.hits, 3);
    assert.equal(total.late, 1);
    m.at(T0 + 101, 150);
    assert.equal(m.core.windowHits, 2, 'the late-but-inside line counts toward the alert average');
  });

  test('a line 2 hours in the future does not move the clock; unconfirmed, it is skewed', () => {
    const m = fakeCore({ start: T0 });
    m.feed(T0, [clf(T0)]);
    m.feed(T0, [clf(T0 + 7200)]);
    const now = m.core.clock.now()!;
    assert.ok(now < (T0 + 1) * 1000, `clock stayed at ${now}`);
    assert.equal(m.core.heldAhead, 1, 'held while the lines around it may confirm it');
    m.at(T0 + 11);
    assert.equal(m.core.heldAhead, 0);
    assert.ok(m.core.clock.now()! < (T0 + 12) * 1000);
    const { total, window } = m.core.stats();
    assert.equal(total.skewed, 1);
    assert.equal(total.hits, 2);
    assert.equal(window.hits, 0, 'the one real line has left the 10 s window');
  });

  test('a fast replay evaluates every crossed second', () => {
    const m = fakeCore({ start: T0 + 100_000, live: false });
    // 5 hits/s for 10 s (alert), then one line 60 s later: the clock jumps.
    for (let s = T0; s < T0 + 10; s++) m.feed(T0 + 100_000, burst(s, 5));
    m.feed(T0 + 100_000, [clf(T0 + 70)]);
    const secs = m.seconds().map((e) => e.at / 1000);
    // Every second from the first to the one before the jump target, none twice.
    for (let i = 1; i < secs.length; i++) assert.equal(secs[i], secs[i - 1]! + 1);
    assert.ok(secs.includes(T0 + 19) && secs.includes(T0 + 15));
    const [alert, recovery] = m.alerts();
    assert.equal(alert?.type, 'alert');
    assert.equal(recovery?.type, 'recovery');
    assert.equal(
      recovery.at,
      (T0 + 15) * 1000,
      'recovery at the exact second, not at the jump target',
    );
  });

  test('flapping around the threshold: one event per crossing, alternating', () => {
    const m = fakeCore({ start: T0 });
    // Alternate 30 s at 3 req/s and 30 s at 1 req/s, four times.
    steady(m, T0, T0 + 240, (s) => (Math.floor((s - T0) / 30) % 2 === 0 ? 3 : 1));
    m.at(T0 + 260);
    const alerts = m.alerts();
    assert.equal(alerts.length, 8, alerts.map((a) => `${a.type}@${a.at / 1000 - T0}`).join(' '));
    alerts.forEach((a, i) => assert.equal(a.type, i % 2 === 0 ? 'alert' : 'recovery'));
    const times = alerts.map((a) => a.at);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
  });

  test('the threshold can change live', () => {
    const m = fakeCore({ start: T0 });
    steady(m, T0, T0 + 20, () => 2);
    m.core.threshold = 1;
    steady(m, T0 + 20, T0 + 22, () => 2);
    assert.equal(m.alerts()[0]?.type, 'alert');
    assert.equal(m.alerts()[0]?.threshold, 1);
  });
});

describe('summaries', () => {
  test('one summary per interval of the monitor clock, with interval, window and total figures', () => {
    const m = fakeCore({ start: T0, interval: 10 });
    steady(m, T0, T0 + 35, () => 1);
    m.at(T0 + 41);
    const sums = m.summaries();
    assert.ok(sums.length >= 3);
    for (const s of sums) assert.equal(s.at % 10_000, 0, 'intervals end on interval boundaries');
    const last = sums[sums.length - 1]!;
    assert.equal(last.total.hits, 35);
    const intervalHits = sums.reduce((n, s) => n + s.interval.hits, 0);
    assert.equal(intervalHits, 35, 'intervals partition the total');
    assert.deepEqual(last.total.sections, [{ section: '/a', hits: 35 }]);
    assert.equal(last.total.status['2xx'], 35);
  });

  test('silence still produces a summary every interval', () => {
    const m = fakeCore({ start: T0, interval: 5 });
    m.feed(T0, [clf(T0)]);
    for (let s = T0 + 1; s <= T0 + 31; s++) m.at(s, 10);
    const sums = m.summaries();
    assert.equal(sums.length, 6);
    assert.equal(sums[sums.length - 1]!.interval.hits, 0);
  });
});
