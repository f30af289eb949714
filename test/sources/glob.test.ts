import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  expandPatterns,
  isGlob,
  isRotatedName,
  orderForReading,
} from '../../main/engine/sources/glob';
import { rng } from '../engine/helpers';
import { tempDir } from './fixtures/source-helpers';

/** Fisher-Yates with a seeded generator. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = rng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('reading order of a rotated set', () => {
  test('numbered: highest number first (10 before 9), .gz or not, the live file last', () => {
    const expected = [
      '/l/access.log.10.gz',
      '/l/access.log.9.gz',
      '/l/access.log.2.gz',
      '/l/access.log.1',
      '/l/access.log',
    ];
    for (let seed = 1; seed <= 20; seed++) {
      assert.deepEqual(orderForReading(shuffled(expected, seed)), expected);
    }
  });

  test('dated names (logrotate dateext) by name, then the live file', () => {
    const expected = [
      'access.log-20261126.gz',
      'access.log-20261127.gz',
      'access.log-20261128',
      'access.log',
    ];
    assert.deepEqual(orderForReading(shuffled(expected, 3)), expected);
  });

  test('rotated copies are told from live logs', () => {
    for (const p of [
      'access.log.1',
      'access.log.2.gz',
      'access.log-20261127.gz',
      'x.log.20261127',
    ]) {
      assert.equal(isRotatedName(p), true, p);
    }
    for (const p of ['access.log', 'site.access.log', 'access.log.gz', 'v1.2/access.log']) {
      assert.equal(isRotatedName(p), false, p);
    }
  });

  test('several logs: each set kept together, sets by name', () => {
    const paths = ['b.access.log', 'a.access.log.1', 'b.access.log.2.gz', 'a.access.log'];
    assert.deepEqual(orderForReading(paths), [
      'a.access.log.1',
      'a.access.log',
      'b.access.log.2.gz',
      'b.access.log',
    ]);
  });
});

describe('-f patterns', () => {
  const tmp = tempDir('glob');
  after(() => tmp.cleanup());

  test('isGlob: only glob syntax makes a pattern', () => {
    assert.equal(isGlob('/var/log/nginx/access.log'), false);
    assert.equal(isGlob('-'), false);
    for (const p of ['*.log', 'access.log?', 'a[0-9].log', '{a,b}.log'])
      assert.equal(isGlob(p), true, p);
  });

  test('literal paths are kept even when missing; stdin passes through; globs give files only', async () => {
    const dir = join(tmp.dir, 'one');
    mkdirSync(join(dir, 'dir.access.log'), { recursive: true });
    writeFileSync(join(dir, 'site.access.log'), '');
    writeFileSync(join(dir, 'api.access.log'), '');
    const set = await expandPatterns(['-', join(dir, 'missing.log'), join(dir, '*.access.log')]);
    assert.deepEqual(set.paths(), [
      '-',
      join(dir, 'missing.log'),
      join(dir, 'api.access.log'),
      join(dir, 'site.access.log'),
    ]);
  });

  test('relative patterns give paths relative to the working folder', async () => {
    const dir = join(tmp.dir, 'rel');
    mkdirSync(join(dir, 'logs'), { recursive: true });
    writeFileSync(join(dir, 'logs', 'x.log'), '');
    const set = await expandPatterns(['logs/*.log'], dir);
    assert.deepEqual(set.paths(), ['logs/x.log']);
  });

  test('rescan returns only files that appeared since, in reading order; a pattern matching nothing yet is fine', async () => {
    const dir = join(tmp.dir, 'grow');
    mkdirSync(dir);
    const set = await expandPatterns([join(dir, '*.access.log*')]);
    assert.deepEqual(set.paths(), []);
    assert.deepEqual(await set.rescan(), []);
    writeFileSync(join(dir, 'a.access.log'), '');
    assert.deepEqual(await set.rescan(), [join(dir, 'a.access.log')]);
    writeFileSync(join(dir, 'b.access.log'), '');
    writeFileSync(join(dir, 'b.access.log.1'), '');
    assert.deepEqual(await set.rescan(), [join(dir, 'b.access.log.1'), join(dir, 'b.access.log')]);
    assert.deepEqual(await set.rescan(), []);
    assert.equal(set.paths().length, 3);
  });
});
