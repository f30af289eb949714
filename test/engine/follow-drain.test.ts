/**
 * Rotated-away files are drained until they have been idle for
 * `rotatedIdleMs` (a server writes to its old file until it is signalled),
 * at most a bounded number of them at a time; a file identity seen before
 * resumes at its offset when it comes back to the path.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { MAX_RETIRED } from '../../main/engine/follow/retired-files';
import * as h from './fixtures/follow-helpers';

describe('follower: rotated-away files are drained until idle', () => {
  let tmp: h.TempLog;
  let clock: h.FakeClock;
  let f: h.FollowRun['f'];
  let rec: h.FollowRun['rec'];
  let step: h.FollowRun['step'];

  const start = async (rotatedIdleMs?: number) => {
    ({ f, rec, step } = await h.startFollowing(
      tmp.file,
      clock,
      rotatedIdleMs === undefined ? {} : { rotatedIdleMs },
    ));
  };

  beforeEach(() => {
    tmp = h.tempLog();
    clock = h.fakeClock();
    fs.writeFileSync(tmp.file, 'a1\n');
  });
  afterEach(async () => {
    await f.dispose();
    tmp.cleanup();
  });

  test('a writer that reopens 5 s after the rename loses nothing; the old file is let go 30 s after its last write', async () => {
    await start();
    assert.deepEqual(step(), ['L:a1', 'S:following']);
    const old = `${tmp.file}.1`;
    fs.renameSync(tmp.file, old);
    fs.writeFileSync(tmp.file, '');
    await f.poll();
    assert.deepEqual(step(), ['S:rotated', 'S:following']);
    for (let s = 1; s <= 5; s++) {
      fs.appendFileSync(old, `old${s}\n`);
      clock.advance(1000); // the poll timer fires
      await f.poll();
    }
    fs.appendFileSync(old, 'old-unterminated');
    fs.appendFileSync(tmp.file, 'new1\n');
    await f.poll();
    assert.deepEqual(step(), ['L:old1', 'L:old2', 'L:old3', 'L:old4', 'L:old5', 'L:new1']);
    clock.advance(29_000);
    await f.poll();
    fs.appendFileSync(old, '-still read\n');
    await f.poll();
    assert.deepEqual(step(), ['L:old-unterminated-still read'], 'read 29 s after its last write');
    clock.advance(30_000);
    await f.poll();
    fs.appendFileSync(old, 'too late\n');
    clock.advance(1000);
    await f.poll();
    assert.deepEqual(step(), [], 'idle for 30 s: let go');
  });

  test('the idle time is configurable, and an unterminated last line is delivered when the file is let go', async () => {
    await start(5000);
    step();
    const old = `${tmp.file}.1`;
    fs.renameSync(tmp.file, old);
    fs.writeFileSync(tmp.file, '');
    fs.appendFileSync(old, 'partial');
    await f.poll();
    assert.deepEqual(step(), ['S:rotated', 'S:following']);
    clock.advance(5000);
    await f.poll();
    assert.deepEqual(step(), ['L:partial']);
    fs.appendFileSync(old, 'after\n');
    clock.advance(1000);
    await f.poll();
    assert.deepEqual(step(), []);
  });

  test(`at most ${MAX_RETIRED} rotated-away files are kept: the one idle longest is let go first`, async () => {
    await start();
    step();
    const olds: string[] = [];
    for (let i = 1; i <= MAX_RETIRED + 1; i++) {
      const old = `${tmp.file}.${i}`;
      fs.renameSync(tmp.file, old);
      fs.writeFileSync(tmp.file, '');
      olds.push(old);
      clock.advance(100);
      await f.poll();
    }
    for (const [i, old] of olds.entries()) fs.appendFileSync(old, `late${i + 1}\n`);
    await f.poll();
    const late = rec.lines.filter((l) => l.startsWith('late'));
    // The first file was let go when the (MAX_RETIRED + 1)th rotation came; every other one is read.
    assert.deepEqual(
      late,
      Array.from({ length: MAX_RETIRED }, (_, i) => `late${i + 2}`),
    );
  });

  test('a symlink re-pointed a -> b -> a resumes a where it was (not from its start)', async () => {
    const a = `${tmp.dir}/a.log`;
    const b = `${tmp.dir}/b.log`;
    fs.rmSync(tmp.file);
    fs.writeFileSync(a, 'a1\na2\n');
    fs.writeFileSync(b, 'b1\n');
    fs.symlinkSync(a, tmp.file);
    await start();
    assert.deepEqual(step(), ['L:a1', 'L:a2', 'S:following']);
    const repoint = (target: string) => {
      fs.rmSync(tmp.file);
      fs.symlinkSync(target, tmp.file);
    };
    repoint(b);
    await f.poll();
    assert.deepEqual(step(), ['S:rotated', 'L:b1', 'S:following']);
    // a is let go (idle for 30 s), then comes back: it resumes from memory.
    clock.advance(31_000);
    await f.poll();
    fs.appendFileSync(a, 'a3\n');
    repoint(a);
    await f.poll();
    assert.deepEqual(step(), ['S:rotated', 'L:a3', 'S:following']);
    assert.equal(rec.codes.at(-2), 'rotated-resumed');
    assert.match(
      rec.states.at(-2)![1],
      /access\.log is again a file read before; resuming at byte 6$/,
    );
    // b comes back while still drained: it resumes too.
    fs.appendFileSync(b, 'b2\n');
    repoint(b);
    await f.poll();
    assert.deepEqual(step(), ['L:b2', 'S:rotated', 'S:following'], 'drained, then back in place');
    assert.match(rec.states.at(-2)![1], /is again a file read before; resuming at byte 6$/);
    assert.deepEqual(rec.lines, ['a1', 'a2', 'b1', 'a3', 'b2']);
  });

  test('a remembered identity whose content changed (inode reused) is read from its start', async () => {
    await start();
    step();
    const ino = fs.statSync(tmp.file).ino;
    const old = `${tmp.file}.1`;
    fs.renameSync(tmp.file, old);
    fs.writeFileSync(tmp.file, 'b1\n');
    await f.poll();
    clock.advance(31_000);
    await f.poll();
    step();
    // Rewrite the old file in place (same inode, different bytes) and move it back.
    fs.writeFileSync(old, 'z1 rewritten\nz2\n');
    assert.equal(fs.statSync(old).ino, ino);
    fs.renameSync(old, tmp.file);
    await f.poll();
    assert.deepEqual(step(), ['S:rotated', 'L:z1 rewritten', 'L:z2', 'S:following']);
  });
});
