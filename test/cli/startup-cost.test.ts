/**
 * What a plain run of the console loads: not node:http's HTTP client. On Node
 * 24 an ESM import of node:http builds its ESM view, which reads every export
 * and so loads undici: 14 MB of RSS and 60 ms of start-up for every run,
 * though only `serve` and `agent` serve anything (measured with
 * `/usr/bin/time -f %M`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, needsCli } from './fixtures/cli';

needsCli();

test('a batch run of the console loads no undici', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hc-startup-'));
  try {
    const log = join(dir, 'access.log');
    writeFileSync(log, '10.0.0.1 - - [28/Nov/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 1\n');
    // Reports, as the process exits, the built-in modules it loaded.
    const probe = join(dir, 'probe.mjs');
    writeFileSync(
      probe,
      "process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(process.moduleLoadList) + '\\n'));\n",
    );
    const r = spawnSync(process.execPath, ['--import', probe, CLI, '-f', log, '--no-follow'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const loaded = JSON.parse(/LOADED (.*)/.exec(r.stderr)![1]!) as string[];
    assert.ok(loaded.length > 50, 'the probe saw the module list');
    assert.deepEqual(
      loaded.filter((m) => m.includes('undici')),
      [],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
