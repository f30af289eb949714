import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Follower } from '../../main/engine/follow/follower';
import {
  fakeClock,
  startFollowing,
  tempLog,
  type FakeClock,
  type Recording,
  type TempLog,
} from './fixtures/follow-helpers';

const POLL_MS = 1000;

describe('follower: rotation and truncation, no line lost or repeated', () => {
  let tmp: TempLog;
  let clock: FakeClock;
  let f: Follower;
  let step: () => string[];
  let rec: Recording;

  beforeEach(async () => {
    tmp = tempLog();
    clock = fakeClock();
    fs.writeFileSync(tmp.file, 'a1\na2\n');
    ({ f, rec, step } = await startFollowing(tmp.file, clock, { pollMs: POLL_MS }));
    assert.deepEqual(step(), ['L:a1', 'L:a2', 'S:following']);
  });
  afterEach(async () => {
    await f.dispose();
    tmp.cleanup();
  });

  test('rename + recreate: writes to the old file after the rename are still read', async () => {
    const old = `${tmp.file}.1`;
    fs.appendFileSync(tmp.file, 'a3\n');
    fs.renameSync(tmp.file, old);
    fs.writeFileSync(tmp.file, 'b1\n');
    fs.appendFileSync(old, 'a4\n'); // the server still had the old file open
    await f.poll();
    assert.deepEqual(step(), ['L:a3', 'L:a4', 'S:rotated', 'L:b1', 'S:following']);
    assert.match(rec.states.at(-2)![1], /access\.log was replaced by a new file \(rotated\)/);

    fs.appendFileSync(old, 'a5\na6-unterminated');
    fs.appendFileSync(tmp.file, 'b2\n');
    await f.poll();
    assert.deepEqual(step(), ['L:a5', 'L:b2']);

    // Once it has had no new bytes for 30 s the old file is let go; its unterminated line is delivered then.
    clock.advance(30_000);
    await f.poll();
    assert.deepEqual(step(), ['L:a6-unterminated']);
    fs.appendFileSync(tmp.file, 'b3\n');
    await f.poll();
    assert.deepEqual(step(), ['L:b3']);
    assert.deepEqual(rec.lines, [
      'a1',
      'a2',
      'a3',
      'a4',
      'b1',
      'a5',
      'b2',
      'a6-unterminated',
      'b3',
    ]);
  });

  test('copy-and-truncate: the file shrinks, reading restarts at 0 without repeating the copy', async () => {
    fs.appendFileSync(tmp.file, 'a3\n');
    await f.poll();
    fs.copyFileSync(tmp.file, `${tmp.file}.1`);
    fs.truncateSync(tmp.file, 0);
    fs.appendFileSync(tmp.file, 'b1\n');
    await f.poll();
    assert.deepEqual(step(), ['L:a3', 'S:truncated', 'L:b1', 'S:following']);
    assert.match(rec.states.at(-2)![1], /access\.log was truncated/);
    fs.appendFileSync(tmp.file, 'b2\n');
    await f.poll();
    assert.deepEqual(step(), ['L:b2']);
  });

  test('truncate and refill past the old offset within one poll is still seen as a truncation', async () => {
    fs.truncateSync(tmp.file, 0);
    fs.appendFileSync(tmp.file, 'b1 is a longer line than before\nb2\n');
    await f.poll();
    assert.deepEqual(step(), [
      'S:truncated',
      'L:b1 is a longer line than before',
      'L:b2',
      'S:following',
    ]);
  });

  test('delete + recreate within one poll is a rotation', async () => {
    fs.appendFileSync(tmp.file, 'a3\n');
    fs.rmSync(tmp.file);
    fs.writeFileSync(tmp.file, 'b1\n');
    await f.poll();
    assert.deepEqual(step(), ['L:a3', 'S:rotated', 'L:b1', 'S:following']);
  });

  test('delete, a poll while missing, then recreate', async () => {
    fs.appendFileSync(tmp.file, 'a3\n');
    fs.rmSync(tmp.file);
    await f.poll();
    assert.deepEqual(step(), ['L:a3', 'S:waiting']);
    fs.writeFileSync(tmp.file, 'b1\nb2\n');
    await f.poll();
    assert.deepEqual(step(), ['S:rotated', 'L:b1', 'L:b2', 'S:following']);
  });

  test('a different file moved into place is read from its start', async () => {
    const other = `${tmp.file}.new`;
    fs.writeFileSync(other, 'c1\nc2\n');
    fs.appendFileSync(tmp.file, 'a3\n');
    fs.renameSync(other, tmp.file);
    await f.poll();
    assert.deepEqual(step(), ['L:a3', 'S:rotated', 'L:c1', 'L:c2', 'S:following']);
  });

  test('a file moved away and back again continues where it was', async () => {
    const away = `${tmp.file}.away`;
    fs.renameSync(tmp.file, away);
    await f.poll();
    assert.deepEqual(step(), ['S:waiting']);
    fs.appendFileSync(away, 'a3\n');
    fs.renameSync(away, tmp.file);
    await f.poll();
    assert.deepEqual(step(), ['L:a3', 'S:rotated', 'S:following']);
    assert.equal(rec.codes.at(-2), 'rotated-resumed');
  });

  test('reopen (SIGHUP) keeps the place and a held partial line; a rotation is seen at once', async () => {
    fs.appendFileSync(tmp.file, 'a3-par');
    await f.poll();
    await f.reopen();
    fs.appendFileSync(tmp.file, 'tial\n');
    await f.reopen();
    assert.deepEqual(step(), ['L:a3-partial']);
    fs.renameSync(tmp.file, `${tmp.file}.1`);
    fs.writeFileSync(tmp.file, 'b1\n');
    await f.reopen();
    assert.deepEqual(step(), ['S:rotated', 'L:b1', 'S:following']);
  });

  test('two rotations between polls: nothing of the middle file is counted twice', async () => {
    fs.renameSync(tmp.file, `${tmp.file}.1`);
    fs.writeFileSync(tmp.file, 'b1\n');
    await f.poll();
    fs.renameSync(tmp.file, `${tmp.file}.2`);
    fs.writeFileSync(tmp.file, 'c1\n');
    fs.appendFileSync(`${tmp.file}.2`, 'b2\n');
    await f.poll();
    assert.deepEqual(rec.lines, ['a1', 'a2', 'b1', 'b2', 'c1']);
    assert.deepEqual(
      rec.states.map(([s]) => s),
      ['following', 'rotated', 'following', 'rotated', 'following'],
    );
  });
});
