import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  createFollower,
  type Follower,
  type FollowerOptions,
} from '../../main/engine/follow/follower';
import { fakeClock, record, since, tempLog, type TempLog } from './fixtures/follow-helpers';

describe('follower: start position, partial lines, batches', () => {
  let tmp: TempLog;
  let followers: Follower[] = [];
  const make = (o: Partial<FollowerOptions> = {}) => {
    const f = createFollower({
      path: tmp.file,
      start: 'start',
      follow: true,
      watch: false,
      clock: fakeClock(),
      ...o,
    });
    followers.push(f);
    return f;
  };
  beforeEach(() => {
    tmp = tempLog();
    followers = [];
  });
  afterEach(async () => {
    for (const f of followers) await f.dispose();
    tmp.cleanup();
  });

  test("start: 'start' reads the existing lines, then only what is appended", async () => {
    fs.writeFileSync(tmp.file, 'a1\na2\n');
    const f = make();
    const rec = record(f);
    await f.start();
    fs.appendFileSync(tmp.file, 'a3\n');
    await f.poll();
    await f.poll();
    assert.deepEqual(rec.events, ['L:a1', 'L:a2', 'S:following', 'L:a3']);
    assert.deepEqual(rec.states[0], ['following', `reading new lines of ${tmp.file}`]);
  });

  test("start: 'end' skips the existing content", async () => {
    fs.writeFileSync(tmp.file, 'old1\nold2\n');
    const f = make({ start: 'end' });
    const rec = record(f);
    await f.start();
    fs.appendFileSync(tmp.file, 'new1\n');
    await f.poll();
    assert.deepEqual(rec.lines, ['new1']);
  });

  test('start at a byte offset reads from that line on', async () => {
    fs.writeFileSync(tmp.file, 'skip me\nkeep 1\nkeep 2\n');
    const f = make({ start: Buffer.byteLength('skip me\n') });
    const rec = record(f);
    await f.start();
    assert.deepEqual(rec.lines, ['keep 1', 'keep 2']);
  });

  test('a line written in two parts across polls is delivered once, whole', async () => {
    fs.writeFileSync(tmp.file, '');
    const f = make();
    const rec = record(f);
    await f.start();
    fs.appendFileSync(tmp.file, '10.0.0.1 - - "GET /ap');
    await f.poll();
    assert.deepEqual(rec.lines, []);
    fs.appendFileSync(tmp.file, 'i HTTP/1.1" 200 5\nnext');
    await f.poll();
    assert.deepEqual(rec.lines, ['10.0.0.1 - - "GET /api HTTP/1.1" 200 5']);
    fs.appendFileSync(tmp.file, '\n');
    await f.poll();
    assert.deepEqual(rec.lines, ['10.0.0.1 - - "GET /api HTTP/1.1" 200 5', 'next']);
  });

  test('a missing file is waited for, then read from its start whatever `start` said', async () => {
    const f = make({ start: 'end' });
    const rec = record(f);
    const step = since(rec);
    await f.start();
    assert.deepEqual(step(), ['S:waiting']);
    assert.match(rec.states[0]![1], /access\.log does not exist/);
    await f.poll();
    assert.deepEqual(step(), [], 'the same state is not reported again on every poll');
    fs.writeFileSync(tmp.file, 'first\nsecond\n');
    await f.poll();
    assert.deepEqual(step(), ['L:first', 'L:second', 'S:following']);
  });

  test('a burst is read in bounded batches, every line once and in order', async () => {
    const all = Array.from({ length: 2000 }, (_, i) => `line ${i}`);
    fs.writeFileSync(tmp.file, all.join('\n') + '\n');
    const f = make({ maxBatchBytes: 4096 });
    const rec = record(f);
    await f.start();
    assert.deepEqual(rec.lines, all);
    assert.ok(
      rec.batches >= Math.floor(fs.statSync(tmp.file).size / 4096),
      `${rec.batches} batches`,
    );
  });

  test('the poll timer of the injected clock drives delivery', async () => {
    fs.writeFileSync(tmp.file, '');
    const clock = fakeClock();
    const f = make({ clock, pollMs: 1000 });
    const rec = record(f);
    await f.start();
    fs.appendFileSync(tmp.file, 'tick\n');
    clock.advance(1000);
    await f.poll(); // waits for the timer's poll, which is already running
    assert.deepEqual(rec.lines, ['tick']);
  });

  test('stop keeps the place: lines written and a rotation while stopped are read on start', async () => {
    fs.writeFileSync(tmp.file, 'a1\n');
    const f = make();
    const rec = record(f);
    await f.start();
    await f.stop();
    fs.appendFileSync(tmp.file, 'a2\n');
    fs.renameSync(tmp.file, `${tmp.file}.1`);
    fs.writeFileSync(tmp.file, 'b1\n');
    assert.deepEqual(rec.lines, ['a1'], 'nothing is read while stopped');
    await f.start();
    assert.deepEqual(rec.events, [
      'L:a1',
      'S:following',
      'L:a2',
      'S:rotated',
      'L:b1',
      'S:following',
    ]);
  });

  test('concurrent poll requests never read a line twice', async () => {
    fs.writeFileSync(tmp.file, '');
    const f = make();
    const rec = record(f);
    await f.start();
    for (let i = 0; i < 20; i++) fs.appendFileSync(tmp.file, `c${i}\n`);
    await Promise.all(Array.from({ length: 10 }, () => f.poll()));
    assert.deepEqual(
      rec.lines,
      Array.from({ length: 20 }, (_, i) => `c${i}`),
    );
  });

  test('dispose is idempotent, resolves `done`, and stops delivery', async () => {
    fs.writeFileSync(tmp.file, 'x\n');
    const f = make();
    const rec = record(f);
    await f.start();
    await Promise.all([f.dispose(), f.dispose()]);
    await f.done;
    fs.appendFileSync(tmp.file, 'after\n');
    await f.poll();
    assert.deepEqual(rec.lines, ['x']);
    await assert.rejects(f.start(), /disposed/);
  });

  test('bad options are refused with a clear error', () => {
    assert.throws(() => make({ start: -1 }), /start must be/);
    assert.throws(() => make({ pollMs: 0 }), /pollMs must be > 0/);
  });
});

describe('follower: follow false (batch read)', () => {
  let tmp: TempLog;
  beforeEach(() => (tmp = tempLog()));
  afterEach(() => tmp.cleanup());

  test('delivers every line including a last one without newline, then resolves done', async () => {
    fs.writeFileSync(tmp.file, 'one\r\ntwo\nthree');
    const f = createFollower({ path: tmp.file, start: 'start', follow: false });
    const rec = record(f);
    await f.start();
    await f.done;
    assert.deepEqual(rec.lines, ['one', 'two', 'three']);
    await f.dispose();
  });

  test('a missing file rejects start with the path and the reason', async () => {
    const f = createFollower({ path: tmp.file, start: 'start', follow: false });
    await assert.rejects(f.start(), (err: Error) => {
      assert.equal(err.message, `${tmp.file} does not exist`);
      return true;
    });
    await f.dispose();
  });

  test('a directory or a device rejects start naming what it is', async () => {
    fs.mkdirSync(tmp.file);
    const dir = createFollower({ path: tmp.file, start: 'start', follow: false });
    await assert.rejects(dir.start(), /access\.log cannot be followed: it is a directory/);
    const dev = createFollower({ path: '/dev/null', start: 'start', follow: false });
    await assert.rejects(dev.start(), /\/dev\/null cannot be followed: it is a device/);
    await dir.dispose();
    await dev.dispose();
  });
});
