/**
 * Apache-style piped logging: a parent process that pipes log lines into
 * `http-console -f - --json`, killed with SIGKILL and started again. The CLI
 * reads every line the parent wrote, sees the end of its input, prints its
 * final summary and exits by itself; the restarted parent starts a new one.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SummaryEvent } from '../../main/common/types';
import { CLI, needsCli, ROOT } from '../cli/fixtures/cli';
import { tempDir, waitFor } from '../sources/fixtures/source-helpers';

const PARENT = join(ROOT, 'test/e2e/sources-piping-parent.ts');

/** Whether a process is gone (or a zombie waiting for a reaper: it reads nothing more). */
function ended(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return true;
  }
}

const jsonLines = (path: string) =>
  existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { type: string })
    : [];

/** The CLIs started, to end any a failing test leaves behind. */
const started: number[] = [];

/** One life of the parent: write `count` lines, be killed with SIGKILL; the CLI's summaries. */
async function oneLife(out: string, count: number) {
  const parent = spawn(process.execPath, ['--import', 'tsx', PARENT, CLI, out, String(count)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let said = '';
  parent.stdout.on('data', (d: Buffer) => (said += d.toString()));
  parent.stderr.on('data', (d: Buffer) => (said += d.toString()));
  const exited = new Promise((r) => parent.once('exit', r));
  try {
    await waitFor(
      'the parent to start the CLI',
      () => /pid \d+/.test(said),
      () => said,
    );
    started.push(Number(/pid (\d+)/.exec(said)![1]));
    await waitFor(
      `the parent to write ${count} lines`,
      () => /wrote \d+/.test(said),
      () => said,
    );
  } finally {
    parent.kill('SIGKILL');
    await exited;
  }
  const pid = started.at(-1)!;
  await waitFor(
    'the CLI to end with its input',
    () => ended(pid),
    () => readFileSync(out, 'utf8'),
    60_000,
  );
  return jsonLines(out).filter((e): e is SummaryEvent => e.type === 'summary');
}

describe('a piping parent killed with SIGKILL and restarted', () => {
  needsCli();
  const tmp = tempDir('e2e-pipe');
  after(() => {
    for (const pid of started) if (!ended(pid)) process.kill(pid, 'SIGKILL');
  });

  test('each CLI counts every line its parent wrote, then ends by itself', async () => {
    const first = await oneLife(join(tmp.dir, 'first.jsonl'), 5000);
    assert.ok(first.length > 0, 'a final summary');
    assert.equal(first.at(-1)!.total.hits, 5000);
    assert.equal(first.at(-1)!.total.malformed, 0);

    const second = await oneLife(join(tmp.dir, 'second.jsonl'), 1234);
    assert.equal(second.at(-1)!.total.hits, 1234);
    assert.deepEqual(second.at(-1)!.total.status, {
      '1xx': 0,
      '2xx': 412,
      '3xx': 411,
      '4xx': 411,
      '5xx': 0,
      other: 0,
    });
  });
});
