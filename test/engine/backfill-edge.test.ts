/**
 * The back-fill (findTailStart) on awkward heads and paths: a banner or
 * blank lines before the log proper, a FIFO (never opened), and old Mac
 * line endings.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { findTailStart } from '../../main/engine/backfill';
import { NotRegularFileError } from '../../main/engine/follow/open-regular';
import { clf } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'hc-backfill-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const base = 1_600_000_000;
/** One line a second over an hour, as text with `eol` after each line. */
const hour = (eol = '\n') => Array.from({ length: 3600 }, (_, i) => clf(base + i) + eol).join('');

describe('findTailStart on awkward heads', () => {
  for (const [name, head] of [
    ['a 30-line banner', Array.from({ length: 30 }, (_, i) => `*** banner ${i} ***\n`).join('')],
    ['100 blank lines', '\n'.repeat(100)],
    ['300,000 blank lines (more than one head block)', '\n'.repeat(300_000)],
  ] as const) {
    test(`${name} before the log: the format is detected and the window's tail found`, async () => {
      const path = join(dir, `${name.length}.log`);
      const body = hour();
      writeFileSync(path, head + body);
      const tail = await findTailStart(path, 'auto', 60_000);
      assert.equal(tail.format, 'common');
      const bytesPerLine = Buffer.byteLength(clf(base)) + 1;
      assert.equal(tail.offset, head.length + (3600 - 60) * bytesPerLine);
    });
  }

  test('old Mac line endings: the tail is found at a line start', async () => {
    const path = join(dir, 'mac.log');
    writeFileSync(path, hour('\r'));
    const tail = await findTailStart(path, 'auto', 60_000);
    assert.equal(tail.format, 'common');
    const bytesPerLine = Buffer.byteLength(clf(base)) + 1;
    assert.equal(tail.offset, (3600 - 60) * bytesPerLine);
  });

  test('a FIFO is refused without being opened (opening would wait for a writer)', async (t) => {
    const fifo = join(dir, 'pipe.log');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return t.skip('mkfifo not available');
    await assert.rejects(
      findTailStart(fifo, 'auto', 60_000),
      (err: Error) => err instanceof NotRegularFileError && /it is a FIFO/.test(err.message),
    );
  });
});
