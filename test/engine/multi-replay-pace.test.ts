/** The rule that turns a piped input from a replay into a live log (replay-pace.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplayPace } from '../../main/engine/replay-pace';

const W0 = 1_000_000;
const LOG0 = Date.UTC(2026, 0, 1);

describe('replay pace of a piped input', () => {
  test('a replay (an hour of log time a second) stays a replay while data keeps coming', () => {
    const pace = new ReplayPace(W0);
    for (let i = 0; i <= 100; i++) {
      assert.equal(pace.data(W0 + i * 50, LOG0 + i * 180_000), false, `chunk ${i}`);
    }
  });

  test('lines at the pace of the wall clock go live within a couple of seconds', () => {
    const pace = new ReplayPace(W0);
    let liveAt: number | null = null;
    for (let i = 0; i <= 40 && liveAt === null; i++) {
      // One line every 100 ms; timestamps have one-second resolution.
      const wall = W0 + i * 100;
      const log = LOG0 + Math.floor((i * 100) / 1000) * 1000;
      if (pace.data(wall, log)) liveAt = wall;
    }
    assert.ok(liveAt !== null, 'went live');
    assert.ok(liveAt - W0 <= 2100, `live after ${liveAt - W0} ms`);
  });

  test('a pause of about a second makes it live, whatever the pace before', () => {
    const pace = new ReplayPace(W0);
    assert.equal(pace.data(W0 + 10, LOG0), false);
    assert.equal(pace.data(W0 + 20, LOG0 + 3_600_000), false);
    assert.equal(pace.tick(W0 + 900), false);
    assert.equal(pace.tick(W0 + 1020), true);
    // Once live it stays live, even if a burst of old lines follows.
    assert.equal(pace.data(W0 + 1100, LOG0 + 7_200_000), true);
  });

  test('data after a silence of a second is live on arrival even without a tick', () => {
    const pace = new ReplayPace(W0);
    assert.equal(pace.data(W0 + 10, LOG0), false);
    assert.equal(pace.data(W0 + 1500, LOG0 + 60_000), true);
  });

  test('an input that sends nothing at first goes live after the quiet time', () => {
    const pace = new ReplayPace(W0, { quietMs: 1000 });
    assert.equal(pace.tick(W0 + 999), false);
    assert.equal(pace.tick(W0 + 1000), true);
  });

  test('lines without timestamps decide nothing by pace, only by silence', () => {
    const pace = new ReplayPace(W0);
    for (let i = 0; i < 50; i++) assert.equal(pace.data(W0 + i * 100, null), false);
    assert.equal(pace.tick(W0 + 4900 + 1000), true);
  });

  test('a replay that slows to real time goes live', () => {
    const pace = new ReplayPace(W0, { spanMs: 2000 });
    let wall = W0;
    let log = LOG0;
    for (let i = 0; i < 20; i++) {
      wall += 100;
      log += 60_000;
      assert.equal(pace.data(wall, log), false);
    }
    let live = false;
    for (let i = 0; i < 50 && !live; i++) {
      wall += 100;
      if (i % 10 === 0) log += 1000;
      live = pace.data(wall, log);
    }
    assert.equal(live, true);
  });
});
