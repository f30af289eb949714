/**
 * The CLI over three files and a syslog listener at once, one file rotated by
 * the real logrotate during the run: exact totals per source and combined.
 * And the source flags' usage errors through the built binary.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clf } from '../engine/helpers';
import { needsCli, runCli } from '../cli/fixtures/cli';
import { freeTcpPort, run, tempDir, waitFor } from '../sources/fixtures/source-helpers';
import {
  accepts,
  LOGGER,
  sendOverTcp,
  startCli,
  tally,
  type CliProcess,
} from './sources-cli-process';

const LOGROTATE = '/usr/sbin/logrotate';

const lines = (n: number, section: string) => {
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: n }, (_, i) => clf(now, `${section}/${i}`) + '\n').join('');
};

describe('usage errors of the source flags, through the binary', () => {
  needsCli();
  for (const [args, named] of [
    [['--syslog', 'udp://127.0.0.1'], "--syslog: 'udp://127.0.0.1' has no port"],
    [['--syslog', 'tcp://:0', '--syslog-allow', '10.1.2.300/8'], "--syslog-allow: '10.1.2.300/8'"],
    [['-f', '-', '-f', '-'], '-f -: standard input can be read only once'],
  ] as const)
    test(`${args.join(' ')}: exit 2 naming the value, nothing bound`, () => {
      const r = runCli([...args]);
      assert.equal(r.code, 2, r.err);
      assert.ok(r.err.includes(named), r.err);
      assert.equal(r.out, '');
    });
});

describe(
  'three files and a syslog listener in one monitor',
  { skip: (!existsSync(LOGROTATE) || !existsSync(LOGGER)) && 'no logrotate or logger' },
  () => {
    needsCli();
    const tmp = tempDir('e2e-multi');
    const [a, b, c] = ['a.log', 'b.log', 'c.log'].map((f) => join(tmp.dir, f)) as [
      string,
      string,
      string,
    ];
    let cli: CliProcess | undefined;
    after(async () => {
      await cli?.stop('SIGKILL');
      tmp.cleanup();
    });

    test('exact totals per source and combined, with a.log rotated during the run', async () => {
      for (const f of [a, b, c]) writeFileSync(f, '');
      const port = await freeTcpPort();
      cli = startCli([
        '-f',
        a,
        '-f',
        b,
        '-f',
        c,
        '--syslog',
        `tcp://127.0.0.1:${port}`,
        '--interval',
        '1',
        '--json',
      ]);
      await waitFor('the listener', () => accepts(port), cli.stderr);

      appendFileSync(a, lines(100, '/a'));
      appendFileSync(b, lines(200, '/b'));
      appendFileSync(c, lines(300, '/c'));
      await cli.waitForTotal('the first lines of each file', (t) => t.hits === 600);

      const conf = join(tmp.dir, 'logrotate.conf');
      writeFileSync(conf, `${a} {\n  rotate 1\n  create\n}\n`);
      await run(LOGROTATE, ['-s', join(tmp.dir, 'logrotate.state'), '-f', conf]);
      appendFileSync(a, lines(50, '/a'));
      const forSyslog = join(tmp.dir, 'syslog.txt');
      writeFileSync(forSyslog, lines(40, '/s'));
      await sendOverTcp(port, 'app', forSyslog);

      await cli.waitForTotal('every line', (t) => t.hits === 690);
      assert.equal(await cli.stop(), 0, cli.stderr());
      const total = cli.total()!;
      assert.equal(total.hits, 690);
      const bySource = tally(
        total.sources ?? [],
        (s) => (s.source.endsWith('/app') ? 'syslog app' : s.source),
        (s) => s.hits,
      );
      assert.deepEqual(
        bySource,
        tally(
          [
            { source: a, hits: 150 },
            { source: b, hits: 200 },
            { source: c, hits: 300 },
            { source: 'syslog app', hits: 40 },
          ],
          (s) => s.source,
          (s) => s.hits,
        ),
      );
      assert.deepEqual(
        tally(
          total.sections,
          (s) => s.section,
          (s) => s.hits,
        ),
        { '/a': 150, '/b': 200, '/c': 300, '/s': 40 },
      );
    });
  },
);
