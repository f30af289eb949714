import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createFollower, type Follower } from '../../main/engine/follow/follower';
import { openDirectoryWatches } from '../../main/engine/follow/parent-watcher';
import { SLOWER } from '../../main/engine/follow/poll-pace';
import {
  fakeClock,
  record,
  tempLog,
  type Recording,
  type TempLog,
} from './fixtures/follow-helpers';

/** The safety-net poll never fires during a test: only a notification can deliver. */
const NO_POLL_MS = 3_600_000;
/** Generous: a fail-safe for a loaded CI machine, not a timing assertion. */
const PATIENCE_MS = 15_000;

/** Resolves once `rec` holds `count` lines; rejects after PATIENCE_MS. */
function linesArrive(rec: Recording, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      if (rec.lines.length >= count) return resolve();
      if (Date.now() - started > PATIENCE_MS)
        return reject(new Error(`only got ${JSON.stringify(rec.lines)}`));
      setTimeout(check, 20);
    };
    check();
  });
}

/**
 * Creates the log with `content` and a hard link to it in another directory:
 * the log's directory watch hears nothing of a write made through that name.
 */
function linkElsewhere(tmp: TempLog, content: string): string {
  fs.writeFileSync(tmp.file, content);
  const link = path.join(fs.mkdtempSync(path.join(tmp.dir, 'elsewhere-')), 'same-file.log');
  fs.linkSync(tmp.file, link);
  return link;
}

/** A follower of `file` that only notifications can make read. */
const notifiedOnly = (file: string) =>
  ({ path: file, start: 'end', follow: true, watch: true, pollMs: NO_POLL_MS }) as const;

describe('follower: filesystem notifications trigger delivery, the safety net backs them', () => {
  let tmp: TempLog;
  let f: Follower;
  beforeEach(() => (tmp = tempLog()));
  afterEach(async () => {
    await f.dispose();
    tmp.cleanup();
  });

  test('an append and a rename + recreate are delivered without any poll call', async () => {
    fs.writeFileSync(tmp.file, 'a1\n');
    f = createFollower(notifiedOnly(tmp.file));
    const rec = record(f);
    await f.start();
    fs.appendFileSync(tmp.file, 'a2\n');
    await linesArrive(rec, 1);
    fs.renameSync(tmp.file, `${tmp.file}.1`);
    fs.writeFileSync(tmp.file, 'b1\n');
    await linesArrive(rec, 2);
    assert.deepEqual(rec.lines, ['a2', 'b1']);
    // A notification may land between the rename and the create: a brief `waiting` is then right.
    assert.deepEqual(
      rec.states.map(([s]) => s).filter((s) => s !== 'waiting'),
      ['following', 'rotated', 'following'],
    );
  });

  test('a truncation, refilled past the old offset, is caught from notifications alone', async () => {
    fs.writeFileSync(tmp.file, '');
    f = createFollower(notifiedOnly(tmp.file));
    const rec = record(f);
    await f.start();
    fs.appendFileSync(tmp.file, 'a1\n');
    await linesArrive(rec, 1);
    // Same file, new content longer than what was read: only the bytes before the offset tell.
    fs.writeFileSync(tmp.file, 'b1 is longer\nb2\n');
    await linesArrive(rec, 3);
    assert.deepEqual(rec.lines, ['a1', 'b1 is longer', 'b2']);
    assert.deepEqual(
      rec.states.map(([s]) => s),
      ['following', 'truncated', 'following'],
    );
  });

  test('a parent directory created later: polled until it appears, then notifications work', async () => {
    const file = path.join(tmp.dir, 'later', 'access.log');
    f = createFollower(notifiedOnly(file));
    const rec = record(f);
    await f.start();
    assert.deepEqual(rec.states, [
      ['waiting', `${file} does not exist, nor does its directory; waiting for them to appear`],
    ]);
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, 'c1\n');
    await f.poll(); // nothing watches the new directory yet: the poll finds the file
    assert.deepEqual(rec.lines, ['c1']);
    // The watch on the new directory starts in the background; keep appending until it reports.
    let n = 1;
    const writer = setInterval(() => fs.appendFileSync(file, `c${++n}\n`), 200);
    try {
      await linesArrive(rec, 2);
    } finally {
      clearInterval(writer);
    }
    assert.deepEqual(rec.lines.slice(0, 2), ['c1', 'c2']);
  });

  test('files in one folder share one watch, and each gets its own notifications', async () => {
    const other = path.join(path.dirname(tmp.file), 'other.log');
    fs.writeFileSync(tmp.file, '');
    fs.writeFileSync(other, '');
    const opts = { start: 'end' as const, follow: true, watch: true, pollMs: NO_POLL_MS };
    f = createFollower({ path: tmp.file, ...opts });
    const g = createFollower({ path: other, ...opts });
    const [recF, recG] = [record(f), record(g)];
    await f.start();
    await g.start();
    assert.equal(openDirectoryWatches(), 1, 'one watch for the folder');
    fs.appendFileSync(tmp.file, 'f1\n');
    fs.appendFileSync(other, 'g1\n');
    await linesArrive(recF, 1);
    await linesArrive(recG, 1);
    assert.deepEqual([recF.lines, recG.lines], [['f1'], ['g1']]);
    await g.dispose();
    assert.equal(openDirectoryWatches(), 1, 'still watched for the other file');
    fs.appendFileSync(tmp.file, 'f2\n');
    await linesArrive(recF, 2);
    await f.dispose();
    assert.equal(openDirectoryWatches(), 0, 'released with the last file');
  });

  // The safety net still finds what no notification announces.

  test('after notifications earned the slower pace, a write through a hard link elsewhere is read', async () => {
    const link = linkElsewhere(tmp, '');
    f = createFollower({ path: tmp.file, start: 'end', follow: true, watch: true, pollMs: 40 });
    const rec = record(f);
    await f.start();
    for (let i = 1; i <= 5; i++) {
      fs.appendFileSync(tmp.file, `n${i}\n`);
      await linesArrive(rec, i);
    }
    fs.appendFileSync(link, 'unannounced\n');
    await linesArrive(rec, 6);
    fs.appendFileSync(link, 'unannounced again\n');
    await linesArrive(rec, 7);
    assert.deepEqual(rec.lines, ['n1', 'n2', 'n3', 'n4', 'n5', 'unannounced', 'unannounced again']);
  });

  test('a quiet watched file is looked at every SLOWER ticks; an unannounced change brings back every tick', async () => {
    const link = linkElsewhere(tmp, 'old\n');
    const clock = fakeClock();
    const POLL = 1000;
    f = createFollower({
      path: tmp.file,
      start: 'end',
      follow: true,
      watch: true,
      pollMs: POLL,
      clock,
    });
    const rec = record(f);
    await f.start();
    // A look starts synchronously on the tick that is due: the count tells, no waiting.
    const before = f.looks;
    for (let i = 1; i < SLOWER; i++) clock.advance(POLL);
    assert.equal(f.looks, before, 'no look before SLOWER ticks');
    fs.appendFileSync(link, 'unannounced\n');
    clock.advance(POLL);
    assert.equal(f.looks, before + 1);
    await linesArrive(rec, 1);
    await f.poll(); // the look that found it has ended (the poll runs after it)
    const after = f.looks;
    clock.advance(POLL);
    assert.equal(f.looks, after + 1, 'every tick looks again');
    assert.deepEqual(rec.lines, ['unannounced']);
  });
});
