/**
 * `report --purge-hosts[=anonymized|off]`: the stored per-minute and per-hour
 * hosts of a history database are rewritten to a less revealing level, rows'
 * sums stay exact, and the addresses as logged are gone from the file's
 * bytes (read from outside with the sqlite3 CLI and the file itself).
 * Opening a database holding more revealing rows than `--history-hosts`
 * asks for says so in one line naming the purge.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { anonymizeHost } from '../../main/common/anonymize';
import { openSourceHistory } from '../../main/history/link';
import { openHistory } from '../../main/history/open';
import { runReport } from '../../main/history/report';
import type { HostsMode } from '../../main/history/types';
import { fakeClock, second, sqlite, T0, tempDir } from './helpers';

const MINUTES = 70;

/** 55 hosts a second (more than the 50 a minute lists): IPv4, IPv6 and names, with varied hits. */
const HOSTS: [string, number][] = [
  ...Array.from({ length: 40 }, (_, i): [string, number] => [`198.51.100.${i + 1}`, (i % 3) + 1]),
  ...Array.from({ length: 10 }, (_, i): [string, number] => [`2001:db8:7:${i + 1}::1`, 2]),
  ...Array.from({ length: 5 }, (_, i): [string, number] => [`h${i + 1}.dial.example.com`, 1]),
];
const HITS = HOSTS.reduce((s, [, n]) => s + n, 0);

/** A database at `path` with one busy second a minute for 70 minutes (so an hour is rolled up). */
function record(path: string, hosts: HostsMode): void {
  const clock = fakeClock(T0);
  const r = openHistory({ path, source: '/logs/access.log', clock, hosts });
  if (!r.ok) throw new Error(r.message);
  for (let m = 0; m < MINUTES; m++) {
    clock.advance(60_000);
    r.history.record(second(T0 + m * 60_000, HITS, { hosts: HOSTS.map(([h, n]) => [h, n]) }));
  }
  r.history.close();
}

function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = runReport(argv, { out: (s) => (out += s), err: (s) => (err += s), stream: null });
  return { code, out, err };
}

/** Every row of a table holding hosts: its hits and its hosts column, read by the sqlite3 CLI. */
function rows(db: string, table: 'minute_tops' | 'hours') {
  const text = sqlite(db, `SELECT json_object('hits', hits, 'hosts', hosts) FROM ${table}`);
  return text
    .split('\n')
    .map((l) => JSON.parse(l) as { hits: number; hosts: string | null })
    .map((r) => ({
      hits: r.hits,
      hosts:
        r.hosts === null ? null : (JSON.parse(r.hosts) as { t: [string, number][]; o: number }),
    }));
}

/** The bytes of the database and its side files, as one latin1 string to search. */
function fileBytes(db: string): string {
  return ['', '-wal', '-shm']
    .filter((s) => existsSync(db + s))
    .map((s) => readFileSync(db + s).toString('latin1'))
    .join('\n');
}

const quoted = (host: string) => JSON.stringify(host);

test('--purge-hosts: rows rewritten to anonymised hosts, sums exact, addresses gone from the file', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  record(tmp.db, 'full');
  const before = { minutes: rows(tmp.db, 'minute_tops'), hours: rows(tmp.db, 'hours') };
  assert.equal(before.minutes.length, MINUTES);
  assert.equal(before.hours.length, 1);
  const bytes = fileBytes(tmp.db);
  for (const [h] of HOSTS.slice(0, 3)) assert.ok(bytes.includes(quoted(h)), `${h} stored`);
  const reportBefore = run(['--db', tmp.db, '--from', String(T0), '--to', String(T0 + 3_600_000)]);

  const r = run(['--db', tmp.db, '--purge-hosts']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, new RegExp(`\\b${MINUTES + 1} rows\\b`));

  for (const table of ['minute_tops', 'hours'] as const) {
    const after = rows(tmp.db, table);
    const was = table === 'hours' ? before.hours : before.minutes;
    assert.deepEqual(
      after.map((a) => a.hits),
      was.map((a) => a.hits),
    );
    for (const row of after) {
      const listed = row.hosts!.t.reduce((s, [, n]) => s + n, 0);
      assert.equal(listed + row.hosts!.o, row.hits, `${table}: hosts sum to the row's hits`);
      for (const [k] of row.hosts!.t) assert.equal(anonymizeHost(k), k, `${k} is anonymised`);
    }
  }
  // A minute listed its top 50 hosts: the five names (1 hit each) were cut off, so their
  // domain is not listed, and every group may lack up to those 5 hits (its error bound).
  const minute = rows(tmp.db, 'minute_tops')[0]!.hosts!;
  assert.deepEqual(minute.t, [
    ['198.51.100.0/24', 79, 5],
    ['2001:db8:7::/48', 20, 5],
  ]);
  assert.equal(minute.o, 5);

  const left = fileBytes(tmp.db);
  for (const [h] of HOSTS) assert.ok(!left.includes(quoted(h)), `${h} still in the file`);
  assert.ok(left.includes('198.51.100.0/24'));

  // The report reads the purged file: the same totals, hosts by prefix.
  const reportAfter = run(['--db', tmp.db, '--from', String(T0), '--to', String(T0 + 3_600_000)]);
  assert.equal(reportAfter.code, 0, reportAfter.err);
  const firstLine = (s: string) => s.split('\n')[0];
  assert.equal(firstLine(reportAfter.out), firstLine(reportBefore.out));
  assert.match(reportAfter.out, /hosts {5}198\.51\.100\.0\/24 /);

  // Once more: nothing left to change.
  const again = run(['--db', tmp.db, '--purge-hosts=anonymized']);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /\b0 rows\b/);
});

