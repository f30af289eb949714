/**
 * `npm start` (scripts/start.mjs) on a throw-away project whose electron
 * package has no binary yet. The download is made to fail wherever the test
 * runs: ELECTRON_MIRROR points at a loopback server that answers 404, and the
 * download cache is an empty folder, so neither the network nor a cached zip
 * can make it succeed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './build-bundles';

const start = join(repoRoot, 'scripts/start.mjs');
let work = '';
let server: Server;
let mirror = '';
const requested: string[] = [];

/** A project folder with the repository's electron package, minus any downloaded binary. */
function project(name: string): string {
  const dir = join(work, name);
  const electron = join(dir, 'node_modules/electron');
  mkdirSync(electron, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "app", "type": "module" }\n');
  const real = join(repoRoot, 'node_modules/electron');
  for (const f of ['package.json', 'index.js', 'cli.js', 'install.js', 'checksums.json'])
    cpSync(join(real, f), join(electron, f));
  // The downloader and its dependencies, as installed beside electron.
  symlinkSync(
    join(repoRoot, 'node_modules/@electron'),
    join(dir, 'node_modules/@electron'),
    'junction',
  );
  return dir;
}

/** Run scripts/start.mjs in `cwd`; resolves with its exit code and output. */
function runStart(cwd: string, args: string[] = []) {
  const child = spawn(process.execPath, [start, ...args], {
    cwd,
    env: {
      ...process.env,
      ELECTRON_MIRROR: mirror,
      electron_config_cache: join(work, 'cache'),
      ELECTRON_OVERRIDE_DIST_PATH: '',
      ELECTRON_GET_USE_PROXY: '',
    },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, out, err })),
  );
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'hc-start-'));
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    res.writeHead(404).end('no such release');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(() => {
  server.close();
  rmSync(work, { recursive: true, force: true });
});

describe('npm start', () => {
  test('a failed Electron download: one sentence saying so and how to fix it, exit 1', async () => {
    const r = await runStart(project('offline'), ['--smoke-test']);
    assert.equal(r.code, 1, r.err);
    assert.ok(
      requested.some((u) => u.includes('electron-v')),
      'the download was tried at the mirror',
    );
    const lines = r.err.trim().split('\n');
    const last = lines[lines.length - 1]!;
    assert.match(last, /^npm start: the Electron binary could not be downloaded \(.*404.*\); /);
    assert.match(last, /check the network connection/);
    assert.match(last, /ELECTRON_MIRROR/);
    assert.match(last, /HTTPS_PROXY/);
    assert.ok(lines.length <= 2, `at most a progress line and the reason:\n${r.err}`);
    assert.doesNotMatch(r.err, /^\s+at /m, 'no stack trace');
    assert.doesNotMatch(r.err, /delete|node_modules/i, "not electron's advice to reinstall");
  });

  test('a downloaded Electron runs the project with the arguments, and its exit code is kept', async (t) => {
    if (process.platform === 'win32') return t.skip('the stand-in binary is a shell script');
    const dir = project('installed');
    const electron = join(dir, 'node_modules/electron');
    mkdirSync(join(electron, 'dist'));
    writeFileSync(join(electron, 'path.txt'), 'electron');
    const fake = join(electron, 'dist/electron');
    writeFileSync(fake, '#!/bin/sh\nprintf "%s\\n" "$PWD" "$@" > ran.txt\nexit 3\n');
    chmodSync(fake, 0o755);
    const r = await runStart(dir, ['-f', 'access.log']);
    assert.equal(r.code, 3, r.err);
    assert.deepEqual(readFileSync(join(dir, 'ran.txt'), 'utf8').split('\n').slice(1, 4), [
      '.',
      '-f',
      'access.log',
    ]);
  });
});
