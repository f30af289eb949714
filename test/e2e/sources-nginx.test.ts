/**
 * The CLI over real nginx: nginx (Debian's, started here on loopback) logs
 * every request to its own file and, with
 *   access_log syslog:server=127.0.0.1:PORT,tag=nginx combined;
 * to our UDP listener; the CLI follows the file too, and util-linux logger
 * replays the file over TCP with octet counting (nginx itself sends UDP only).
 * Every request is counted once per source, and the combined sections and
 * statuses are those of nginx's own file log.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Stats } from '../../main/common/types';
import { createParser } from '../../main/engine/parse';
import { needsCli } from '../cli/fixtures/cli';
import { freeTcpPort, freeUdpPort, tempDir, waitFor } from '../sources/fixtures/source-helpers';
import { NGINX, startNginx } from '../sources/fixtures/nginx';
import {
  accepts,
  LOGGER,
  sendOverTcp,
  startCli,
  tally,
  type CliProcess,
} from './sources-cli-process';

/** A bounded loop of real requests: sections /api, /static, /missing, /boom; 200, 404 and 500. */
const REQUESTS = Array.from({ length: 200 }, (_, i) => {
  const kind = i % 5;
  if (kind === 0) return { method: 'GET', path: `/api/users/${i}?q="x y"`, status: 200 };
  if (kind === 1) return { method: 'POST', path: '/api/orders', status: 200 };
  if (kind === 2) return { method: 'GET', path: `/static/app-${i}.css`, status: 200 };
  if (kind === 3) return { method: 'HEAD', path: `/missing/${i}`, status: 404 };
  return { method: 'GET', path: '/boom', status: 500 };
});

/** Accepts a TCP connection (and sends nothing): the listener is up. */

const hitsOf = (t: Stats, source: (name: string) => boolean) =>
  (t.sources ?? []).filter((s) => source(s.source)).reduce((sum, s) => sum + s.hits, 0);

describe(
  'the CLI over nginx: a file log, syslog over UDP, and the same lines over TCP',
  { skip: (!existsSync(NGINX) || !existsSync(LOGGER)) && 'no nginx or logger' },
  () => {
    needsCli();
    const tmp = tempDir('e2e-nginx');
    const fileLog = join(tmp.dir, 'access.log');
    let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
    let cli: CliProcess;
    let tcpPort = 0;
    let base = '';

    before(async () => {
      const udpPort = await freeUdpPort();
      tcpPort = await freeTcpPort();
      const httpPort = await freeTcpPort();
      cli = startCli([
        '-f',
        fileLog,
        '--syslog',
        `udp://127.0.0.1:${udpPort}`,
        '--syslog',
        `tcp://127.0.0.1:${tcpPort}`,
        '--interval',
        '1',
        '--json',
      ]);
      await waitFor('the TCP listener', () => accepts(tcpPort), cli.stderr);
      nginx = await startNginx(tmp.dir, httpPort, udpPort);
      base = nginx.base;
    });

    after(async () => {
      await nginx?.stop();
      await cli?.stop('SIGKILL');
      tmp.cleanup();
    });

    test('every request counted from each source; sections and statuses as nginx logged them', async () => {
      for (const r of REQUESTS) {
        const reply = await fetch(`${base}${r.path}`, {
          method: r.method,
          ...(r.method === 'POST' ? { body: 'a=1' } : {}),
        });
        await reply.arrayBuffer();
        assert.equal(reply.status, r.status);
      }
      const fileLines = () => readFileSync(fileLog, 'utf8').split('\n').filter(Boolean);
      // The probe requests that waited for nginx are logged too: nginx's file is the reference.
      await waitFor('nginx to write every request', () => fileLines().length > REQUESTS.length);
      const lines = fileLines();
      await sendOverTcp(tcpPort, 'replay', fileLog);

      const nginxSource = `${hostname().toLowerCase()}/nginx`;
      const n = lines.length;
      await cli.waitForTotal(
        `${n} lines from each source`,
        (t) =>
          hitsOf(t, (s) => s === fileLog) === n &&
          hitsOf(t, (s) => s === nginxSource) === n &&
          hitsOf(t, (s) => s.endsWith('/replay')) === n,
      );
      assert.equal(await cli.stop(), 0, cli.stderr());
      const total = cli.total()!;
      assert.equal(total.hits, 3 * n);
      assert.equal(total.malformed, 0);
      assert.equal(total.sources?.length, 3);

      const parser = createParser('combined');
      const hits = lines.map((line) => {
        const r = parser.parse(line);
        return r.kind === 'hit' ? r.hit : assert.fail(`nginx wrote a line we cannot read: ${line}`);
      });
      const thrice = (m: Map<string, number>) =>
        Object.fromEntries([...m].map(([k, v]) => [k, 3 * v]).sort());
      const count = (keys: string[]) => {
        const m = new Map<string, number>();
        for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
        return m;
      };
      assert.deepEqual(
        tally(
          total.sections,
          (s) => s.section,
          (s) => s.hits,
        ),
        thrice(count(hits.map((h) => h.section))),
      );
      assert.deepEqual(
        tally(
          total.codes,
          (c) => String(c.code),
          (c) => c.hits,
        ),
        thrice(count(hits.map((h) => String(h.status)))),
      );
      assert.deepEqual(
        tally(
          total.methods,
          (m) => m.method,
          (m) => m.hits,
        ),
        thrice(count(hits.map((h) => String(h.method)))),
      );
    });
  },
);