test('--purge-hosts off: no hosts left in any row', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  record(tmp.db, 'anonymized');
  const r = run(['--db', tmp.db, '--purge-hosts', 'off']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, new RegExp(`\\b${MINUTES + 1} rows\\b`));
  assert.equal(sqlite(tmp.db, 'SELECT count(*) FROM minute_tops WHERE hosts IS NOT NULL'), '0');
  assert.equal(sqlite(tmp.db, 'SELECT count(*) FROM hours WHERE hosts IS NOT NULL'), '0');
  assert.equal(sqlite(tmp.db, 'SELECT count(*) FROM minute_tops'), String(MINUTES));
  assert.ok(!fileBytes(tmp.db).includes('198.51.100.0/24'));
});

test('--purge-hosts refuses what it cannot do, naming the problem', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  const full = run(['--db', tmp.db, '--purge-hosts=full']);
  assert.equal(full.code, 2);
  assert.match(full.err, /--purge-hosts: must be anonymized or off/);
  const missing = run(['--db', tmp.db, '--purge-hosts']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /no such file/);
  const withRange = run(['--db', tmp.db, '--purge-hosts', '--from', String(T0)]);
  assert.equal(withRange.code, 2);
  assert.match(withRange.err, /--purge-hosts/);

  sqlite(tmp.db, 'CREATE TABLE notes (x TEXT)');
  const foreign = run(['--db', tmp.db, '--purge-hosts']);
  assert.equal(foreign.code, 1);
  assert.match(foreign.err, /another program/);
  assert.equal(sqlite(tmp.db, "SELECT name FROM sqlite_master WHERE type = 'table'"), 'notes');

  const other = tempDir();
  t.after(other.done);
  record(other.db, 'full');
  sqlite(other.db, 'PRAGMA user_version = 99');
  const newer = run(['--db', other.db, '--purge-hosts']);
  assert.equal(newer.code, 1);
  assert.match(newer.err, /newer/);
  assert.ok(fileBytes(other.db).includes(quoted('198.51.100.1')), 'left as it was');
});

test('a database holding more revealing hosts than --history-hosts asks for gets a hint', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  record(tmp.db, 'full');
  const said: string[] = [];
  const open = (hosts: HostsMode) => {
    said.length = 0;
    const h = openSourceHistory({
      path: tmp.db,
      file: '/logs/access.log',
      explicit: true,
      hosts,
      warn: (m) => said.push(m),
    });
    assert.ok(h, said.join('\n'));
    h.close();
    return said.join('\n');
  };
  assert.equal(open('full'), '');
  const hint = open('anonymized');
  assert.equal(hint.split('\n').length, 1);
  assert.match(hint, /full/);
  assert.match(hint, /report --db \S+ --purge-hosts\b/);
  assert.match(open('off'), /--purge-hosts=off/);

  assert.equal(run(['--db', tmp.db, '--purge-hosts']).code, 0);
  assert.equal(open('anonymized'), '');
  assert.match(open('off'), /--purge-hosts=off/);
});

test('the hint also comes for a database written before the level was noted', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  record(tmp.db, 'full');
  sqlite(tmp.db, "DELETE FROM meta WHERE key = 'hosts'");
  const said: string[] = [];
  const h = openSourceHistory({
    path: tmp.db,
    file: '/logs/access.log',
    explicit: true,
    hosts: 'anonymized',
    warn: (m) => said.push(m),
  });
  h?.close();
  assert.match(said.join('\n'), /--purge-hosts/);
});

test('a purge while a monitor records in full: its later rows are noted as full again', (t) => {
  const tmp = tempDir();
  t.after(tmp.done);
  const clock = fakeClock(T0);
  const r = openHistory({ path: tmp.db, source: '/logs/access.log', clock, hosts: 'full' });
  if (!r.ok) throw new Error(r.message);
  const hosts = HOSTS.map(([h, n]): [string, number] => [h, n]);
  r.history.record(second(T0, HITS, { hosts }));
  clock.advance(1000);
  assert.equal(run(['--db', tmp.db, '--purge-hosts']).code, 0);
  r.history.record(second(T0 + 61_000, HITS, { hosts }));
  clock.advance(1000);
  r.history.close();
  const said: string[] = [];
  openSourceHistory({
    path: tmp.db,
    file: '/logs/access.log',
    explicit: true,
    hosts: 'anonymized',
    warn: (m) => said.push(m),
  })?.close();
  assert.match(said.join('\n'), /kept in full.*--purge-hosts/);
});
