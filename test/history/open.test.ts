import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openHistory, openHistoryReader } from '../../main/history/open';
import { fakeClock, second, sqlite, T0, tempDir } from './helpers';

const SOURCE = '/logs/access.log';
const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function create(db: string, source = SOURCE): void {
  const r = openHistory({ path: db, source, clock: fakeClock(T0) });
  if (!r.ok) throw new Error(r.message);
  r.history.record(second(T0, 3));
  r.history.close();
}

test('a database belongs to one source; --reset-history with --db starts it afresh', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  create(tmp.db);
  const before = hash(tmp.db);
  const other = openHistory({ path: tmp.db, source: '/logs/other.log', clock: fakeClock(T0) });
  assert.equal(other.ok, false);
  assert.equal(!other.ok && other.code, 'other-source');
  assert.match(!other.ok ? other.message : '', /holds \/logs\/access\.log, not \/logs\/other\.log/);
  assert.match(!other.ok ? other.message : '', /--reset-history/);
  // Reset is refused when the path is only the default one.
  const implicit = openHistory({ path: tmp.db, source: '/logs/other.log', reset: true });
  assert.equal(!implicit.ok && implicit.code, 'other-source');
  assert.match(!implicit.ok ? implicit.message : '', /--reset-history needs --db/);
  assert.equal(hash(tmp.db), before, 'refusals leave the file as it was');
  assert.equal(sqlite(tmp.db, 'SELECT sum(hits) FROM seconds'), '3');

  const reset = openHistory({
    path: tmp.db,
    source: '/logs/other.log',
    reset: true,
    explicit: true,
    clock: fakeClock(T0),
  });
  assert.ok(reset.ok);
  reset.history.close();
  assert.equal(
    sqlite(tmp.db, "SELECT count(*) FROM seconds; SELECT value FROM meta WHERE key = 'source'"),
    '0\n/logs/other.log',
  );
});

test('garbage in place of the database: corrupt, and left untouched', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  writeFileSync(tmp.db, 'this is not a database\n'.repeat(500));
  const before = hash(tmp.db);
  const r = openHistory({ path: tmp.db, source: SOURCE });
  assert.equal(!r.ok && r.code, 'corrupt');
  assert.match(!r.ok ? r.message : '', new RegExp(`history database ${tmp.db} is damaged`));
  assert.equal(hash(tmp.db), before);
  assert.equal(existsSync(tmp.db + '-wal'), false);
  // A SQLite header followed by garbage pages.
  create(join(tmp.dir, 'good.db'));
  const bytes = readFileSync(join(tmp.dir, 'good.db'));
  bytes.fill(0x5a, 100);
  writeFileSync(tmp.db, bytes);
  const damaged = openHistory({ path: tmp.db, source: SOURCE });
  assert.equal(!damaged.ok && damaged.code, 'corrupt');
  assert.equal(openHistoryReader(tmp.db).ok, false);
});

test('a database written by a newer version is refused, not overwritten', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  create(tmp.db);
  sqlite(tmp.db, 'PRAGMA user_version = 99');
  const before = hash(tmp.db);
  const r = openHistory({ path: tmp.db, source: SOURCE });
  assert.equal(!r.ok && r.code, 'newer-schema');
  assert.match(!r.ok ? r.message : '', /newer http-console.*schema 99; this version reads up to 2/);
  assert.equal(hash(tmp.db), before);
  assert.equal(!openHistoryReader(tmp.db).ok && 'refused', 'refused');
});

test("another program's SQLite file is not taken over", (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  sqlite(tmp.db, 'CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES (1)');
  const r = openHistory({ path: tmp.db, source: SOURCE });
  assert.equal(!r.ok && r.code, 'other');
  assert.match(!r.ok ? r.message : '', /another program/);
  assert.equal(sqlite(tmp.db, 'SELECT count(*) FROM sqlite_master'), '1');
});

/** The sqlite3 CLI holding a write lock on `db` until `release()`. */
async function holdLock(db: string) {
  const cli = spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  cli.stdout.on('data', (d: Buffer) => (out += d.toString()));
  cli.stdin.write("BEGIN EXCLUSIVE;\nSELECT 'held';\n");
  const deadline = Date.now() + 20_000;
  while (!out.includes('held')) {
    if (Date.now() > deadline) throw new Error('sqlite3 did not take the lock');
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    release: () =>
      new Promise<void>((resolve) => {
        cli.on('exit', () => resolve());
        cli.stdin.end('ROLLBACK;\n.quit\n');
      }),
  };
}

