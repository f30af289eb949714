/**
 * The history database as users reach it: the console imports a log with
 * --db and `report` answers the same figures; a database of another log is
 * refused without harm; `serve` keeps its history across a kill -9 and a
 * restart, and /api/history answers it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { HistoryRange } from '../../main/common/history-types';
import type { Stats } from '../../main/common/types';
import { needsCli, ROOT, runCli, tempDir } from '../cli/fixtures/cli';
import { clfLine, serveCli } from '../e2e/fixtures/serve-cli';
import { waitFor } from '../engine/helpers';

const dir = tempDir('hc-history-wiring-');
needsCli();
const example = join(ROOT, 'docs/example-access.log');
const sqlite = (db: string, sql: string) =>
  spawnSync('sqlite3', [db, sql], { encoding: 'utf8' }).stdout.trim();

const lastTotal = (out: string): Stats => {
  const lines = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; total: Stats });
  return lines.filter((e) => e.type === 'summary').at(-1)!.total;
};

describe('console and report', () => {
  test('a log imported with --db: report over its range gives the console’s own figures', () => {
    const db = join(dir, 'import.db');
    const run = runCli([
      '-f',
      example,
      '--no-follow',
      '--json',
      '--db',
      db,
      '--history-hosts',
      'full',
    ]);
    assert.equal(run.code, 0, run.err);
    const total = lastTotal(run.out);
    const report = runCli([
      'report',
      '--db',
      db,
      '--from',
      '2019-02-07T21:00:00Z',
      '--to',
      '2019-02-07T22:00:00Z',
      '--json',
    ]);
    assert.equal(report.code, 0, report.err);
    const stats = JSON.parse(report.out) as Stats & { approximate: boolean };
    for (const k of ['hits', 'bytes', 'malformed', 'late', 'skewed'] as const)
      assert.equal(stats[k], total[k], k);
    assert.deepEqual(stats.status, total.status);
    assert.deepEqual(stats.sections.slice(0, 5), total.sections.slice(0, 5));
    assert.deepEqual(stats.methods, total.methods);
    assert.deepEqual(stats.codes.slice(0, 4), total.codes.slice(0, 4));
    assert.deepEqual(stats.hosts.slice(0, 3), total.hosts.slice(0, 3));
    assert.equal(stats.approximate, false);
    assert.equal(sqlite(db, 'SELECT type FROM alerts ORDER BY at'), 'alert\nrecovery');
  });

  test('a database of another log is refused, said in one line, and left as it was', () => {
    const db = join(dir, 'owned.db');
    assert.equal(runCli(['-f', example, '--no-follow', '--db', db]).code, 0);
    const before = sqlite(db, 'SELECT count(*), sum(hits) FROM seconds');
    const other = join(dir, 'other.log');
    writeFileSync(other, clfLine(Date.UTC(2020, 0, 1)));
    const r = runCli(['-f', other, '--no-follow', '--db', db]);
    assert.equal(r.code, 0, 'monitoring goes on without history');
    assert.match(r.err, /history off, monitoring goes on: .*another/i);
    assert.match(r.out, /1 hits? over/);
    assert.equal(sqlite(db, 'SELECT count(*), sum(hits) FROM seconds'), before);
    const reset = runCli(['-f', other, '--no-follow', '--db', db, '--reset-history']);
    assert.equal(reset.code, 0, reset.err);
    assert.equal(reset.err, '');
    assert.equal(sqlite(db, 'SELECT sum(hits) FROM seconds'), '1');
  });

  test('bad history flags exit 2 naming the flag', () => {
    for (const [args, named] of [
      [['--reset-history'], '--reset-history'],
      [['--db', 'x.db', '--no-db'], '--db and --no-db'],
      [['--history-hosts', 'some'], '--history-hosts'],
    ] as const) {
      const r = runCli(['-f', example, '--no-follow', ...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.ok(r.err.includes(named), r.err);
    }
  });
});

describe('serve', () => {
  test('kill -9 and a restart: the history keeps every line once, and /api/history answers it', async () => {
    const db = join(dir, 'serve.db');
    const log = join(dir, 'live.log');
    writeFileSync(log, '');
    const write = (n: number) => {
      let chunk = '';
      for (let i = 0; i < n; i++) chunk += clfLine(Date.now());
      appendFileSync(log, chunk);
    };
    const hits = (url: string) =>
      fetch(
        `${url.replace(/\/\?token=.*$/, '')}/api/history?from=${Date.now() - 600_000}&to=${Date.now() + 60_000}&step=1s`,
      )
        .then((r) => r.json() as Promise<HistoryRange>)
        .then((r) => r.stats.hits);
    let served = await serveCli(log, ['--db', db]);
    write(30);
    await waitFor(
      () => Number(sqlite(db, 'SELECT coalesce(sum(hits), 0) FROM seconds')) === 30,
      '30 hits stored',
      20_000,
    );
    served.child.kill('SIGKILL');
    await new Promise((r) => served.child.once('exit', r));
    assert.equal(sqlite(db, 'PRAGMA integrity_check'), 'ok');
    write(20);
    served = await serveCli(log, ['--db', db]);
    try {
      write(10);
      // One request at a time, until the history shows every line.
      const restarted = served;
      const read = () =>
        hits(restarted.url).catch((err: Error) => {
          throw new Error(`${err.message}; serve said:\n${restarted.output()}`);
        });
      let seen = 0;
      const deadline = Date.now() + 20_000;
      while ((seen = await read()) !== 60) {
        assert.ok(Date.now() < deadline, `60 hits in /api/history (last seen ${seen})`);
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(sqlite(db, 'SELECT sum(hits) FROM seconds'), '60', 'nothing counted twice');
    } finally {
      await served.stop();
    }
    assert.equal(sqlite(db, 'PRAGMA integrity_check'), 'ok');
  });

  test('--no-db: /api/history says there is no database (404)', async () => {
    const log = join(dir, 'nodb.log');
    writeFileSync(log, '');
    const served = await serveCli(log, ['--no-db']);
    try {
      const r = await fetch(
        `${served.url.replace(/\/\?token=.*$/, '')}/api/history?from=0&to=1000`,
      );
      assert.equal(r.status, 404);
    } finally {
      await served.stop();
    }
  });
});
