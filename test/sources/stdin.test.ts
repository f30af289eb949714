import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createStdinSource } from '../../main/engine/sources/stdin';
import type { SourceState } from '../../main/engine/sources/types';
import { recorder, tempDir, waitFor } from './fixtures/source-helpers';

const CONSUMER = fileURLToPath(new URL('./fixtures/stdin-consumer.ts', import.meta.url));
const LINE = (i: number) =>
  `10.0.0.1 - - [28/Nov/2026:08:00:00 +0000] "GET /p/${i} HTTP/1.1" 200 ${i}`;

/** A started source over a pipe that has delivered its first line. */
async function afterOneLine() {
  const input = new PassThrough();
  const rec = recorder();
  const source = createStdinSource(input, { sinks: rec });
  await source.start();
  input.write('one\n');
  await waitFor('the first line', () => rec.all().length === 1);
  return { input, rec, source };
}

describe('standard input source', () => {
  test('lines split across writes, CRLF, an over-long line as malformed, the unterminated tail at EOF', async () => {
    const input = new PassThrough();
    const rec = recorder();
    const source = createStdinSource(input, { sinks: rec, now: () => 42 });
    await source.start();
    input.write('a\r\nb');
    input.write('c\n');
    input.write(`${'x'.repeat(70_000)}\nd\n`);
    input.end('tail');
    await source.done;
    assert.deepEqual(rec.all(), ['a', 'bc', 'd', 'tail']);
    assert.ok(rec.batches.every((b) => b.source === 'stdin' && b.at === 42));
    assert.equal(rec.bad.length, 1);
    assert.equal(rec.bad[0]!.text, 'x'.repeat(200));
    assert.match(rec.bad[0]!.reason, /longer than 65536 bytes/);
    assert.deepEqual(
      rec.states.map((s) => [s.state, s.code, s.message]),
      [
        ['following', 'reading', 'reading standard input'],
        ['ended', 'eof', 'end of input after 4 lines'],
      ],
    );
  });

  test('a read error is an error state, done still resolves', async () => {
    const { input, rec, source } = await afterOneLine();
    input.destroy(new Error('EIO: i/o error'));
    await source.done;
    assert.deepEqual(rec.all(), ['one']);
    assert.deepEqual(rec.states.at(-1), {
      source: 'stdin',
      state: 'error',
      code: 'read-error',
      message: 'cannot read standard input: EIO: i/o error',
    } satisfies SourceState);
  });

  test('dispose stops reading quietly; done resolves', async () => {
    const { rec, source } = await afterOneLine();
    await source.dispose();
    await source.done;
    await source.dispose();
    assert.ok(rec.states.every((s) => s.state !== 'error'));
  });

  test('piped logging: the parent dies (and is restarted); each reader sees every line, then EOF, and exits', async () => {
    const tmp = tempDir('stdin');
    try {
      for (const round of [1, 2]) {
        const result = join(tmp.dir, `result-${round}.json`);
        const sent = Array.from({ length: 500 }, (_, i) => LINE(round * 1000 + i));
        // A web server in miniature: it starts its log program with a pipe, writes, never closes it.
        const parentCode = `
          const { spawn } = require('node:child_process');
          const child = spawn(process.execPath, ['--import', 'tsx', ${JSON.stringify(CONSUMER)}, ${JSON.stringify(result)}],
            { stdio: ['pipe', 'inherit', 'inherit'] });
          child.stdin.write(${JSON.stringify(sent.join('\n'))} + '\\npartial-without-newline', () => {
            console.log('written ' + child.pid);
          });
          setInterval(() => {}, 1000);`;
        const parent = spawn(process.execPath, ['-e', parentCode], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        parent.stdout.on('data', (d: Buffer) => (out += d.toString()));
        await waitFor('the parent to write everything', () => /written \d+/.test(out));
        const readerPid = Number(/written (\d+)/.exec(out)![1]);
        parent.kill('SIGKILL'); // no goodbye: the pipe just closes
        await waitFor('the reader to report', () => existsSync(result));
        const got = JSON.parse(readFileSync(result, 'utf8')) as {
          lines: string[];
          states: SourceState[];
        };
        assert.deepEqual(got.lines, [...sent, 'partial-without-newline']);
        assert.equal(got.states.at(-1)?.state, 'ended');
        await waitFor('the reader to exit', () => {
          try {
            process.kill(readerPid, 0);
            return false;
          } catch {
            return true;
          }
        });
      }
    } finally {
      tmp.cleanup();
    }
  });
});
