/**
 * `serve` and `agent` take the same source flags as the console: two files
 * and a syslog listener behind one agent, seen through /api/snapshot (each
 * input and the sources breakdown) and /metrics (the source family).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Snapshot } from '../../main/common/types';
import { needsCli } from '../cli/fixtures/cli';
import { freeTcpPort, tempDir, waitFor } from '../sources/fixtures/source-helpers';
import { fetchText } from './fixtures/http';
import { clfLine, startCli, type Served } from './fixtures/serve-cli';
import { LOGGER, sendOverTcp } from './sources-cli-process';

describe(
  'an agent over two files and a syslog listener',
  { skip: !existsSync(LOGGER) && 'no logger' },
  () => {
    needsCli();
    const tmp = tempDir('e2e-serve-sources');
    const [a, b] = [join(tmp.dir, 'a.log'), join(tmp.dir, 'b.log')];
    let agent: Served | undefined;
    after(async () => {
      await agent?.stop();
      tmp.cleanup();
    });

    test('every input listed, hits by source in the snapshot and in /metrics', async () => {
      writeFileSync(a, '');
      writeFileSync(b, '');
      const port = await freeTcpPort();
      agent = await startCli('agent', a, ['-f', b, '--syslog', `tcp://127.0.0.1:${port}`]);
      const base = agent.url.replace(/\/$/, '');
      const snapshot = async () =>
        JSON.parse((await fetchText(`${base}/api/snapshot`)).body) as Snapshot;
      await waitFor(
        'the listener to be bound',
        async () => (await snapshot()).inputs?.some((i) => i.code === 'syslog-listening') === true,
        () => agent!.output(),
      );

      const now = Date.now();
      for (let i = 0; i < 30; i++) appendFileSync(a, clfLine(now, '/a'));
      for (let i = 0; i < 20; i++) appendFileSync(b, clfLine(now, '/b'));
      const forSyslog = join(tmp.dir, 'syslog.txt');
      writeFileSync(forSyslog, Array.from({ length: 10 }, () => clfLine(now, '/s')).join(''));
      await sendOverTcp(port, 'app', forSyslog);

      await waitFor(
        'all 60 requests',
        async () => (await snapshot()).stats.total.hits === 60,
        () => agent!.output(),
      );
      const s = await snapshot();
      const sources = Object.fromEntries(
        (s.stats.total.sources ?? []).map((x) => [
          x.source.endsWith('/app') ? 'app' : x.source,
          x.hits,
        ]),
      );
      assert.deepEqual(sources, { [a]: 30, [b]: 20, app: 10 });
      const listed = (s.inputs ?? []).map((i) => i.source);
      assert.ok(listed.includes(a) && listed.includes(b), listed.join(' '));
      assert.ok(listed.includes(`tcp://127.0.0.1:${port}`), listed.join(' '));

      const metrics = (await fetchText(`${base}/metrics`)).body;
      assert.ok(metrics.includes(`http_console_source_requests_total{source="${a}"} 30`), metrics);
      assert.ok(metrics.includes(`http_console_source_requests_total{source="${b}"} 20`), metrics);
    });
  },
);
