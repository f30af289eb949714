import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { createGzipSource, isGzipPath } from '../../main/engine/sources/gzip';
import { expandPatterns } from '../../main/engine/sources/glob';
import { recorder, run, tempDir } from './fixtures/source-helpers';

const LOGROTATE = '/usr/sbin/logrotate';
const LINE = (gen: string, i: number) =>
  `10.${i % 200}.0.1 - - [28/Nov/2026:08:00:00 +0000] "GET /${gen}/${i}/${(i * 7919) % 10007} HTTP/1.1" ${200 + (i % 5)} ${i}`;
const generation = (gen: string, n: number) => Array.from({ length: n }, (_, i) => LINE(gen, i));

/** Reads one .gz through the source; its lines and the last state. */
async function readGz(path: string) {
  const rec = recorder();
  const source = createGzipSource(path, { sinks: rec });
  await source.start();
  await source.done;
  return { lines: rec.all(), state: rec.states.at(-1)!, rec };
}

describe(
  'gzip files rotated by a real logrotate',
  { skip: !existsSync(LOGROTATE) && 'no logrotate' },
  () => {
    const tmp = tempDir('logrotate');
    const log = join(tmp.dir, 'access.log');
    // Oldest first: A was written first and rotated three times.
    const generations = {
      A: generation('A', 20_000),
      B: generation('B', 300),
      C: generation('C', 200),
      D: generation('D', 100),
    };

    before(async () => {
      const conf = join(tmp.dir, 'logrotate.conf');
      writeFileSync(conf, `${log} {\n  rotate 5\n  compress\n  delaycompress\n}\n`);
      const state = join(tmp.dir, 'logrotate.state');
      for (const gen of ['A', 'B', 'C'] as const) {
        writeFileSync(log, generations[gen].join('\n') + '\n');
        await run(LOGROTATE, ['-s', state, '-f', conf]);
      }
      writeFileSync(log, '');
      appendFileSync(log, generations.D.join('\n') + '\n');
    });
    after(() => tmp.cleanup());

    test('access.log* in reading order: .3.gz, .2.gz, .1, then the live file', async () => {
      const set = await expandPatterns([join(tmp.dir, 'access.log*')]);
      assert.deepEqual(
        set.paths().map((p) => p.slice(tmp.dir.length + 1)),
        ['access.log.3.gz', 'access.log.2.gz', 'access.log.1', 'access.log'],
      );
    });

    test('the set read in that order equals every line logged, in order; .gz read, plain files as they are', async () => {
      const set = await expandPatterns([join(tmp.dir, 'access.log*')]);
      const all: string[] = [];
      for (const path of set.paths()) {
        if (isGzipPath(path)) {
          const { lines, state } = await readGz(path);
          assert.deepEqual(state, {
            source: path,
            state: 'ended',
            code: 'eof',
            message: `read ${lines.length} lines`,
          });
          all.push(...lines);
        } else all.push(...readFileSync(path, 'utf8').split('\n').slice(0, -1));
      }
      assert.deepEqual(all, [
        ...generations.A,
        ...generations.B,
        ...generations.C,
        ...generations.D,
      ]);
    });

    test('a truncated .gz: an error naming the file, and the lines before the damage delivered', async () => {
      const damaged = join(tmp.dir, 'damaged.gz');
      copyFileSync(join(tmp.dir, 'access.log.3.gz'), damaged);
      truncateSync(damaged, Math.floor(statSync(damaged).size / 2));
      const { lines, state } = await readGz(damaged);
      assert.ok(lines.length > 1000, `lines before the damage: ${lines.length}`);
      assert.deepEqual(
        lines,
        generations.A.slice(0, lines.length),
        'a clean prefix, no partial line',
      );
      assert.equal(state.state, 'error');
      assert.equal(state.code, 'gzip-damaged');
      assert.equal(
        state.message,
        `${damaged}: gzip truncated; the ${lines.length} lines before the damage were read`,
      );
    });
  },
);

describe('gzip source errors', () => {
  const tmp = tempDir('gzip');
  after(() => tmp.cleanup());

  test('a plain text file named .gz is an error naming it; nothing is read', async () => {
    const path = join(tmp.dir, 'plain.log.gz');
    writeFileSync(path, `${LINE('x', 1)}\n`);
    const { lines, state } = await readGz(path);
    assert.deepEqual(lines, []);
    assert.equal(state.state, 'error');
    assert.match(
      state.message,
      new RegExp(`^${path.replace(/[.]/g, '\\.')}: gzip not gzip data or corrupt`),
    );
  });

  test('a missing file: start rejects naming it', async () => {
    const path = join(tmp.dir, 'missing.gz');
    const source = createGzipSource(path, { sinks: recorder() });
    await assert.rejects(source.start(), new Error(`cannot read ${path}: no such file`));
    await source.dispose();
  });
});
