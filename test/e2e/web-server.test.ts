import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebServer, type WebServer } from '../../main/web/server';
import { createFakeMonitor, makeSnapshot, type FakeMonitor } from './fixtures/fake-monitor';
import { fetchText, openEvents } from './fixtures/http';

let root: string;
let pageDir: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'hc-web-'));
  pageDir = join(root, 'renderer');
  mkdirSync(pageDir);
  writeFileSync(
    join(pageDir, 'index.html'),
    '<!doctype html><link rel="stylesheet" href="styles.css"><script src="app.js"></script>',
  );
  writeFileSync(join(pageDir, 'app.js'), 'console.log(1);');
  writeFileSync(join(pageDir, 'styles.css'), 'body{}');
  // A file beside the page that must never be served.
  writeFileSync(join(root, 'secret.txt'), 'SECRET');
});
after(() => rmSync(root, { recursive: true, force: true }));

const base = (s: WebServer) => s.url.slice(0, s.url.indexOf('?'));

describe('web server on loopback (default)', () => {
  let monitor: FakeMonitor;
  let server: WebServer;
  before(async () => {
    monitor = createFakeMonitor(makeSnapshot({ avg: 3.5, windowHits: 420 }));
    server = await startWebServer({ monitor, port: 0, rendererDir: pageDir, flushMs: 10 });
  });
  after(() => server.close());

  test('binds 127.0.0.1 and prints a URL that carries the generated token', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    assert.ok(server.token && server.url.endsWith(encodeURIComponent(server.token)));
  });

  test('serves the page, the snapshot and the prefs without a token', async () => {
    const page = await fetchText(base(server));
    assert.equal(page.status, 200);
    assert.match(page.body, /src="app\.js"/);
    const snap = await fetchText(`${base(server)}api/snapshot`);
    assert.equal(JSON.parse(snap.body).windowHits, 420);
    const prefs = JSON.parse((await fetchText(`${base(server)}api/prefs`)).body);
    assert.deepEqual(prefs.logFiles, ['/var/log/access.log']);
    assert.equal(prefs.threshold, 10);
  });

  test('every response has a strict CSP and nosniff', async () => {
    for (const path of ['', 'app.js', 'api/snapshot', 'nope']) {
      const r = await fetchText(base(server) + path);
      const csp = String(r.headers['content-security-policy']);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
    }
  });

  test('refuses path traversal and unknown files', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '//secret.txt',
      '/renderer/app.js',
    ]) {
      const r = await fetchText(base(server).replace(/\/$/, '') + path);
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(r.body, /SECRET/);
    }
  });

  test('answers a request target that is not a path (OPTIONS *) with 400 and keeps serving', async () => {
    const raw = await new Promise<number>((resolve, reject) => {
      const u = new URL(base(server));
      const req = request(
        { host: u.hostname, port: u.port, path: '*', method: 'OPTIONS' },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(raw, 400);
    assert.equal((await fetchText(`${base(server)}api/snapshot`)).status, 200);
  });

  test('refuses a Host header that is not this machine (DNS rebinding)', async () => {
    const r = await fetchText(`${base(server)}api/snapshot`, {
      headers: { Host: 'evil.example:80' },
    });
    assert.equal(r.status, 403);
  });

  test('changing preferences always needs the token, in the Authorization header', async () => {
    const post = (headers: Record<string, string>, body: unknown, q = '') =>
      fetchText(`${base(server)}api/prefs${q}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    assert.equal((await post({}, { threshold: 5 })).status, 401);
    assert.equal((await post({ Authorization: 'Bearer wrong' }, { threshold: 5 })).status, 401);
    assert.equal((await post({}, { threshold: 5 }, `?token=${server.token}`)).status, 401);
    assert.equal(monitor.applied.length, 0, 'nothing applied without the token');

    const bad = await post(
      { Authorization: `Bearer ${server.token}` },
      { threshold: -1, window: 60 },
    );
    assert.equal(bad.status, 400);
    const refusal = JSON.parse(bad.body);
    assert.equal(refusal.field, 'threshold');
    assert.match(refusal.message, /threshold/);
    assert.equal(monitor.applied.length, 0, 'a bad patch is refused whole');

    const good = await post({ Authorization: `Bearer ${server.token}` }, { threshold: 5 });
    assert.equal(good.status, 200);
    assert.equal(monitor.applied.at(-1)?.threshold, 5);
    assert.equal(JSON.parse((await fetchText(`${base(server)}api/prefs`)).body).threshold, 5);

    // Even with the token, the server cannot be pointed at another file it could read.
    const applied = monitor.applied.length;
    const moved = await post(
      { Authorization: `Bearer ${server.token}` },
      { logFiles: ['/etc/shadow'] },
    );
    assert.equal(moved.status, 400);
    assert.equal(JSON.parse(moved.body).field, 'logFiles');
    assert.equal(monitor.applied.length, applied, 'the file was not changed');
  });

  test('pushes a snapshot on connect, then batches of events, and a snapshot again on reconnect', async () => {
    const stream = await openEvents(`${base(server)}api/events`);
    assert.equal(stream.status, 200);
    const first = await stream.next();
    assert.equal((first.data[0] as { type: string }).type, 'snapshot');
    for (let i = 0; i < 3; i++)
      monitor.emit({ type: 'second', at: 1000 * i, hits: i, avg: 0, alert: false });
    const batch = await stream.next();
    assert.deepEqual(
      batch.data.map((e) => (e as { type: string; at: number }).type),
      ['second', 'second', 'second', 'figures'],
      'the seconds, then the figures they moved',
    );
    assert.deepEqual(
      batch.data.slice(0, 3).map((e) => (e as { at: number }).at),
      [0, 1000, 2000],
    );
    stream.close();

    const again = await openEvents(`${base(server)}api/events`, {
      'Last-Event-ID': String(batch.id),
    });
    const resumed = await again.next();
    assert.equal((resumed.data[0] as { type: string }).type, 'snapshot');
    again.close();
  });

  test('a flood of events is replaced by one snapshot instead of flooding the browser', async () => {
    const stream = await openEvents(`${base(server)}api/events`);
    await stream.next();
    for (let i = 0; i < 20000; i++)
      monitor.emit({ type: 'second', at: 1000 * i, hits: 1, avg: 0, alert: false });
    const msg = await stream.next();
    assert.ok(msg.data.length < 6000, `one message holds ${msg.data.length} events`);
    assert.equal((msg.data[0] as { type: string }).type, 'snapshot');
    stream.close();
  });

  test('settings applied elsewhere reach the page as a fresh snapshot', async () => {
    const stream = await openEvents(`${base(server)}api/events`);
    await stream.next();
    await monitor.apply({ ...monitor.settings, threshold: 42 });
    const msg = await stream.next();
    const snap = msg.data[0] as { type: string; snapshot: { threshold: number } };
    assert.equal(snap.type, 'snapshot');
    assert.equal(snap.snapshot.threshold, 42);
    stream.close();
  });
});

describe('web server off loopback', () => {
  let server: WebServer;
  before(async () => {
    server = await startWebServer({
      monitor: createFakeMonitor(),
      host: '0.0.0.0',
      port: 0,
      rendererDir: pageDir,
    });
  });
  after(() => server.close());

  const local = () => base(server).replace(/\/\/[^/]+:/, '//127.0.0.1:');

  test('requires the token on every request, the event stream included', async () => {
    for (const path of ['', 'app.js', 'api/snapshot', 'api/prefs', 'metrics']) {
      assert.equal((await fetchText(local() + path)).status, 401, path);
    }
    const stream = await openEvents(`${local()}api/events`);
    assert.equal(stream.status, 401);
    stream.close();
  });

  test('accepts the token as a Bearer header or ?token=, and the page passes it to its assets', async () => {
    const t = encodeURIComponent(server.token!);
    const page = await fetchText(`${local()}?token=${t}`);
    assert.equal(page.status, 200);
    assert.match(page.body, new RegExp(`src="app\\.js\\?token=${t}"`));
    assert.match(page.body, new RegExp(`href="styles\\.css\\?token=${t}"`));
    assert.equal((await fetchText(`${local()}app.js?token=${t}`)).status, 200);
    const metrics = await fetchText(`${local()}metrics`, {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    assert.equal(metrics.status, 200);
    const stream = await openEvents(`${local()}api/events?token=${t}`);
    assert.equal(stream.status, 200);
    stream.close();
  });

  test('a wrong token of the right length is refused', async () => {
    const wrong = server.token!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    assert.equal((await fetchText(`${local()}api/snapshot?token=${wrong}`)).status, 401);
  });
});
