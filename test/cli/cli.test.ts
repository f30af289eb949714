/**
 * The built CLI as a user runs it: a child process of dist/cli/http-console.js
 * (npm test builds first) on real logs and temporary files.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { clf } from '../engine/helpers';
import { logPath, whenCorpus } from '../fixtures/corpus';
import { CLI as cli, needsCli, runCli as run, tempDir } from './fixtures/cli';

const dir = tempDir('hc-cli-');
needsCli();

describe('usage', () => {
  test('--help lists every flag with its default and exits 0', () => {
    const r = run(['--help']);
    assert.equal(r.code, 0);
    for (const flag of [
      '-f, --filename',
      '-m, --max',
      '--window',
      '--interval',
      '--format',
      '--from-start',
    ]) {
      assert.ok(r.out.includes(flag), `help mentions ${flag}`);
    }
    for (const flag of ['--no-follow', '--json', '--host', '--port', '--token'])
      assert.ok(r.out.includes(flag), flag);
    assert.match(r.out, /--max N .*\(default 10\)/);
    assert.match(r.out, /--window S .*\(default 120\)/);
    assert.match(r.out, /--interval S .*\(default 10\)/);
    assert.match(r.out, /--format F .*\(default auto\)/);
  });

  for (const [args, named] of [
    [['-f', 'x.log', '--bogus'], '--bogus'],
    [['-f', 'x.log', '-m', 'abc'], '-m/--max'],
    [['-f', 'x.log', '-m', '0'], '-m/--max'],
    [['-f', 'x.log', '--window', '1.5'], '--window'],
    [['-f', 'x.log', '--format', 'xml'], '--format'],
    [['-m', '5'], '-f/--filename'],
    [['watch', '-f', 'x.log'], 'watch'],
  ] as const) {
    test(`bad usage (${args.join(' ')}) exits 2 naming ${named}`, () => {
      const r = run([...args]);
      assert.equal(r.code, 2);
      assert.ok(r.err.includes(named), r.err);
      assert.equal(r.out, '');
    });
  }

  test('a missing file with --no-follow exits 1 with the reason', () => {
    const r = run(['-f', join(dir, 'missing.log'), '--no-follow']);
    assert.equal(r.code, 1);
    assert.match(r.err, /missing\.log.*(does not exist|no such file)/i);
  });

  test('a directory with --no-follow exits 1 with the reason', () => {
    const r = run(['-f', dir, '--no-follow']);
    assert.equal(r.code, 1);
    assert.match(r.err, /directory/);
  });
});

describe('batch reports on real logs', () => {
  test('human report of the NASA trace: top sections, status mix, no colour when piped', () => {
    const r = run(['-f', logPath('common/nasa-jul95-head2000.log'), '--no-follow']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /whole file · 2000 hits/);
    assert.match(r.out, /sections +\/shuttle 875 \(44%\) +\/images 587 \(29%\)/);
    assert.match(r.out, /2xx 1780 +3xx 210 +4xx 10 +5xx 0/);
    assert.ok(!r.out.includes('\x1b['), 'no ANSI escapes when stdout is not a TTY');
  });

  whenCorpus('batch reports on the CSV sample and the damaged NASA log (corpus only)', () => {
    test('--json on the CSV sample: two alerts and two recoveries, then a whole-file summary', () => {
      const r = run(['-f', logPath('csv/datadog-sample.csv'), '--no-follow', '--json']);
      assert.equal(r.code, 0, r.err);
      const events = r.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; at: number; [k: string]: unknown });
      for (const e of events) {
        assert.equal(typeof e.type, 'string');
        assert.equal(typeof e.at, 'number');
      }
      const transitions = events.filter((e) => e.type === 'alert' || e.type === 'recovery');
      assert.deepEqual(
        transitions.map((e) => [e.type, e.at / 1000]),
        [
          ['alert', 1549573957],
          ['recovery', 1549574043],
          ['alert', 1549574164],
          ['recovery', 1549574302],
        ],
      );
      for (const t of transitions) {
        assert.equal(t.threshold, 10);
        assert.equal(t.window, 120);
        assert.ok(typeof t.avg === 'number' && typeof t.hits === 'number');
      }
      const last = events[events.length - 1]!;
      assert.equal(last.type, 'summary');
      const total = last.total as {
        hits: number;
        sections: { section: string; hits: number }[];
        malformed: number;
      };
      // 4835 non-blank lines (grep -c '^"' datadog-sample.csv) minus the header row.
      assert.equal(total.hits, 4834);
      assert.equal(total.malformed, 0);
      assert.deepEqual(total.sections, [
        { section: '/api', hits: 3930 },
        { section: '/report', hits: 904 },
      ]);
      for (const key of ['interval', 'window', 'total']) {
        const s = last[key] as Record<string, unknown>;
        for (const f of [
          'hits',
          'rps',
          'sections',
          'status',
          'codes',
          'methods',
          'hosts',
          'distinctHosts',
          'bytes',
        ]) {
          assert.ok(f in s, `${key}.${f}`);
        }
        for (const f of ['malformed', 'late', 'skewed']) assert.ok(f in s, `${key}.${f}`);
      }
    });

    test('malformed lines of a damaged log are counted, and reported with samples', () => {
      const r = run(['-f', logPath('awkward/nasa-aug95-wrapped.log'), '--no-follow', '--json']);
      assert.equal(r.code, 0, r.err);
      const events = r.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const last = events[events.length - 1];
      assert.equal(last.total.malformed, 89);
      const sample = events.find((e: { type: string }) => e.type === 'malformed');
      assert.ok(
        sample && typeof sample.line === 'string' && sample.line.length <= 200 && sample.reason,
      );
    });
  });
});

describe('output to a slow reader', () => {
  test('--json output is complete when the reader lags behind (nothing dropped at exit)', async () => {
    const child = spawn(process.execPath, [
      cli,
      '-f',
      logPath('combined/elastic-apache.log'),
      '--no-follow',
      '--json',
    ]);
    // Read nothing for a while: the pipe fills and the CLI's writes queue up behind it.
    child.stdout.pause();
    await new Promise((r) => setTimeout(r, 1500));
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout.resume();
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    assert.equal(code, 0);
    const lines = out.trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1]!);
    assert.equal(last.type, 'summary');
    assert.equal(last.total.hits, 10000, 'the whole-file summary arrived, and with every line');
  });
});

describe('following', () => {
  test('a live burst raises the alert, silence recovers it, both stay on screen; SIGTERM exits 0', async () => {
    const path = join(dir, 'live.log');
    writeFileSync(path, '');
    const child = spawn(
      process.execPath,
      [cli, '-f', path, '-m', '1', '--window', '2', '--interval', '1'],
      {
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const waitFor = async (re: RegExp) => {
      for (let i = 0; i < 400 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(out, re);
    };
    await waitFor(/\[file\] following/);
    const s = Math.floor(Date.now() / 1000);
    appendFileSync(path, Array.from({ length: 10 }, () => clf(s)).join('\n') + '\n');
    await waitFor(
      /High traffic generated an alert - hits = 5, triggered at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d/,
    );
    await waitFor(/High traffic alert recovered - hits = [\d.]+, recovered at /);
    await waitFor(/── .* · last 1 s ──/);
    const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
    assert.equal(out.match(/generated an alert/g)?.length, 1);
  });

  test('a file that does not exist yet is waited for, then followed', async () => {
    const path = join(dir, 'later.log');
    const child = spawn(process.execPath, [cli, '-f', path, '--json', '--interval', '1']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const waitFor = async (re: RegExp) => {
      for (let i = 0; i < 400 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(out, re);
    };
    await waitFor(/"state":"waiting"/);
    const s = Math.floor(Date.now() / 1000);
    writeFileSync(path, [clf(s, '/late/x'), clf(s, '/late/y')].join('\n') + '\n');
    await waitFor(/"sections":\[\{"section":"\/late","hits":2\}\]/);
    const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGINT');
    assert.equal(await exit, 0);
  });
});
