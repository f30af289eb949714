/**
 * The built `http-console agent`: only GET /metrics and GET /api/snapshot,
 * the token rules of `serve` (and one must be given off loopback), client
 * addresses kept off the wire unless --expose-hosts, and the final summary
 * on SIGTERM. Lines are stamped now and waited for; nothing is timed.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot } from '../../main/common/types';
import { waitFor } from '../prometheus/live-harness';
import { fetchText } from './fixtures/http';
import { CLI, clfLine, startCli, type Served } from './fixtures/serve-cli';

const TOKEN = 'agent-token-0123456789';
// Addresses that appear nowhere else in a snapshot or the metrics, so finding one is a leak.
const CLIENTS = ['198.51.100.77', '2001:db8::beef', '192.0.2.201'];
const MALFORMED_FROM = '203.0.113.250';

let dir: string;
const started: Served[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hc-agent-'));
});
after(async () => {
  for (const s of started) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh log and an agent following it. */
async function agentOn(name: string, args: string[] = []): Promise<{ log: string; a: Served }> {
  const log = join(dir, name);
  writeFileSync(log, '');
  const a = await startCli('agent', log, args);
  started.push(a);
  return { log, a };
}

/** Nine requests from the distinctive clients and one malformed line starting with an address. */
function writeClients(log: string): void {
  const now = Date.now();
  let text = '';
  for (let i = 0; i < 9; i++) {
    const line = clfLine(now, `/shop/${i}`);
    text += line.replace(/^\S+/, CLIENTS[i % CLIENTS.length]!);
  }
  text += `${MALFORMED_FROM} this is not a request line\n`;
  appendFileSync(log, text);
}

async function snapshotOf(a: Served, headers: Record<string, string> = {}) {
  const r = await fetchText(new URL('/api/snapshot', a.url).href, { headers });
  assert.equal(r.status, 200, r.body);
  return { text: r.body, snapshot: JSON.parse(r.body) as Snapshot };
}

/** Wait until the agent has read all ten lines of writeClients, and a summary has counted them. */
function readAll(a: Served): Promise<{ text: string; snapshot: Snapshot }> {
  return waitFor('the ten lines read', async () => {
    const s = await snapshotOf(a);
    const total = s.snapshot.stats.total;
    const summarised = s.snapshot.lastSummary?.total.hits === 9;
    return total.hits === 9 && total.malformed === 1 && summarised && s;
  });
}

