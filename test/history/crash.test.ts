import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { openHistory } from '../../main/history/open';
import { second, sqlite, T0, tempDir } from './helpers';

const fixture = fileURLToPath(new URL('./fixtures/write-forever.ts', import.meta.url));

/** Start the writer at second `first`; kill -9 it some time after its `minSeconds`-th record. */
async function writeThenKill(db: string, first: number, minSeconds: number, extraMs: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, db, String(first)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const printed: Array<{ n: number; wall: number }> = [];
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) {
      const [n, wall] = l.split(' ').map(Number);
      printed.push({ n: n!, wall: wall! });
    }
  });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const deadline = Date.now() + 60_000;
  while (printed.length < minSeconds) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`writer did not get going: ${err}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, extraMs));
  child.kill('SIGKILL');
  await exited;
  return printed;
}

test('kill -9 while writing: the file passes integrity_check and loses at most 2 s', async (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  let next = 0;
  for (const extraMs of [0, 370, 830]) {
    const printed = await writeThenKill(tmp.db, next, 250, extraMs);
    assert.equal(sqlite(tmp.db, 'PRAGMA integrity_check'), 'ok');
    const stored = Number(sqlite(tmp.db, `SELECT (max(at) - ${T0}) / 1000 FROM seconds`));
    const lastWall = printed.at(-1)!.wall;
    const lost = printed.filter((p) => p.n > stored);
    for (const p of lost)
      assert.ok(
        lastWall - p.wall <= 2000,
        `second ${p.n}, recorded ${lastWall - p.wall} ms before the end, was lost`,
      );
    // Every minute row agrees with its seconds: they were written in one transaction.
    assert.equal(
      sqlite(
        tmp.db,
        `SELECT count(*) FROM minutes m WHERE hits !=
           (SELECT total(hits) FROM seconds s WHERE s.at >= m.at AND s.at < m.at + 60000)`,
      ),
      '0',
    );
    next = stored + 1;
  }
  // Resume after the last kill: the half-written minute goes on from its row.
  const r = openHistory({ path: tmp.db, source: '/logs/access.log', hosts: 'full' });
  assert.ok(r.ok);
  for (let n = next; n % 60 !== 0; n++) r.history.record(second(T0 + n * 1000, 2));
  r.history.close();
  const lastMinute = Math.floor((next * 1000) / 60_000) * 60_000 + T0;
  assert.equal(
    sqlite(
      tmp.db,
      `SELECT hits = (SELECT total(hits) FROM seconds WHERE at >= ${lastMinute} AND at < ${lastMinute + 60_000}) FROM minutes WHERE at = ${lastMinute}`,
    ),
    '1',
  );
  assert.equal(sqlite(tmp.db, 'PRAGMA integrity_check'), 'ok');
});
