/**
 * SIGINT/SIGTERM end a following console or `serve` with a final summary of
 * what was read since the last one, then exit 0.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { clf } from '../engine/helpers';
import { CLI as cli, needsCli, tempDir } from './fixtures/cli';

const dir = tempDir('hc-sig-');
needsCli();

/**
 * Start the CLI on an empty log with a threshold so low that one line raises
 * an alert: the alert line is the sign that the lines were read. The interval
 * is a day, so the final summary is the one that carries them.
 */
function start(name: string, args: string[]) {
  const path = join(dir, name);
  writeFileSync(path, '');
  const child = spawn(
    process.execPath,
    [cli, ...args, '-f', path, '-m', '0.001', '--interval', '86400'],
    { env: { ...process.env, NO_COLOR: '1' } },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    exit,
    output: () => out,
    async waitFor(re: RegExp) {
      for (let i = 0; i < 600 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(out, re);
    },
    write(n: number) {
      const s = Math.floor(Date.now() / 1000);
      appendFileSync(
        path,
        Array.from({ length: n }, (_, i) => clf(s, `/sig/${i}`)).join('\n') + '\n',
      );
    },
  };
}

describe('a signal ends with a final summary, exit 0', () => {
  test('SIGINT while following: the human summary of the lines read since the last one', async () => {
    const run = start('human.log', []);
    await run.waitFor(/\[file\] following/);
    run.write(3);
    await run.waitFor(/High traffic generated an alert/);
    run.child.kill('SIGINT');
    assert.equal(await run.exit, 0, run.output());
    const blocks = [...run.output().matchAll(/── .* · last \d+ s ──\n {2}hits +(\d+)/g)];
    assert.ok(blocks.length >= 1, run.output());
    assert.equal(
      blocks.reduce((sum, m) => sum + Number(m[1]), 0),
      3,
      'the summaries together carry the 3 lines',
    );
    assert.match(run.output(), /\/sig 3/);
  });

  test('SIGTERM while following with --json: the last object is a summary', async () => {
    const run = start('json.log', ['--json']);
    await run.waitFor(/"state":"following"/);
    run.write(4);
    await run.waitFor(/"type":"alert"/);
    run.child.kill('SIGTERM');
    assert.equal(await run.exit, 0, run.output());
    const events = run
      .output()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; interval?: { hits: number } });
    assert.equal(events.at(-1)!.type, 'summary');
    const hits = events.reduce((sum, e) => sum + (e.type === 'summary' ? e.interval!.hits : 0), 0);
    assert.equal(hits, 4);
  });

  test('serve: SIGTERM prints the final summary, then exits 0', async () => {
    const run = start('serve.log', ['serve', '--port', '0']);
    await run.waitFor(/dashboard at http/);
    await run.waitFor(/\[file\] following/);
    run.write(2);
    await run.waitFor(/High traffic generated an alert/);
    run.child.kill('SIGTERM');
    assert.equal(await run.exit, 0, run.output());
    assert.match(run.output(), /── .* · last \d+ s ──\n {2}hits +2 /);
  });

  test('serve: SIGHUP reopens the log after a rotation and keeps running; nothing is lost', async () => {
    const run = start('serve-hup.log', ['serve', '--port', '0', '--no-db']);
    await run.waitFor(/dashboard at http/);
    await run.waitFor(/\[file\] following/);
    const path = join(dir, 'serve-hup.log');
    run.write(2);
    await run.waitFor(/High traffic generated an alert/);
    renameSync(path, `${path}.1`);
    writeFileSync(path, '');
    run.child.kill('SIGHUP');
    run.write(3);
    run.child.kill('SIGTERM');
    assert.equal(await run.exit, 0, run.output());
    assert.match(
      run.output(),
      /── .* · last \d+ s ──\n {2}hits +5 /,
      'the final summary has all 5 lines',
    );
  });
});
