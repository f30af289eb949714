/**
 * Several sources over HTTP: `/metrics` gains a per-source request counter
 * (top 10 and `other`, values escaped, existing families unchanged), and an
 * agent's `/api/snapshot` keeps each input's name and state as it keeps the
 * file's path, while client addresses stay out.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import parsePrometheus from 'parse-prometheus-text-format';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputStatus, Snapshot } from '../../main/common/types';
import { MAX_SOURCE_LABELS, renderMetrics } from '../../main/web/metrics';
import { startWebServer, type WebServer } from '../../main/web/server';
import { createFakeMonitor, emptyStats, makeSnapshot } from './fixtures/fake-monitor';
import { fetchText } from './fixtures/http';

// More sources than get a label of their own, one whose name needs escaping.
const sources = [
  { source: '/var/log/nginx/a.access.log', hits: 400 },
  { source: 'web"1\\x\n/nginx', hits: 300 },
  ...Array.from({ length: 14 }, (_, i) => ({ source: `/var/log/v${i}.log`, hits: 20 - i })),
];
const hits = sources.reduce((sum, s) => sum + s.hits, 0);
const inputs: InputStatus[] = [
  {
    source: '/var/log/nginx/a.access.log',
    kind: 'file',
    state: 'following',
    code: 'following',
    message: 'following /var/log/nginx/a.access.log',
    format: 'combined',
  },
  {
    source: 'udp://127.0.0.1:5514',
    kind: 'syslog',
    state: 'following',
    code: 'syslog-listening',
    message: 'listening for syslog on udp://127.0.0.1:5514',
    format: null,
  },
];
const snapshot: Snapshot = makeSnapshot({
  at: 1_700_000_000_000,
  stats: {
    window: { ...emptyStats(120), hits, sources, hosts: [{ host: '10.0.0.7', hits }] },
    total: { ...emptyStats(3600), hits, sources, hosts: [{ host: '10.0.0.7', hits }] },
  },
  inputs,
});

const families = (text: string) => new Map(parsePrometheus(text).map((f) => [f.name, f]));

describe('the source family of /metrics', () => {
  test('top 10 sources by name and the rest as other; the family adds up to every request', () => {
    const family = families(renderMetrics(snapshot)).get('http_console_source_requests_total');
    assert.ok(family, 'family present');
    assert.equal(family.type, 'COUNTER');
    const samples = family.metrics.map((m) => [m.labels?.source, Number(m.value)]);
    assert.equal(samples.length, MAX_SOURCE_LABELS + 1);
    assert.deepEqual(samples.slice(0, 2), [
      ['/var/log/nginx/a.access.log', 400],
      ['web"1\\x\n/nginx', 300],
    ]);
    const rest = sources.slice(MAX_SOURCE_LABELS).reduce((sum, s) => sum + s.hits, 0);
    assert.deepEqual(samples.at(-1), ['other', rest]);
    assert.equal(
      samples.reduce((sum, [, v]) => sum + (v as number), 0),
      hits,
    );
  });

  test('label values are escaped as the format requires', () => {
    assert.ok(
      renderMetrics(snapshot).includes(
        'http_console_source_requests_total{source="web\\"1\\\\x\\n/nginx"} 300',
      ),
    );
  });

  test('without a sources breakdown there is no family, and the other families keep their names', () => {
    const without = makeSnapshot({ at: 1_700_000_000_000 });
    const names = [...families(renderMetrics(without)).keys()];
    assert.equal(names.includes('http_console_source_requests_total'), false);
    const withSources = [...families(renderMetrics(snapshot)).keys()];
    assert.deepEqual(
      withSources.filter((n) => n !== 'http_console_source_requests_total'),
      names,
    );
  });
});

describe('an agent over several sources', () => {
  let dir: string;
  let server: WebServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hc-sources-web-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    server = await startWebServer({
      monitor: createFakeMonitor(snapshot),
      port: 0,
      rendererDir: dir,
      routes: 'agent',
      exposeHosts: false,
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('/api/snapshot keeps each input and the sources breakdown, leaves client hosts out', async () => {
    const r = await fetchText(server.url.replace(/\/(\?.*)?$/, '/api/snapshot'));
    assert.equal(r.status, 200, r.body);
    const body = JSON.parse(r.body) as Snapshot;
    assert.deepEqual(body.inputs, inputs);
    assert.equal(body.file.path, '/var/log/access.log');
    assert.deepEqual(body.stats.total.sources, sources);
    assert.deepEqual(body.stats.total.hosts, []);
  });

  test('/metrics over HTTP has the family', async () => {
    const r = await fetchText(server.url.replace(/\/(\?.*)?$/, '/metrics'));
    assert.equal(r.status, 200);
    assert.ok(families(r.body).has('http_console_source_requests_total'));
  });
});
