/**
 * File events carry a stable code beside their English message: scripts
 * match the code. Checked through the engine on real files.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { FileEvent } from '../../main/common/types';
import { createEngine } from '../../main/engine/engine';
import { clf } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'hc-codes-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('file event codes', () => {
  test('a log in no known format says format-unknown until a line parses', async () => {
    const path = join(dir, 'odd.log');
    writeFileSync(path, 'not a log line\nnor this one\n');
    const engine = createEngine({ file: path, fromStart: true, watch: false, pollMs: 20 });
    const files: FileEvent[] = [];
    engine.onAny((e) => {
      if (e.type === 'file') files.push(e);
    });
    try {
      await engine.start();
      assert.equal(engine.snapshot().file.code, 'format-unknown');
      assert.equal(engine.snapshot().file.state, 'following');
      assert.match(engine.snapshot().file.message, /odd\.log: format not recognised/);
      assert.equal(engine.snapshot().stats.total.malformed, 2);
      appendFileSync(path, clf(Math.floor(Date.now() / 1000)) + '\n');
      await until(() => engine.snapshot().stats.total.hits === 1, 'the hit');
      assert.equal(engine.snapshot().file.code, 'following');
      assert.deepEqual(
        files.map((e) => e.code),
        ['following', 'format-unknown', 'following'],
      );
    } finally {
      await engine.dispose();
    }
  });

  test('missing file, missing directory, a directory: each its own code', async () => {
    const codes = async (file: string) => {
      const engine = createEngine({ file, watch: false });
      try {
        await engine.start();
        return engine.snapshot().file;
      } finally {
        await engine.dispose();
      }
    };
    const sub = join(dir, 'sub');
    assert.equal((await codes(join(sub, 'a.log'))).code, 'waiting-dir-missing');
    mkdirSync(sub);
    assert.equal((await codes(join(sub, 'a.log'))).code, 'waiting-missing');
    const d = await codes(sub);
    assert.deepEqual([d.state, d.code], ['error', 'error-directory']);
  });
});
