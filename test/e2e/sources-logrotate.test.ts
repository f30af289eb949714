/**
 * A rotated set made by the real logrotate (compress, delaycompress: `.1`
 * plain, older ones `.gz`): `http-console -f 'access.log*' --no-follow` gives
 * the same figures as one file holding every line logged, in order.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SummaryEvent } from '../../main/common/types';
import { clf } from '../engine/helpers';
import { needsCli, runCli } from '../cli/fixtures/cli';
import { run, tempDir } from '../sources/fixtures/source-helpers';

const LOGROTATE = '/usr/sbin/logrotate';

/** A generation of `n` lines an hour apart from the previous one, varied sections and statuses. */
function generation(start: number, n: number): string[] {
  const sections = ['/api', '/static', '/admin', '/'];
  return Array.from({ length: n }, (_, i) =>
    clf(
      start + Math.floor(i / 20),
      `${sections[i % 4]}/${i}`,
      [200, 301, 404, 500][(i % 7) % 4],
      `10.0.${i % 50}.1`,
    ),
  );
}

/** The last summary of a --json batch run; fails with stderr when it did not succeed. */
function batchTotal(args: string[]) {
  const r = runCli([...args, '--no-follow', '--json']);
  assert.equal(r.code, 0, r.err);
  const summaries = r.out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as SummaryEvent)
    .filter((e) => e.type === 'summary');
  return summaries.at(-1)!.total;
}

describe('a batch over a rotated set', { skip: !existsSync(LOGROTATE) && 'no logrotate' }, () => {
  needsCli();
  const tmp = tempDir('e2e-logrotate');

  test('access.log* after logrotate equals the concatenation of what was logged', async () => {
    const log = join(tmp.dir, 'access.log');
    const conf = join(tmp.dir, 'logrotate.conf');
    writeFileSync(conf, `${log} {\n  rotate 5\n  compress\n  delaycompress\n}\n`);
    const state = join(tmp.dir, 'logrotate.state');
    const t0 = 1_764_316_800; // 2025-11-28T08:00:00Z
    const written: string[] = [];
    for (const [i, n] of [3000, 700, 500, 300].entries()) {
      const lines = generation(t0 + i * 3600, n);
      written.push(...lines);
      writeFileSync(log, lines.join('\n') + '\n');
      if (i < 3) await run(LOGROTATE, ['-s', state, '-f', conf]);
    }
    assert.deepEqual(
      readdirSync(tmp.dir)
        .filter((f) => f.startsWith('access.log'))
        .sort(),
      ['access.log', 'access.log.1', 'access.log.2.gz', 'access.log.3.gz'],
    );
    const all = join(tmp.dir, 'all.txt');
    writeFileSync(all, written.join('\n') + '\n');

    const set = batchTotal(['-f', join(tmp.dir, 'access.log*')]);
    const one = batchTotal(['-f', all]);
    assert.equal(set.hits, written.length);
    for (const key of [
      'hits',
      'sections',
      'status',
      'codes',
      'methods',
      'bytes',
      'malformed',
      'late',
      'distinctHosts',
    ] as const)
      assert.deepEqual(set[key], one[key], key);
    assert.deepEqual(
      set.sources,
      [
        { source: join(tmp.dir, 'access.log.3.gz'), hits: 3000 },
        { source: join(tmp.dir, 'access.log'), hits: 300 },
        { source: join(tmp.dir, 'access.log.2.gz'), hits: 700 },
        { source: join(tmp.dir, 'access.log.1'), hits: 500 },
      ].sort((a, b) => b.hits - a.hits),
    );
  });
});
