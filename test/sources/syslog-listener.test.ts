import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import {
  createSyslogSource,
  type SyslogSource,
  type SyslogSourceOptions,
} from '../../main/engine/sources/syslog-listener';
import { dropsForPort } from '../../main/engine/sources/udp-drops';
import { recorder, run, waitFor, type Recorder } from './fixtures/source-helpers';

const HOST = hostname(); // what logger puts in the header
const LINE = (i: number) =>
  `127.0.0.1 - - [28/Nov/2026:08:00:00 +0000] "GET /api/item/${i} HTTP/1.1" 200 ${i}`;
const lines = (n: number) => Array.from({ length: n }, (_, i) => LINE(i));

const open: SyslogSource[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.dispose()));
});

async function listen(
  url: string,
  extra: Partial<SyslogSourceOptions> = {},
): Promise<{ source: SyslogSource; rec: Recorder; warnings: string[] }> {
  const rec = recorder();
  const warnings: string[] = [];
  const source = createSyslogSource(url, { sinks: rec, warn: (w) => warnings.push(w), ...extra });
  open.push(source);
  await source.start();
  return { source, rec, warnings };
}

/** logger sending each line of `input` to the listener. */
const logger = (port: number, flags: string[], input: string[]) =>
  run('logger', ['-n', '127.0.0.1', '-P', String(port), ...flags, '-t', 'nginx'], input.join('\n'));

const waitLines = (rec: Recorder, n: number) =>
  waitFor(
    `${n} lines`,
    () => rec.all().length >= n,
    () => `(got ${rec.all().length})`,
  );

