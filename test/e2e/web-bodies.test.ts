/**
 * Bodies sent to the web server: a body over the limit gets 413 with a JSON
 * error (not a reset connection), and only JSON is accepted as JSON.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebServer, type WebServer } from '../../main/web/server';
import { createFakeMonitor, type FakeMonitor } from './fixtures/fake-monitor';
import { fetchText } from './fixtures/http';

let root: string;
let monitor: FakeMonitor;
let server: WebServer;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'hc-bodies-'));
  const pageDir = join(root, 'renderer');
  mkdirSync(pageDir);
  writeFileSync(join(pageDir, 'index.html'), '<!doctype html><p>page</p>');
  monitor = createFakeMonitor();
  server = await startWebServer({ monitor, port: 0, rendererDir: pageDir, flushMs: 10 });
});
after(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const prefsUrl = () => server.url.replace(/\?.*$/, 'api/prefs');
const auth = () => ({ Authorization: `Bearer ${server.token}` });

describe('request bodies', () => {
  test('a body over the limit gets 413 with a JSON error naming the limit', async () => {
    const big = JSON.stringify({ threshold: 5, pad: 'x'.repeat(64 * 1024) });
    const r = await fetchText(prefsUrl(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...auth() },
      body: big,
    });
    assert.equal(r.status, 413);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    const error = JSON.parse(r.body);
    assert.equal(error.ok, false);
    assert.match(error.message, /too large.*16 KiB/);
    assert.equal(monitor.applied.length, 0);
  });

  test('the same without a Content-Length (chunked): 413, and the server keeps serving', async () => {
    const body = Buffer.alloc(200 * 1024, 0x20);
    const r = await fetchText(prefsUrl(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...auth() },
      body: Array.from({ length: 50 }, (_, i) => body.subarray(i * 4096, (i + 1) * 4096)),
    });
    assert.equal(r.status, 413);
    assert.equal(JSON.parse(r.body).ok, false);
    assert.equal((await fetchText(prefsUrl())).status, 200);
  });

  for (const type of [
    'text/plain',
    'application/json-seq',
    'application/jsonx',
    'application/json; charset=latin1',
    'application/json; foo=bar',
    'application/x-www-form-urlencoded',
  ]) {
    test(`Content-Type ${type} is refused with 415`, async () => {
      const r = await fetchText(prefsUrl(), {
        method: 'POST',
        headers: { 'Content-Type': type, ...auth() },
        body: JSON.stringify({ threshold: 5 }),
      });
      assert.equal(r.status, 415);
      assert.match(JSON.parse(r.body).message, /application\/json/);
    });
  }

  for (const type of [
    'application/json',
    'Application/JSON; charset=UTF-8',
    'application/json;charset="utf-8"',
  ]) {
    test(`Content-Type ${type} is accepted`, async () => {
      const r = await fetchText(prefsUrl(), {
        method: 'POST',
        headers: { 'Content-Type': type, ...auth() },
        body: JSON.stringify({ threshold: 7 }),
      });
      assert.equal(r.status, 200, r.body);
    });
  }
});
