/**
 * The built `http-console serve --anonymize-hosts` (and `agent`): what goes
 * on the wire holds each client's /24, /48 or domain, never the address as
 * logged: the snapshot's top hosts, its distinct count, the malformed samples
 * and /metrics. Lines are stamped now and waited for; nothing is timed.
 */
import { test, describe, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot } from '../../main/common/types';
import { waitFor } from '../prometheus/live-harness';
import { fetchText } from './fixtures/http';
import { clfLine, startCli } from './fixtures/serve-cli';

// Addresses that appear nowhere else in a snapshot or the metrics, so finding one is a leak.
const CLIENTS = ['198.51.100.77', '198.51.100.78', '2001:db8:5:1::beef', 'dial7.isp.example.net'];
const AS_KEPT = { '198.51.100.0/24': 6, '2001:db8:5::/48': 2, 'example.net': 2 };
const MALFORMED_FROM = '192.0.2.250';
const TOKEN = 'anonymize-token-0123456789';

/** Ten requests from the clients and one malformed line starting with an address. */
function writeClients(log: string): void {
  const now = Date.now();
  let text = '';
  for (let i = 0; i < 10; i++)
    text += clfLine(now, `/shop/${i}`).replace(/^\S+/, CLIENTS[i % CLIENTS.length]!);
  text += `${MALFORMED_FROM} this is not a request line\n`;
  appendFileSync(log, text);
}

/** Start `command` on a fresh log, write the clients, and wait until a summary has counted them. */
async function served(t: TestContext, command: 'serve' | 'agent', args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'hc-anon-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, `${command}.log`);
  writeFileSync(log, '');
  const s = await startCli(command, log, ['--no-db', '--interval', '1', ...args]);
  t.after(() => s.stop());
  const auth = { Authorization: `Bearer ${TOKEN}` };
  writeClients(log);
  const snap = await waitFor('the eleven lines read', async () => {
    const r = await fetchText(new URL('/api/snapshot', s.url).href, { headers: auth });
    assert.equal(r.status, 200, r.body);
    const snapshot = JSON.parse(r.body) as Snapshot;
    const t = snapshot.stats.total;
    const done = t.hits === 10 && t.malformed === 1 && snapshot.lastSummary?.total.hits === 10;
    return done && { text: r.body, snapshot };
  });
  const metrics = (await fetchText(new URL('/metrics', s.url).href, { headers: auth })).body;
  return { ...snap, metrics, url: s.url };
}

const hostsOf = (hosts: { host: string; hits: number }[]) =>
  Object.fromEntries(hosts.map((h) => [h.host, h.hits]));

describe('--anonymize-hosts on the wire', () => {
  test('serve: the snapshot and /metrics hold prefixes and domains, never an address', async (t) => {
    const { text, snapshot, metrics } = await served(t, 'serve', ['--anonymize-hosts']);
    assert.deepEqual(hostsOf(snapshot.stats.total.hosts), AS_KEPT);
    assert.deepEqual(hostsOf(snapshot.lastSummary!.total.hosts), AS_KEPT);
    assert.equal(snapshot.stats.total.distinctHosts, 3);
    assert.deepEqual(
      snapshot.malformedSamples.map((m) => m.line),
      ['192.0.2.0/24 this is not a request line'],
    );
    assert.match(metrics, /^http_console_malformed_lines_total 1$/m);
    for (const address of [...CLIENTS, MALFORMED_FROM]) {
      assert.ok(!text.includes(address), `${address} in /api/snapshot`);
      assert.ok(!metrics.includes(address), `${address} in /metrics`);
    }
  });

  test('serve: even the token cannot turn it off over HTTP', async (t) => {
    const { url } = await served(t, 'serve', ['--anonymize-hosts', '--token', TOKEN]);
    const prefsUrl = new URL('/api/prefs', url).href;
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const off = await fetchText(prefsUrl, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ anonymizeHosts: false }),
    });
    assert.equal(off.status, 400, off.body);
    assert.match(JSON.parse(off.body).message, /^anonymizeHosts: .*--anonymize-hosts/);
    const prefs = JSON.parse((await fetchText(prefsUrl, { headers: auth })).body);
    assert.equal(prefs.anonymizeHosts, true);
  });

  test('agent --expose-hosts: what it exposes is anonymised too', async (t) => {
    const { text, snapshot } = await served(t, 'agent', ['--anonymize-hosts', '--expose-hosts']);
    assert.deepEqual(hostsOf(snapshot.stats.total.hosts), AS_KEPT);
    for (const address of [...CLIENTS, MALFORMED_FROM])
      assert.ok(!text.includes(address), `${address} in /api/snapshot`);
  });
});
