/**
 * The real thing: three followed files and two syslog listeners in one
 * engine, lines sent by util-linux `logger` over UDP and TCP, and one file
 * rotated mid-run by a real logrotate. Every line is counted, per source and
 * combined.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../main/engine/api';
import { createEngine } from '../../main/engine/engine';
import { MAX_SENDERS } from '../../main/engine/multi-engine';
import { clf, waitFor } from './helpers';
import { run, tempDir } from '../sources/fixtures/source-helpers';
import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';

const LOGROTATE = '/usr/sbin/logrotate';
const HOST = hostname(); // what logger puts in the header
const nowSec = () => Math.floor(Date.now() / 1000);
const lines = (n: number, path: string) => Array.from({ length: n }, () => clf(nowSec(), path));
const append = (file: string, n: number, path: string) =>
  appendFileSync(file, lines(n, path).join('\n') + '\n');

/** logger sending each line of `input` to a port with a tag. */
const logger = (port: number, flags: string[], tag: string, input: string[]) =>
  run('logger', ['-n', '127.0.0.1', '-P', String(port), ...flags, '-t', tag], input.join('\n'));

/** The port a listener of the engine bound (its input is named by its real URL). */
function portOf(engine: Engine, protocol: 'udp' | 'tcp'): number {
  const input = engine.snapshot().inputs!.find((i) => i.source.startsWith(`${protocol}://`));
  return Number(/:(\d+)$/.exec(input!.source)![1]);
}

describe(
  'three files and syslog listeners in one engine',
  { skip: (!existsSync(LOGROTATE) && 'no logrotate') || false },
  () => {
    const tmp = tempDir('multi-syslog');
    let engine: Engine | null = null;
    after(async () => {
      await engine?.dispose();
      tmp.cleanup();
    });

    test('exact totals per source and combined, with one file rotated by logrotate', async () => {
      const [a, b, c] = ['a.log', 'b.log', 'c.log'].map((n) => join(tmp.dir, n)) as [
        string,
        string,
        string,
      ];
      append(a, 100, '/a');
      append(b, 100, '/b');
      append(c, 100, '/c');
      const e = createEngine({
        file: 'three logs and syslog',
        sources: [
          { kind: 'file', path: a },
          { kind: 'file', path: b },
          { kind: 'file', path: c },
          { kind: 'syslog', url: 'udp://127.0.0.1:0' },
          { kind: 'syslog', url: 'tcp://127.0.0.1:0' },
        ],
        window: 300,
        pollMs: 50,
        rotatedIdleMs: 500,
      });
      engine = e;
      await e.start();
      const hits = () =>
        new Map((e.snapshot().stats.total.sources ?? []).map((s) => [s.source, s.hits]));
      await waitFor(() => hits().get(c) === 100, 'the back-filled files');

      append(a, 50, '/a');
      append(c, 50, '/c');
      append(b, 50, '/b');
      await logger(portOf(e, 'udp'), ['-d', '--rfc3164'], 'nginx', lines(40, '/udp'));
      await logger(
        portOf(e, 'tcp'),
        ['-T', '--octet-count', '--rfc5424'],
        'app',
        lines(30, '/tcp'),
      );

      // logrotate renames b.log to b.log.1; the server still writes a little to the old file,
      // then reopens a new b.log.
      await waitFor(() => hits().get(b) === 150, 'b before the rotation');
      const conf = join(tmp.dir, 'logrotate.conf');
      writeFileSync(conf, `${b} {\n  rotate 5\n  compress\n  delaycompress\n}\n`);
      await run(LOGROTATE, ['-s', join(tmp.dir, 'logrotate.state'), '-f', conf]);
      assert.ok(existsSync(`${b}.1`) && !existsSync(b), 'logrotate renamed the file');
      append(`${b}.1`, 5, '/b');
      append(b, 25, '/b');

      const expected = new Map([
        [a, 150],
        [b, 180],
        [c, 150],
        [`${HOST}/nginx`, 40],
        [`${HOST}/app`, 30],
      ]);
      await waitFor(
        () => [...expected].every(([s, n]) => hits().get(s) === n),
        `per-source totals ${JSON.stringify([...expected])}`,
        30_000,
      );
      const snap = e.snapshot();
      assert.deepEqual(hits(), expected);
      assert.equal(snap.stats.total.hits, 550);
      assert.equal(snap.stats.total.malformed, 0);
      assert.deepEqual(
        snap.inputs!.map((i) => [i.kind, i.format]),
        [
          ['file', 'common'],
          ['file', 'common'],
          ['file', 'common'],
          ['syslog', null],
          ['syslog', null],
          ['syslog', 'common'],
          ['syslog', 'common'],
        ],
      );
      assert.equal(snap.file.path, 'three logs and syslog');

      // Malformed frames count like malformed lines, named by their listener.
      const udp = createSocket('udp4');
      await new Promise<void>((r) =>
        udp.send('no header at all', portOf(e, 'udp'), '127.0.0.1', () => r()),
      );
      udp.close();
      await waitFor(() => e.snapshot().stats.total.malformed === 1, 'the malformed frame');
      const sample = e.snapshot().malformedSamples.at(-1)!;
      assert.equal(sample.source, `udp://127.0.0.1:${portOf(e, 'udp')}`);

      await e.dispose();
      engine = null;
    });

    test('syslog senders are bounded: past the limit they share one name, and the listener says so', async () => {
      const e = createEngine({
        file: 'many senders',
        sources: [{ kind: 'syslog', url: 'tcp://127.0.0.1:0' }],
      });
      engine = e;
      await e.start();
      const extra = 5;
      // Over TCP (lossless), newline framing: one message per sender.
      const frames = Array.from(
        { length: MAX_SENDERS + extra },
        (_, i) => `<134>Nov 28 08:00:00 host${i} web: ${clf(nowSec(), '/s')}\n`,
      );
      const socket = connect(portOf(e, 'tcp'), '127.0.0.1');
      await new Promise<void>((r) => socket.end(frames.join(''), () => r()));
      await waitFor(
        () => e.snapshot().stats.total.hits === MAX_SENDERS + extra,
        'every message counted',
      );
      const snap = e.snapshot();
      const senders = snap.inputs!.filter((i) => i.kind === 'syslog' && !i.source.includes('://'));
      assert.equal(senders.length, MAX_SENDERS + 1);
      assert.equal(senders.at(-1)!.source, 'other syslog senders');
      assert.match(snap.inputs![0]!.message, /over 1000 senders/);
      await e.dispose();
      engine = null;
    });

    test('pause, resume and dispose apply to every source: nothing lost, the socket released', async () => {
      const file = join(tmp.dir, 'paused.log');
      append(file, 3, '/p');
      const e = createEngine({
        file: 'paused',
        sources: [
          { kind: 'file', path: file },
          { kind: 'syslog', url: 'tcp://127.0.0.1:0' },
        ],
        pollMs: 50,
        window: 300,
      });
      engine = e;
      await e.start();
      const port = portOf(e, 'tcp');
      await waitFor(() => e.snapshot().stats.total.hits === 3, 'the back-filled lines');
      await e.pause();
      assert.equal(e.snapshot().state, 'idle');
      append(file, 4, '/p');
      await logger(port, ['-T', '--rfc3164'], 'web', lines(6, '/s'));
      await e.resume();
      await waitFor(() => e.snapshot().stats.total.hits === 13, 'what arrived while paused');
      await e.dispose();
      engine = null;
      // The listener's port is free again.
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
      await new Promise((r) => server.close(r));
    });
  },
);