describe('http-console agent', () => {
  test('serves /metrics and /api/snapshot only, and prints its URL without a token', async () => {
    const { a } = await agentOn('routes.log');
    assert.match(
      a.output(),
      /^http-console: agent at http:\/\/127\.0\.0\.1:\d+\/ \(no token: loopback only\)$/m,
    );
    const at = (path: string, method = 'GET') => fetchText(new URL(path, a.url).href, { method });
    const metrics = await at('/metrics');
    assert.equal(metrics.status, 200);
    assert.match(String(metrics.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    assert.match(
      metrics.body,
      /^http_console_requests_total\{status_class="2xx",section="other"\} 0$/m,
    );
    assert.equal((await at('/api/snapshot')).status, 200);
    for (const path of ['/', '/index.html', '/api/events', '/api/prefs', '/app.js', '/nope'])
      assert.equal((await at(path)).status, 404, path);
    const post = await at('/api/prefs', 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
  });

  test('a given token guards every read, and the start line names its file, not the token', async () => {
    const file = join(dir, 'token');
    writeFileSync(file, `${TOKEN}\n`);
    chmodSync(file, 0o600);
    const { a } = await agentOn('token.log', ['--token-file', file]);
    assert.ok(!a.output().includes(TOKEN), a.output());
    assert.match(
      a.output(),
      /^http-console: agent at http:\/\/127\.0\.0\.1:\d+\/ \(token from --token-file .*token\)$/m,
    );
    const metrics = new URL('/metrics', a.url).href;
    const without = await fetchText(metrics);
    assert.equal(without.status, 401);
    assert.match(without.body, /Authorization: Bearer/);
    assert.equal(
      (await fetchText(metrics, { headers: { Authorization: 'Bearer wrong-token-0123456789' } }))
        .status,
      401,
    );
    assert.equal(
      (await fetchText(metrics, { headers: { Authorization: `Bearer ${TOKEN}` } })).status,
      200,
    );
  });

  test('without --expose-hosts: counts, but no address, in the snapshot or the metrics', async () => {
    const { log, a } = await agentOn('private.log', ['--interval', '1']);
    writeClients(log);
    const { text, snapshot } = await readAll(a);
    for (const stats of [snapshot.stats.window, snapshot.stats.total, snapshot.lastSummary!.total])
      assert.deepEqual(stats.hosts, []);
    assert.equal(snapshot.stats.total.distinctHosts, CLIENTS.length);
    assert.deepEqual(snapshot.malformedSamples, []);
    const metrics = (await fetchText(new URL('/metrics', a.url).href)).body;
    assert.match(metrics, /^http_console_malformed_lines_total 1$/m);
    for (const address of [...CLIENTS, MALFORMED_FROM]) {
      assert.ok(!text.includes(address), `${address} in /api/snapshot`);
      assert.ok(!metrics.includes(address), `${address} in /metrics`);
    }
  });

  test('with --expose-hosts: the snapshot lists the clients and the malformed line', async () => {
    const { log, a } = await agentOn('exposed.log', ['--expose-hosts', '--interval', '1']);
    writeClients(log);
    const { snapshot } = await readAll(a);
    assert.deepEqual(snapshot.stats.total.hosts.map((h) => h.host).sort(), [...CLIENTS].sort());
    assert.equal(snapshot.lastSummary!.total.hosts.length, CLIENTS.length);
    assert.ok(snapshot.malformedSamples.some((m) => m.line.startsWith(MALFORMED_FROM)));
    const metrics = (await fetchText(new URL('/metrics', a.url).href)).body;
    for (const address of [...CLIENTS, MALFORMED_FROM])
      assert.ok(!metrics.includes(address), `${address} in /metrics`);
  });

  test('SIGTERM prints the final summary and exits 0', async () => {
    const { log, a } = await agentOn('stop.log', ['--interval', '1']);
    writeClients(log);
    await readAll(a);
    const exit = new Promise<number | null>((r) => a.child.once('exit', (code) => r(code)));
    await a.stop();
    assert.equal(await exit, 0);
    assert.match(a.output(), /^ +total +9 hits over .* malformed 1 /m);
  });

  const usage = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], {
      encoding: 'utf8',
      env: { ...process.env, HTTP_CONSOLE_TOKEN: '' },
    });

  test('off loopback without a token it refuses to start, naming where a token may come from', () => {
    // Refused while parsing: nothing is ever bound to the address.
    const r = usage(['agent', '-f', join(dir, 'x.log'), '--host', '0.0.0.0']);
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      /--host 0\.0\.0\.0: an agent off loopback needs its token from --token-file, HTTP_CONSOLE_TOKEN or --token/,
    );
  });

  test('flags that do not fit are usage errors naming them', () => {
    const log = join(dir, 'x.log');
    for (const [args, message] of [
      [['agent', '-f', log, '--json'], /--json does not apply to 'agent'/],
      [['agent', '-f', log, '--no-follow'], /--no-follow does not apply to 'agent'/],
      [['serve', '-f', log, '--expose-hosts'], /--expose-hosts only applies to 'agent'/],
      [['-f', log, '--expose-hosts'], /--expose-hosts only applies to 'agent'/],
      [['-f', log, '--port', '1'], /--port only applies to 'serve' and 'agent'/],
      [
        ['agents', '-f', log],
        /unknown command 'agents' \(the commands are serve and agent; a log is given with -f FILE\)/,
      ],
    ] as const) {
      const r = usage([...args]);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  });
});
