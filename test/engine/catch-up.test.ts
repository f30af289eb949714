/**
 * A followed (live) log that receives a backlog at once, as a log shipper
 * catching up after an outage does (docs/reference/clock.md, "Catching up"):
 * the clock follows the backlog's log time, every line counts in its second,
 * and the last second is evaluated as soon as it is read, not at the wall
 * clock's pace. Lines are read on a simulated wall clock in batches of the
 * size the follower hands over.
 */
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { SecondEvent } from '../../main/common/types';
import { MonitorCore } from '../../main/engine/core';
import { createEngine } from '../../main/engine/engine';
import { fakeClock, tempLog } from './fixtures/follow-helpers';
import { clf, waitFor } from './helpers';

const WALL0 = 1_700_000_000_000;
/** Lines in one read: about 256 KiB of common-format lines. */
const BATCH = 2800;
const TICK = 250;

/** A live core on a simulated wall clock, fed and ticked as the engine would. */
function followedLog(window = 120) {
  let wall = WALL0;
  const seconds: SecondEvent[] = [];
  const core = new MonitorCore({
    threshold: 1e6,
    window,
    interval: 10,
    format: 'common',
    live: true,
    wall: () => wall,
    emit: (e) => {
      if (e.type === 'second') seconds.push(e);
    },
  });
  let written = 0;
  return {
    core,
    seconds,
    get written() {
      return written;
    },
    get wall() {
      return wall;
    },
    /** Lines appended at once, read in batches of `batch` lines 10 ms apart. */
    append(lines: string[], batch = BATCH) {
      written += lines.length;
      for (let i = 0; i < lines.length; i += batch) {
        wall += 10;
        core.beginBatch();
        core.ingest(lines.slice(i, i + batch));
        core.endBatch();
      }
    },
    tick() {
      wall += TICK;
      core.tick();
    },
    /** Tick until second `sec` is evaluated; the ticks it took, or Infinity after `limit`. */
    ticksUntilEvaluated(sec: number, limit: number): number {
      for (let n = 0; n <= limit; n++) {
        if ((seconds.at(-1)?.at ?? -Infinity) >= sec * 1000) return n;
        this.tick();
      }
      return Infinity;
    },
  };
}

/** `rps` lines for each second of one minute of log from `start` (Unix s). */
function minute(start: number, rps: number): string[] {
  const lines: string[] = [];
  for (let s = 0; s < 60; s++) for (let i = 0; i < rps; i++) lines.push(clf(start + s));
  return lines;
}

