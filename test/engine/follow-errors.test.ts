import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFollower, type Follower } from '../../main/engine/follow/follower';
import { fakeClock, record, since, tempLog, type TempLog } from './fixtures/follow-helpers';
import {
  NOBODY,
  runPermissionScenario,
  whyNobodyCannotRun,
  type PermissionResult,
} from './fixtures/follow-permission';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/follow-permission.ts', import.meta.url));

describe('follower: unreadable paths are error states, retried until readable', () => {
  let tmp: TempLog;
  let f: Follower | null = null;
  beforeEach(() => (tmp = tempLog()));
  afterEach(async () => {
    await f?.dispose();
    f = null;
    tmp.cleanup();
  });

  test('a directory instead of a file: error naming it, then following once a file replaces it', async () => {
    fs.mkdirSync(tmp.file);
    f = createFollower({
      path: tmp.file,
      start: 'end',
      follow: true,
      watch: false,
      clock: fakeClock(),
    });
    const rec = record(f);
    const step = since(rec);
    await f.start();
    assert.deepEqual(step(), ['S:error']);
    assert.equal(
      rec.states[0]![1],
      `${tmp.file} cannot be followed: it is a directory, not a regular file`,
    );
    await f.poll();
    assert.deepEqual(step(), [], 'retrying does not repeat the same error');
    fs.rmdirSync(tmp.file);
    fs.writeFileSync(tmp.file, 'r1\nr2\n');
    await f.poll();
    assert.deepEqual(step(), ['L:r1', 'L:r2', 'S:following']);
  });

  test('a followed file replaced by a directory: lines before are kept, error, then the new file', async () => {
    fs.writeFileSync(tmp.file, 'a1\n');
    f = createFollower({
      path: tmp.file,
      start: 'start',
      follow: true,
      watch: false,
      clock: fakeClock(),
    });
    const rec = record(f);
    await f.start();
    fs.appendFileSync(tmp.file, 'a2\n');
    fs.renameSync(tmp.file, `${tmp.file}.1`);
    fs.mkdirSync(tmp.file);
    await f.poll();
    fs.rmdirSync(tmp.file);
    fs.writeFileSync(tmp.file, 'b1\n');
    await f.poll();
    assert.deepEqual(rec.events, [
      'L:a1',
      'S:following',
      'L:a2',
      'S:error',
      'S:rotated',
      'L:b1',
      'S:following',
    ]);
  });

  test('a FIFO is refused without opening it (opening would block)', async (t) => {
    if (spawnSync('mkfifo', [tmp.file]).status !== 0) return t.skip('mkfifo not available');
    f = createFollower({
      path: tmp.file,
      start: 'start',
      follow: true,
      watch: false,
      clock: fakeClock(),
    });
    const rec = record(f);
    await f.start();
    assert.deepEqual(rec.states, [
      ['error', `${tmp.file} cannot be followed: it is a FIFO (named pipe), not a regular file`],
    ]);
  });

  test('permission removed then restored: error, then every line exactly once', async (t) => {
    let result: PermissionResult;
    if (process.getuid?.() === 0) {
      // root reads through chmod 000: run the scenario as nobody, when nobody can run node here.
      const blocked = whyNobodyCannotRun(repoRoot);
      if (blocked) return t.skip(`${blocked}; run the tests as a normal user to cover this`);
      fs.chmodSync(tmp.dir, 0o777);
      const child = spawnSync(process.execPath, ['--import', 'tsx', fixture, tmp.dir], {
        cwd: repoRoot,
        uid: NOBODY,
        gid: NOBODY,
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(child.status, 0, `scenario failed as uid ${NOBODY}:\n${child.stderr}`);
      result = JSON.parse(child.stdout) as PermissionResult;
    } else {
      result = await runPermissionScenario(tmp.dir);
    }
    assert.deepEqual(result.fromStart, [
      'S:error',
      'L:p1',
      'L:p2',
      'L:p3',
      'S:following',
      'S:rotated',
      'S:error',
      'L:q1',
      'L:q2',
      'S:following',
    ]);
    assert.match(result.states[0]![1], /access\.log cannot be read: permission denied$/);
    assert.deepEqual(result.fromEnd, ['S:error', 'L:while unreadable', 'S:following']);
  });
});
