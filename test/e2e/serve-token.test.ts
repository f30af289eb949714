/**
 * The access token of `serve` can be given without putting it on the command
 * line (where every local user can read it in the process list):
 * HTTP_CONSOLE_TOKEN or --token-file.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchText } from './fixtures/http';
import { CLI, serveCli } from './fixtures/serve-cli';

let dir: string;
let log: string;
const TOKEN = 'tok-0123456789-abcdef';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hc-token-'));
  log = join(dir, 'access.log');
  writeFileSync(log, '');
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function servedToken(args: string[], env: NodeJS.ProcessEnv = {}) {
  const served = await serveCli(log, args, env);
  try {
    const url = new URL(served.url);
    const token = url.searchParams.get('token');
    const snapshot = `${url.origin}/api/snapshot`;
    const withToken = await fetchText(snapshot, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const without = await fetchText(snapshot);
    return { token, withToken: withToken.status, without: without.status };
  } finally {
    await served.stop();
  }
}

describe('serve: the token without the command line', () => {
  test('HTTP_CONSOLE_TOKEN sets it, and reads then need it', async () => {
    const r = await servedToken([], { HTTP_CONSOLE_TOKEN: TOKEN });
    assert.deepEqual(r, { token: TOKEN, withToken: 200, without: 401 });
  });

  test('--token-file reads it (a trailing newline is not part of it)', async () => {
    const file = join(dir, 'token');
    writeFileSync(file, `${TOKEN}\n`);
    chmodSync(file, 0o600);
    const r = await servedToken(['--token-file', file]);
    assert.deepEqual(r, { token: TOKEN, withToken: 200, without: 401 });
  });

  const usage = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [CLI, 'serve', '-f', log, '--port', '0', ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });

  test('a missing token file is a usage error naming it', () => {
    const r = usage(['--token-file', join(dir, 'nope')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--token-file: cannot read .*nope/);
  });

  test('a short token from the file or the environment is refused, naming where it came from', () => {
    const file = join(dir, 'short');
    writeFileSync(file, 'short\n');
    assert.match(usage(['--token-file', file]).stderr, /--token-file: .*at least 16 characters/);
    const env = usage([], { HTTP_CONSOLE_TOKEN: 'short' });
    assert.equal(env.status, 2);
    assert.match(env.stderr, /HTTP_CONSOLE_TOKEN: .*at least 16 characters/);
  });

  test('--token and --token-file together are refused', () => {
    const file = join(dir, 'token2');
    writeFileSync(file, TOKEN);
    const r = usage(['--token', TOKEN, '--token-file', file]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--token.*--token-file/);
  });

  test('--help says how to keep the token out of the process list', () => {
    const r = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    assert.match(r.stdout, /--token-file PATH/);
    assert.match(r.stdout, /HTTP_CONSOLE_TOKEN/);
    assert.match(r.stdout, /process list/);
  });
});
