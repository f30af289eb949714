import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createParser } from '../../main/engine/parse';
import { createSyslogSource, type SyslogSource } from '../../main/engine/sources/syslog-listener';
import { NGINX, startNginx } from './fixtures/nginx';
import { freeTcpPort, recorder, tempDir, waitFor } from './fixtures/source-helpers';

/** The requests, with the section and status nginx should log for each. */
const REQUESTS = Array.from({ length: 150 }, (_, i) => {
  const kind = i % 5;
  if (kind === 0)
    return { method: 'GET', path: `/api/users/${i}?q="x y"`, section: '/api', status: 200 };
  if (kind === 1) return { method: 'POST', path: `/api/orders`, section: '/api', status: 200 };
  if (kind === 2)
    return { method: 'GET', path: `/static/app-${i}.css`, section: '/static', status: 200 };
  if (kind === 3)
    return { method: 'HEAD', path: `/missing/${i}`, section: '/missing', status: 404 };
  return { method: 'GET', path: '/boom', section: '/boom', status: 500 };
});

const tally = (keys: (string | number | undefined)[]) => {
  const m = new Map<string, number>();
  for (const k of keys) m.set(String(k), (m.get(String(k)) ?? 0) + 1);
  return Object.fromEntries([...m].sort());
};

describe(
  'real nginx logging to syslog over UDP',
  { skip: !existsSync(NGINX) && 'no nginx' },
  () => {
    const tmp = tempDir('nginx');
    const rec = recorder();
    let listener: SyslogSource;
    let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
    let base = '';

    before(async () => {
      listener = createSyslogSource('udp://127.0.0.1:0', {
        sinks: rec,
        warn: () => assert.fail('warned'),
      });
      await listener.start();
      const httpPort = await freeTcpPort();
      nginx = await startNginx(tmp.dir, httpPort, listener.port);
      base = nginx.base;
    });

    after(async () => {
      await nginx?.stop();
      await listener?.dispose();
      tmp.cleanup();
    });

    test('every request arrives as nginx wrote it to its own file; sections and statuses match', async () => {
      const fileLog = join(tmp.dir, 'access.log');
      for (const r of REQUESTS) {
        const reply = await fetch(`${base}${r.path}`, {
          method: r.method,
          headers: { 'user-agent': 'probe "quoted" ua' },
          ...(r.method === 'POST' ? { body: 'a=1' } : {}),
        });
        await reply.arrayBuffer();
        assert.equal(reply.status, r.status);
      }
      const fileLines = () => readFileSync(fileLog, 'utf8').split('\n').filter(Boolean);
      const ours = (lines: string[]) => lines.filter((l) => l.includes('probe \\x22quoted'));
      await waitFor(
        `all ${REQUESTS.length} requests by syslog and in the file`,
        () =>
          ours(fileLines()).length === REQUESTS.length && rec.all().length === fileLines().length,
        () => `(syslog ${rec.all().length}, file ${fileLines().length})`,
      );
      assert.deepEqual(rec.all(), fileLines(), 'the same lines, in the same order');
      assert.deepEqual([...rec.bySource().keys()], [`${hostname().toLowerCase()}/nginx`]);
      assert.deepEqual(rec.bad, []);

      const parser = createParser('combined');
      const hits = ours(rec.all()).map((line) => {
        const r = parser.parse(line);
        return r.kind === 'hit' ? r.hit : assert.fail(`not a hit: ${line}`);
      });
      assert.deepEqual(tally(hits.map((h) => h.section)), tally(REQUESTS.map((r) => r.section)));
      assert.deepEqual(tally(hits.map((h) => h.status)), tally(REQUESTS.map((r) => r.status)));
      assert.deepEqual(tally(hits.map((h) => h.method)), tally(REQUESTS.map((r) => r.method)));
    });
  },
);
