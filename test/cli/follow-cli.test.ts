/**
 * Following through the built CLI: the process keeps running whatever exists
 * on disk, refuses a FIFO without blocking, survives SIGHUP, and counts every
 * line once through a real logrotate run.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { clf } from '../engine/helpers';
import { cli, ensureBuilt, fileEvents, followChild, following } from './fixtures/follow-child';

const dir = fs.mkdtempSync(join(tmpdir(), 'hc-follow-cli-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
before(ensureBuilt);

/** `n` common-format lines stamped now, each ending with a newline. */
const lines = (n: number, tag: string) =>
  Array.from(
    { length: n },
    (_, i) => clf(Math.floor(Date.now() / 1000), `/${tag}/${i}`) + '\n',
  ).join('');

describe('--rotated-idle', () => {
  test('is in --help with its default; a bad value exits 2 naming it', () => {
    const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    assert.match(help.stdout, /--rotated-idle S .*\(default 30\)/);
    const bad = spawnSync(process.execPath, [cli, '-f', 'x.log', '--rotated-idle', '100000'], {
      encoding: 'utf8',
    });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--rotated-idle: must be from 0 to 86400 seconds, got '100000'/);
  });
});

describe('following through the CLI', () => {
  test('a missing directory is waited for; it may appear, vanish and come back; SIGTERM exits 0', async () => {
    const logDir = join(dir, 'later');
    const path = join(logDir, 'access.log');
    const c = followChild(path);
    try {
      await c.until('a waiting state', (ev) => ev.some((e) => e.state === 'waiting'));
      fs.mkdirSync(logDir);
      fs.writeFileSync(path, lines(2, 'a'));
      await c.until('2 hits', () => c.total() === 2);
      fs.rmSync(logDir, { recursive: true });
      await c.until(
        'waiting again',
        (ev) => ev.findLast((e) => e.type === 'file')?.state === 'waiting',
      );
      fs.mkdirSync(logDir);
      fs.writeFileSync(path, lines(3, 'b'));
      await c.until('5 hits', () => c.total() === 5);
      assert.equal(await c.stop('SIGTERM'), 0);
      assert.equal(fileEvents(c.events, 'waiting-dir-missing').length, 2);
    } finally {
      await c.stop('SIGKILL');
    }
  });

  test('a FIFO is refused with a clear message and never opened, so its writer is not robbed', async (t) => {
    const fifo = join(dir, 'pipe.log');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return t.skip('mkfifo not available');
    const c = followChild(fifo);
    try {
      await c.until('the FIFO error', (ev) => fileEvents(ev, 'error-fifo').length > 0);
      const e = fileEvents(c.events, 'error-fifo')[0]!;
      assert.equal(e.state, 'error');
      assert.match(String(e.message), /pipe\.log cannot be followed: it is a FIFO/);
      // No reader holds the FIFO: a non-blocking writer is told so (ENXIO) instead of feeding us.
      assert.throws(
        () => fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK),
        (err: NodeJS.ErrnoException) => err.code === 'ENXIO',
      );
      assert.equal(await c.stop('SIGTERM'), 0);
    } finally {
      await c.stop('SIGKILL');
    }
  });

  test('SIGHUP reopens the file: nothing lost, not a crash; SIGTERM then exits 0', async () => {
    const path = join(dir, 'hup.log');
    fs.writeFileSync(path, '');
    const c = followChild(path);
    try {
      await c.until('following', following);
      fs.appendFileSync(path, lines(5, 'a'));
      await c.until('5 hits', () => c.total() === 5);
      // The conventional rotation: move the file, create a new one, then HUP the reader.
      fs.renameSync(path, `${path}.1`);
      fs.writeFileSync(path, lines(4, 'b'));
      fs.appendFileSync(`${path}.1`, lines(3, 'c'));
      c.child.kill('SIGHUP');
      fs.appendFileSync(path, lines(2, 'd'));
      await c.until('14 hits', () => c.total() === 14);
      assert.equal(c.child.exitCode, null, 'still running after SIGHUP');
      assert.equal(await c.stop('SIGTERM'), 0);
      assert.equal(c.total(), 14);
    } finally {
      await c.stop('SIGKILL');
    }
  });
});

/** A writer like a web server: appends through an open descriptor, reopens the path on SIGUSR1. */
const WRITER = `
const fs = require('node:fs');
const [path, total, perTick] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
let fd = fs.openSync(path, 'a');
process.on('SIGUSR1', () => { const old = fd; fd = fs.openSync(path, 'a'); fs.closeSync(old); });
const pad = (n) => String(n).padStart(2, '0');
const M = ['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec'];
let n = 0;
const tick = setInterval(() => {
  const d = new Date();
  const stamp = pad(d.getUTCDate()) + '/' + M[d.getUTCMonth()] + '/' + d.getUTCFullYear() + ':' +
    pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds()) + ' +0000';
  let out = '';
  for (let i = 0; i < perTick && n < total; i++, n++) out += '10.0.0.1 - - [' + stamp + '] "GET /w/' + n + ' HTTP/1.1" 200 1\\n';
  fs.writeSync(fd, out);
  if (n >= total) { clearInterval(tick); fs.closeSync(fd); process.stdout.write('done'); }
}, 10);
process.stdout.write('ready\\n');
`;

describe('real logrotate', () => {
  test('create + postrotate signalling the writer 2 s later: every line counted once', async (t) => {
    const logrotate = ['/usr/sbin/logrotate', '/sbin/logrotate'].find((p) => fs.existsSync(p));
    if (!logrotate) return t.skip('logrotate not installed');
    const base = fs.mkdtempSync(join(dir, 'rot-'));
    const path = join(base, 'access.log');
    fs.writeFileSync(path, '');
    const c = followChild(path, ['--window', '600', '-m', '1000000']);
    const TOTAL = 4000;
    await c.until('following', following);
    const writer = spawn(process.execPath, ['-e', WRITER, path, String(TOTAL), '8']);
    try {
      let wrote = '';
      writer.stdout.on('data', (d: Buffer) => (wrote += d.toString()));
      // The writer writes about 800 lines a second for 5 s; rotate once it is under way.
      await c.until('the first lines', () => c.total() > 400);
      const conf = join(base, 'logrotate.conf');
      fs.writeFileSync(
        conf,
        `${path} {\n  create 0644\n  rotate 3\n  missingok\n  postrotate\n    sleep 2; kill -USR1 ${writer.pid}\n  endscript\n}\n`,
      );
      const r = spawnSync(logrotate, ['-s', join(base, 'state'), '-f', conf], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.ok(fs.existsSync(`${path}.1`), 'logrotate rotated the file');
      await c.until('the writer to finish', () => wrote.includes('done'));
      await c.until(`${TOTAL} hits`, () => c.total() >= TOTAL);
      assert.equal(c.total(), TOTAL, 'no line counted twice');
      assert.ok(fileEvents(c.events, 'rotated-rename').length >= 1, 'the rotation was reported');
      assert.equal(await c.stop('SIGTERM'), 0);
    } finally {
      writer.kill('SIGKILL');
      await c.stop('SIGKILL');
    }
  });
});