describe('syslog listener with real logger', () => {
  for (const format of ['--rfc3164', '--rfc5424']) {
    test(`UDP, logger ${format}: every line arrives, source HOST/TAG`, async () => {
      const { source, rec, warnings } = await listen('udp://127.0.0.1:0');
      assert.ok(source.port > 0);
      assert.equal(source.url, `udp://127.0.0.1:${source.port}`);
      assert.deepEqual(
        rec.states.map((s) => s.code),
        ['syslog-listening'],
      );
      await logger(source.port, ['-d', format], lines(200));
      await waitLines(rec, 200);
      assert.deepEqual([...rec.bySource().keys()], [`${HOST}/nginx`]);
      assert.deepEqual([...rec.all()].sort(), lines(200).sort());
      assert.equal(source.counters().messages, 200);
      assert.deepEqual(rec.bad, []);
      assert.deepEqual(warnings, [], 'loopback: no warning');
    });
  }

  test('TCP, logger --octet-count (RFC 5424) and newline framing (RFC 3164), in order', async () => {
    const { source, rec } = await listen('tcp://127.0.0.1:0');
    await logger(source.port, ['-T', '--octet-count', '--rfc5424'], lines(300));
    await waitLines(rec, 300);
    await logger(source.port, ['-T', '--rfc3164'], lines(300));
    await waitLines(rec, 600);
    assert.deepEqual(rec.all(), [...lines(300), ...lines(300)]);
    assert.deepEqual([...rec.bySource().keys()], [`${HOST}/nginx`]);
    assert.equal(source.udpDrops(), null, 'TCP has no drop counter');
  });

  test('malformed frames are counted with their samples; good ones around them still arrive', async () => {
    const { source, rec } = await listen('udp://127.0.0.1:0');
    const sock = createSocket('udp4');
    const send = (text: string) =>
      new Promise<void>((r) => sock.send(text, source.port, '127.0.0.1', () => r()));
    await send(`<190>Nov 28 08:00:00 web1 nginx: ${LINE(1)}`);
    await send(LINE(2)); // a bare access log line: no syslog header
    await send('<13>1 - web2 - - - - line without app');
    await send('z'.repeat(1000)); // its sample is cut to 200 characters
    await waitFor('4 datagrams', () => rec.all().length === 2 && rec.bad.length === 2);
    sock.close();
    assert.deepEqual(rec.bad, [
      {
        source: source.url,
        text: LINE(2),
        reason: 'not a syslog message: no <PRI> at the start',
      },
      {
        source: source.url,
        text: 'z'.repeat(200),
        reason: 'not a syslog message: no <PRI> at the start',
      },
    ]);
    assert.deepEqual(
      [...rec.bySource()],
      [
        ['web1/nginx', [LINE(1)]],
        ['web2/-', ['line without app']],
      ],
    );
    assert.deepEqual(source.counters(), { messages: 2, malformed: 2, denied: 0 });
  });

  test('a nil hostname becomes the sender address', async () => {
    const { source, rec } = await listen('udp://127.0.0.1:0');
    await logger(source.port, ['-d', '--rfc5424=nohost'], ['x']);
    await waitLines(rec, 1);
    assert.deepEqual([...rec.bySource().keys()], ['127.0.0.1/nginx']);
  });

  test('senders outside --syslog-allow are dropped and counted, UDP and TCP', async () => {
    const udp = await listen('udp://127.0.0.1:0', { allow: ['10.0.0.0/8'] });
    const tcp = await listen('tcp://127.0.0.1:0', { allow: ['10.0.0.0/8', '::1'] });
    await logger(udp.source.port, ['-d'], lines(5));
    await waitFor('5 denied datagrams', () => udp.source.counters().denied === 5);
    const socket = connect(tcp.source.port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write(`<13>Nov 28 08:00:00 h t: ${LINE(0)}\n`);
    await waitFor('the connection refused', () => socket.destroyed);
    assert.equal(tcp.source.counters().denied, 1);
    assert.deepEqual(udp.rec.all(), []);
    assert.deepEqual(tcp.rec.all(), []);
    // The same senders pass when loopback is allowed.
    const allowed = await listen('udp://127.0.0.1:0', { allow: ['127.0.0.0/8'] });
    await logger(allowed.source.port, ['-d'], lines(5));
    await waitLines(allowed.rec, 5);
    assert.equal(allowed.source.counters().denied, 0);
  });

  test('bad URL or range: a clear error before anything binds; a taken port: start rejects naming it', async () => {
    const sinks = recorder();
    assert.throws(() => createSyslogSource('udp://127.0.0.1', { sinks, warn() {} }), /has no port/);
    assert.throws(
      () => createSyslogSource('udp://127.0.0.1:0', { sinks, allow: ['10/8'], warn() {} }),
      /--syslog-allow: '10\/8'/,
    );
    const first = await listen('tcp://127.0.0.1:0');
    const second = createSyslogSource(`tcp://127.0.0.1:${first.source.port}`, { sinks, warn() {} });
    open.push(second);
    await assert.rejects(
      second.start(),
      new RegExp(
        `--syslog tcp://127\\.0\\.0\\.1:${first.source.port}: cannot listen: .*EADDRINUSE`,
      ),
    );
  });

  test('the UDP receive buffer: the system default, or a larger one on request', async () => {
    const plain = await listen('udp://127.0.0.1:0');
    const larger = await listen('udp://127.0.0.1:0', { receiveBufferBytes: 1 << 20 });
    const tcp = await listen('tcp://127.0.0.1:0');
    const base = plain.source.receiveBuffer() ?? 0;
    assert.ok(base > 0);
    // The kernel grants at most net.core.rmem_max: more than the default only where that allows it.
    const roomForMore =
      existsSync('/proc/sys/net/core/rmem_max') &&
      Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8')) * 2 > base;
    if (roomForMore)
      assert.ok((larger.source.receiveBuffer() ?? 0) > base, 'a larger buffer granted');
    else assert.ok((larger.source.receiveBuffer() ?? 0) >= base);
    assert.equal(tcp.source.receiveBuffer(), null);
    assert.throws(
      () =>
        createSyslogSource('udp://127.0.0.1:0', {
          sinks: recorder(),
          warn() {},
          receiveBufferBytes: -1,
        }),
      /receive buffer must be a positive number of bytes, got -1/,
    );
  });

  test('dispose releases the port and is idempotent', async () => {
    const { source } = await listen('udp://127.0.0.1:0');
    const port = source.port;
    await source.dispose();
    await source.dispose();
    const again = await listen(`udp://127.0.0.1:${port}`);
    assert.equal(again.source.port, port);
  });
});

describe('UDP receive-buffer drops', () => {
  test('the /proc/net/udp drops column of the matching local port', () => {
    const table = [
      '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops            ',
      '  521: 0100007F:D903 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 9921 2 0000000000000000 17    ',
      '  987: 00000000:0202 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 9922 2 0000000000000000 3    ',
      '',
    ].join('\n');
    assert.equal(dropsForPort(table, 0xd903), 17);
    assert.equal(dropsForPort(table, 514), 3);
    assert.equal(dropsForPort(table, 515), null);
    assert.equal(dropsForPort('sl local_address\n', 514), null, 'a table without drops is unknown');
  });

  test(
    'a flood while the receiver is busy: received + reported drops = sent',
    { skip: process.platform !== 'linux' && 'drops are read from Linux /proc/net/udp' },
    async () => {
      const { source, rec } = await listen('udp://127.0.0.1:0');
      assert.equal(source.udpDrops(), 0);
      // spawnSync blocks this event loop, so nothing is read while logger sends:
      // the default receive buffer overflows and the kernel counts what it drops.
      const sent = 5000;
      const payload = lines(sent).map((l) => `${l} ${'x'.repeat(400)}`);
      const r = spawnSync(
        'logger',
        ['-n', '127.0.0.1', '-P', String(source.port), '-d', '-t', 'nginx'],
        { input: payload.join('\n') },
      );
      assert.equal(r.status, 0, String(r.stderr));
      const drops = source.udpDrops() ?? 0;
      assert.ok(drops > 0, 'the buffer overflowed');
      await waitFor(
        'received + dropped = sent',
        () => rec.all().length + drops === sent,
        () => `(received ${rec.all().length}, dropped ${drops})`,
      );
      assert.equal(source.udpDrops(), drops);
    },
  );
});