test('a database locked by another process is refused; a lock during recording is waited out', async (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  create(tmp.db);
  const lock = await holdLock(tmp.db);
  const r = openHistory({ path: tmp.db, source: SOURCE, busyMs: 50 });
  assert.equal(!r.ok && r.code, 'locked');
  assert.match(!r.ok ? r.message : '', /in use by another process/);
  await lock.release();

  const clock = fakeClock(T0);
  const errors: string[] = [];
  const open = openHistory({
    path: tmp.db,
    source: SOURCE,
    clock,
    busyMs: 50,
    onError: (f) => errors.push(f.code),
  });
  assert.ok(open.ok);
  const h = open.history;
  const again = await holdLock(tmp.db);
  h.record(second(T0 + 5000, 7));
  clock.advance(1000);
  assert.equal(h.failure, null, 'one refused write is retried');
  await again.release();
  clock.advance(1000);
  assert.equal(sqlite(tmp.db, `SELECT hits FROM seconds WHERE at = ${T0 + 5000}`), '7');
  assert.deepEqual(errors, []);
  // Closing under a lock cannot wait: the loss is reported, not silent.
  const third = await holdLock(tmp.db);
  h.record(second(T0 + 6000, 1));
  h.close();
  await third.release();
  assert.deepEqual(errors, ['locked']);
});

test('a read-only folder or file: a clear refusal, nothing written', (t) => {
  const tmp = tempDir();
  const dir = join(tmp.dir, 'ro');
  const db = join(dir, 'history.db');
  create(db);
  // Root writes through permission bits; an immutable folder stops root too.
  const asRoot = process.getuid?.() === 0;
  const lock = (path: string) =>
    asRoot ? spawnSync('chattr', ['+i', path]).status === 0 : (chmodSync(path, 0o555), true);
  const unlock = (path: string) =>
    asRoot ? spawnSync('chattr', ['-i', path]) : chmodSync(path, 0o755);
  t.after(() => {
    unlock(dir);
    unlock(db);
    tmp.done();
  });
  if (!lock(dir)) return t.skip('chattr +i is not supported on this file system');
  const before = hash(db);
  const r = openHistory({ path: db, source: SOURCE });
  assert.equal(!r.ok && r.code, 'read-only');
  assert.match(!r.ok ? r.message : '', /cannot be written/);
  const fresh = openHistory({ path: join(dir, 'new.db'), source: SOURCE });
  assert.equal(!fresh.ok && fresh.code, 'read-only');
  assert.equal(existsSync(join(dir, 'new.db')), false);
  unlock(dir);
  if (!asRoot) chmodSync(db, 0o444);
  else lock(db);
  const file = openHistory({ path: db, source: SOURCE });
  assert.equal(!file.ok && file.code, 'read-only');
  assert.equal(hash(db), before);
});

test(
  'the database, its WAL and SHM are 0600, a folder it creates 0700',
  { skip: process.platform === 'win32' },
  (t) => {
    const tmp = tempDir();
    t.after(tmp.done);
    const db = join(tmp.dir, 'state', 'http-console', 'history.db');
    const prev = process.umask(0o022);
    t.after(() => process.umask(prev));
    const r = openHistory({ path: db, source: SOURCE, clock: fakeClock(T0) });
    assert.ok(r.ok);
    r.history.record(second(T0, 1));
    r.history.flush();
    const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
    assert.equal(mode(db), '600');
    assert.equal(mode(db + '-wal'), '600');
    assert.equal(mode(db + '-shm'), '600');
    assert.equal(mode(join(tmp.dir, 'state', 'http-console')), '700');
    assert.equal(mode(join(tmp.dir, 'state')), '700');
    r.history.close();
    // A database left readable by others is made private when opened.
    chmodSync(db, 0o644);
    const again = openHistory({ path: db, source: SOURCE });
    assert.ok(again.ok);
    assert.equal(mode(db), '600');
    again.history.close();
  },
);
