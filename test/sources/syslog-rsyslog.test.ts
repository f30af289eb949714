import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createSyslogSource, type SyslogSource } from '../../main/engine/sources/syslog-listener';
import {
  daemon,
  freeUdpPort,
  recorder,
  run,
  tempDir,
  waitFor,
  type Recorder,
} from './fixtures/source-helpers';

const RSYSLOGD = '/usr/sbin/rsyslogd';
const HOST = hostname();
const LINE = (i: number) =>
  `10.0.0.${i % 250} - - [28/Nov/2026:08:00:00 +0000] "GET /shop/${i}?q=%22 HTTP/1.1" 404 ${i}`;

/**
 * rsyslog (our own process, on loopback) receives from logger over UDP and
 * forwards to three listeners of ours: TCP octet-counted RFC 5424, TCP with
 * newline framing in its traditional format, and UDP in its forward format.
 */
describe(
  'syslog relayed by a real rsyslog',
  { skip: !existsSync(RSYSLOGD) && 'no rsyslogd' },
  () => {
    const tmp = tempDir('rsyslog');
    const targets: {
      name: string;
      url: string;
      action: string;
      source?: SyslogSource;
      rec: Recorder;
    }[] = [
      {
        name: 'TCP octet counting, RFC 5424',
        url: 'tcp://127.0.0.1:0',
        action:
          'protocol="tcp" TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format"',
        rec: recorder(),
      },
      {
        name: 'TCP newline framing, RFC 3164',
        url: 'tcp://127.0.0.1:0',
        action: 'protocol="tcp"',
        rec: recorder(),
      },
      {
        name: 'UDP, RSYSLOG_ForwardFormat',
        url: 'udp://127.0.0.1:0',
        action: 'protocol="udp" template="RSYSLOG_ForwardFormat"',
        rec: recorder(),
      },
    ];
    let inputPort = 0;
    let rsyslog: ReturnType<typeof daemon> | null = null;
    const send = (tag: string, lines: string[]) =>
      run(
        'logger',
        ['-n', '127.0.0.1', '-P', String(inputPort), '-d', '-t', tag],
        lines.join('\n'),
      );
    const nginxLines = (rec: Recorder) => rec.bySource().get(`${HOST}/nginx`) ?? [];

    before(async () => {
      for (const t of targets) {
        t.source = createSyslogSource(t.url, { sinks: t.rec, warn: () => assert.fail('warned') });
        await t.source.start();
      }
      inputPort = await freeUdpPort();
      const actions = targets.map(
        (t) => `action(type="omfwd" target="127.0.0.1" port="${t.source!.port}" ${t.action})`,
      );
      const conf = join(tmp.dir, 'rsyslog.conf');
      writeFileSync(
        conf,
        [
          `global(workDirectory="${tmp.dir}")`,
          'module(load="imudp")',
          `input(type="imudp" address="127.0.0.1" port="${inputPort}")`,
          ...actions,
          '',
        ].join('\n'),
      );
      rsyslog = daemon(RSYSLOGD, ['-n', '-f', conf, '-i', join(tmp.dir, 'rsyslogd.pid')]);
      // rsyslog binds its input some time after starting: probe until every target has a probe.
      await waitFor(
        'rsyslog to relay a probe to every listener',
        async () => {
          await send('probe', ['probe']);
          return targets.every((t) => t.rec.bySource().has(`${HOST}/probe`));
        },
        () =>
          rsyslog!.output() +
          JSON.stringify(targets.map((t) => [[...t.rec.bySource().keys()], t.rec.bad.slice(0, 2)])),
      );
    });

    after(async () => {
      await rsyslog?.stop();
      await Promise.all(targets.map((t) => t.source?.dispose()));
      tmp.cleanup();
    });

    test('every line relayed arrives whole through each framing, named HOST/nginx', async () => {
      const sent = Array.from({ length: 200 }, (_, i) => LINE(i));
      await send('nginx', sent);
      for (const t of targets) {
        await waitFor(
          `200 lines over ${t.name}`,
          () => nginxLines(t.rec).length >= 200,
          () => `(got ${nginxLines(t.rec).length})`,
        );
      }
      for (const t of targets) {
        assert.deepEqual([...nginxLines(t.rec)].sort(), [...sent].sort(), t.name);
        assert.deepEqual(t.rec.bad, [], t.name);
      }
      const tcp = targets[0]!.rec;
      assert.deepEqual(nginxLines(tcp), sent, 'TCP keeps the order');
    });
  },
);
