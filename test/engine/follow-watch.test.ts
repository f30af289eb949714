import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createFollower, type Follower } from '../../main/engine/follow/follower';
import { openDirectoryWatches } from '../../main/engine/follow/parent-watcher';
import { record, tempLog, type Recording, type TempLog } from './fixtures/follow-helpers';

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

describe('follower: filesystem notifications trigger delivery', () => {
  let tmp: TempLog;
  let f: Follower;
  beforeEach(() => (tmp = tempLog()));
  afterEach(async () => {
    await f.dispose();
    tmp.cleanup();
  });

  test('an append and a rename + recreate are delivered without any poll call', async () => {
    fs.writeFileSync(tmp.file, 'a1\n');
    f = createFollower({
      path: tmp.file,
      start: 'end',
      follow: true,
      watch: true,
      pollMs: NO_POLL_MS,
    });
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

  test('a parent directory created later: polled until it appears, then notifications work', async () => {
    const file = path.join(tmp.dir, 'later', 'access.log');
    f = createFollower({ path: file, start: 'end', follow: true, watch: true, pollMs: NO_POLL_MS });
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
});