describe('a followed log catching up a backlog', () => {
  test('minutes of old lines appended at once: each counted in its second, the clock keeps up with them', () => {
    const rps = 200;
    const log = followedLog();
    const start = WALL0 / 1000 - 3600; // the backlog starts an hour ago
    for (let m = 0; m < 4; m++) {
      log.append(minute(start + m * 60, rps));
      // What the page of the bench waits for: the minute's last whole second but one.
      const ticks = log.ticksUntilEvaluated(start + m * 60 + 58, 400);
      assert.ok(ticks <= 1, `minute ${m}: its end evaluated after ${ticks} ticks`);
    }
    const { total } = log.core.stats();
    assert.equal(log.core.heldAhead, 0, 'nothing held');
    assert.equal(total.hits, log.written, 'every line counted');
    assert.equal(total.skewed, 0, 'no line of the backlog left out of its second');
    assert.equal(total.late, 0);
    const backlog = log.seconds.filter((e) => e.at < (start + 4 * 60 - 1) * 1000);
    assert.equal(backlog.length, 4 * 60 - 1);
    for (const e of backlog)
      assert.equal(e.hits, rps, `second ${e.at / 1000 - start}: complete when evaluated`);
  });

  test('once caught up, silence still moves the clock with the wall clock', () => {
    const log = followedLog();
    const start = WALL0 / 1000 - 3600;
    log.append(minute(start, 200));
    const caughtUp = log.core.clock.now()!;
    assert.ok(caughtUp >= (start + 59) * 1000, `clock ${caughtUp / 1000 - start} s into the log`);
    const wall = log.wall;
    for (let i = 0; i < 40; i++) log.tick();
    const moved = log.core.clock.now()! - caughtUp;
    assert.ok(
      moved >= log.wall - wall - 1000,
      `the clock moved ${moved} ms in ${log.wall - wall} ms of silence`,
    );
  });

  test('a backlog larger than the lines that can be held, in one read: every line in its second', () => {
    const log = followedLog();
    const start = WALL0 / 1000 - 3600;
    log.append([...minute(start, 200), ...minute(start + 60, 200)], Infinity);
    assert.equal(log.ticksUntilEvaluated(start + 118, 4), 0);
    const { total } = log.core.stats();
    assert.equal(total.hits, log.written);
    assert.equal(total.skewed, 0);
    assert.equal(log.core.heldAhead, 0);
  });

  test('a backlog, then lines as they happen: live again, on the log clock where the backlog left it', () => {
    const log = followedLog();
    const start = WALL0 / 1000 - 3600;
    log.append(minute(start, 200));
    assert.equal(log.core.clock.catchingUp, true);
    // The shipper has caught up: from now on about 200 lines a second (52 every 260 ms),
    // stamped as they happen.
    const offset = (start + 60) * 1000 - log.wall;
    for (let step = 0; step < 100; step++) {
      const stamp = Math.floor((log.wall + offset) / 1000);
      log.append(Array.from({ length: 52 }, () => clf(stamp)));
      log.tick();
    }
    assert.equal(log.core.clock.catchingUp, false, 'the pace of the lines says live');
    const behind = log.wall + offset - log.core.clock.now()!;
    assert.ok(behind >= 0 && behind <= 1500, `the clock is ${behind} ms behind the log's`);
    const { total } = log.core.stats();
    assert.equal(total.hits, log.written);
    assert.equal(total.late + total.skewed, 0);
  });

  test('a line stamped far ahead inside the backlog: skewed, the backlog after it still counted', () => {
    const log = followedLog();
    const start = WALL0 / 1000 - 3600;
    const lines = minute(start, 200);
    lines.splice(6000, 0, clf(start + 3000)); // 50 minutes ahead of its neighbours
    log.append(lines);
    for (let i = 0; i < 60; i++) log.tick();
    const { total } = log.core.stats();
    assert.equal(total.skewed, 1);
    assert.equal(total.late, 0, 'the clock did not jump to it');
    assert.equal(total.hits, log.written);
  });

  test('through the engine, on a file followed from empty: read, counted and evaluated in a few ticks', async () => {
    const tmp = tempLog();
    writeFileSync(tmp.file, '');
    const clock = fakeClock(WALL0);
    const engine = createEngine({ file: tmp.file, threshold: 1e6, clock, watch: false });
    const seconds: SecondEvent[] = [];
    engine.onAny((e) => {
      if (e.type === 'second') seconds.push(e);
    });
    let read = 0;
    engine.onIngest((n) => (read += n));
    try {
      await engine.start();
      const start = WALL0 / 1000 - 3600;
      for (let m = 0; m < 3; m++) {
        const lines = minute(start + m * 60, 200);
        appendFileSync(tmp.file, lines.map((l) => `${l}\n`).join(''));
        const before = read;
        clock.advance(1000); // the follower's poll
        await waitFor(() => read === before + lines.length, `minute ${m} read`);
        let ticks = 0;
        while ((seconds.at(-1)?.at ?? 0) < (start + m * 60 + 58) * 1000 && ticks < 400) {
          clock.advance(TICK);
          ticks++;
        }
        assert.ok(ticks <= 4, `minute ${m}: its end evaluated ${ticks} ticks after it was read`);
      }
      const { total } = engine.snapshot().stats;
      assert.equal(total.hits, read);
      assert.equal(total.skewed + total.late, 0);
    } finally {
      await engine.dispose();
      tmp.cleanup();
    }
  });
});
