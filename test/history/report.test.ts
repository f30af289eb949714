import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { openHistory } from '../../main/history/open';
import { runReport } from '../../main/history/report';
import { fakeClock, second, T0, tempDir } from './helpers';

const cli = fileURLToPath(new URL('../../dist/cli/http-console.js', import.meta.url));

function filled(t: { after(fn: () => void): void }) {
  const tmp = tempDir();
  t.after(tmp.done);
  const r = openHistory({
    path: tmp.db,
    source: '/logs/access.log',
    clock: fakeClock(T0),
    hosts: 'full',
  });
  if (!r.ok) throw new Error(r.message);
  for (let i = 0; i < 300; i++)
    r.history.record(
      second(T0 + i * 1000, 3, {
        sections: [
          ['/api', 2],
          ['/img', 1],
        ],
      }),
    );
  r.history.close();
  return tmp.db;
}

function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = runReport(argv, { out: (s) => (out += s), err: (s) => (err += s), stream: null });
  return { code, out, err };
}

test('report prints the summary block of a past range', (t) => {
  const db = filled(t);
  const r = run(['--db', db, '--from', '2026-11-02T00:00:00Z', '--to', String(T0 + 300_000)]);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trimEnd().split('\n');
  assert.match(
    lines[0]!,
    /── 2026-11-0[12]T\d\d:\d\d:00[+-]\d\d:\d\d → .* · 900 hits over 300 s ──/,
  );
  assert.match(r.out, /sections {2}\/api 600 \(67%\) {2}\/img 300 \(33%\)/);
  assert.match(r.out, /hosts {5}10\.0\.0\.1 900/);
  assert.doesNotMatch(r.out, /approximate/);
});

test('report --json prints the Stats object', (t) => {
  const db = filled(t);
  const r = run(['--db', db, '--from', String(T0), '--to', String(T0 + 60_000), '--json']);
  assert.equal(r.code, 0, r.err);
  const stats = JSON.parse(r.out);
  assert.equal(stats.hits, 180);
  assert.equal(stats.seconds, 60);
  assert.deepEqual(stats.sections, [
    { section: '/api', hits: 120 },
    { section: '/img', hits: 60 },
  ]);
  assert.equal(stats.approximate, false);
});

test('report usage errors name the flag and exit 2; an unreadable database exits 1', (t) => {
  const db = filled(t);
  const bad: Array<[string[], RegExp]> = [
    [['--from', String(T0), '--to', String(T0 + 1000)], /--db PATH is required/],
    [['--db', db, '--to', String(T0 + 1000)], /--from: is required/],
    [['--db', db, '--from', 'noon', '--to', String(T0)], /--from: expected ISO 8601/],
    [['--db', db, '--from', String(T0), '--to', String(T0)], /--to: must be later than --from/],
    [['--db', db, '--frm', '1'], /--frm/],
  ];
  for (const [argv, message] of bad) {
    const r = run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, message);
    assert.match(r.err, /Usage: http-console report/);
  }
  const missing = run(['--db', `${db}.nope`, '--from', String(T0), '--to', String(T0 + 1000)]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /history database .*\.nope cannot be used \(no such file\)/);
});

test(
  'the built console dispatches `report`',
  { skip: !existsSync(cli) && 'run npm run build first' },
  (t) => {
    const db = filled(t);
    const r = spawnSync(
      process.execPath,
      [cli, 'report', '--db', db, '--from', String(T0), '--to', String(T0 + 60_000), '--json'],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).hits, 180);
  },
);
