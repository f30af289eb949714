/**
 * The built CLI's output as a person and a script see it: log text cannot
 * drive the terminal, a file that is not a log says so, JSON lines carry a
 * schema version, status classes add up to the hits, and the small slips a
 * person notices (negative numbers, failing runs, a batch run "following").
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { clf } from '../engine/helpers';
import { logFiles, logPath } from '../fixtures/corpus';
import { CLI as cli, needsCli, ROOT as root, runCli as run, tempDir } from './fixtures/cli';

const dir = tempDir('hc-out-');
needsCli();

type Json = { v: number; type: string; at: number; [k: string]: unknown };
const jsonLines = (out: string) =>
  out
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Json);

/** Control characters in `s` other than the newlines that end lines (C0, DEL, C1). */
function controls(s: string): string[] {
  return [...s].filter((c) => {
    const n = c.codePointAt(0)!;
    return (n < 0x20 && c !== '\n') || (n >= 0x7f && n <= 0x9f);
  });
}

function logFile(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('log text cannot drive the terminal', () => {
  test('a request with ESC[2J ESC[31m is shown escaped in the report', () => {
    const s = 1549573957;
    const path = logFile('escape.log', [
      clf(s, '/\x1b[2J\x1b[31mred'),
      clf(s, '/ok'),
      `10.0.0.1 - - [07/Feb/2019:21:12:37 +0000] "\x1b]0;pwned\x07" 400 0 junk\x1b[2J`,
    ]);
    const r = run(['-f', path, '--no-follow']);
    assert.equal(r.code, 0, r.err);
    assert.ok(!r.out.includes('\x1b') && !r.out.includes('\x07'), JSON.stringify(r.out));
    assert.match(r.out, /\/\\x1b\[2J\\x1b\[31mred 1/);
  });

  test('JSON escapes every control character too (DEL and C1 included)', () => {
    const s = 1549573957;
    const path = logFile('escape-json.log', [clf(s, '/a\x7f\u009bb'), 'x\x1b[2J\x7f\u009b']);
    const r = run(['-f', path, '--no-follow', '--json']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(controls(r.out), [], JSON.stringify(r.out));
    const last = jsonLines(r.out).at(-1)!;
    const total = last.total as { sections: { section: string }[] };
    assert.equal(total.sections[0]!.section, '/a\x7f\u009bb', 'the data itself is unchanged');
  });
});

describe('a file that is plainly not a log', () => {
  const binary = () => {
    const path = join(dir, 'program.bin');
    const bytes = Buffer.alloc(6000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + 11) % 256;
    writeFileSync(path, bytes);
    return path;
  };

  test('--no-follow says so in one line and exits 3; nothing raw reaches the terminal', () => {
    const r = run(['-f', binary(), '--no-follow']);
    assert.equal(r.code, 3, r.out + r.err);
    const said = r.err.trim().split('\n');
    assert.equal(said.length, 1, r.err);
    assert.match(
      said[0]!,
      /program\.bin is not an access log: none of its \d+ lines can be read as common/,
    );
    assert.deepEqual(controls(r.out), [], JSON.stringify(r.out));
  });

  test('with --json the summary still comes (all malformed), and the exit status is 3', () => {
    const r = run(['-f', binary(), '--no-follow', '--json']);
    assert.equal(r.code, 3, r.err);
    const last = jsonLines(r.out).at(-1)!;
    assert.equal(last.type, 'summary');
    const total = last.total as { hits: number; malformed: number };
    assert.equal(total.hits, 0);
    assert.ok(total.malformed > 0);
  });

  test('an empty file is not called "not a log": exit 0', () => {
    const path = join(dir, 'empty.log');
    writeFileSync(path, '');
    assert.equal(run(['-f', path, '--no-follow']).code, 0);
  });
});

describe('--json', () => {
  test('every object carries the schema version "v": 1', () => {
    // A real log with a torn line in the middle: summaries, a file state and a malformed sample.
    const lines = readFileSync(logPath('common/nasa-jul95-head2000.log'), 'utf8').split('\n');
    lines.splice(1000, 0, 'piweba3y.prodigy.com - - [01/Jul/199');
    const r = run(['-f', logFile('torn.log', lines), '--no-follow', '--json']);
    assert.equal(r.code, 0, r.err);
    const events = jsonLines(r.out);
    assert.ok(events.length > 10);
    for (const e of events) assert.equal(e.v, 1, JSON.stringify(e).slice(0, 80));
    assert.ok(events.some((e) => e.type === 'malformed'));
  });

  test('a --no-follow run reports no "following" file state', () => {
    const r = run(['-f', logPath('common/nasa-jul95-head2000.log'), '--no-follow', '--json']);
    assert.equal(r.code, 0, r.err);
    const files = jsonLines(r.out).filter((e) => e.type === 'file');
    assert.deepEqual(files, []);
  });

  test('a failing run prints nothing on stdout (no all-zero summary) and exits 1', () => {
    const r = run(['-f', join(dir, 'missing.log'), '--no-follow', '--json']);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /missing\.log does not exist/);
  });
});

describe('status classes sum to the hits', () => {
  const classes = ['1xx', '2xx', '3xx', '4xx', '5xx', 'other'];
  type S = { hits: number; status: Record<string, number> };
  const check = (file: string) => {
    const r = run(['-f', file, '--no-follow', '--json']);
    assert.ok(r.code === 0, `${file}: exit ${r.code} ${r.err}`);
    const summaries = jsonLines(r.out).filter((e) => e.type === 'summary');
    assert.ok(summaries.length > 0, file);
    for (const e of summaries) {
      for (const span of ['interval', 'window', 'total']) {
        const s = e[span] as S;
        assert.deepEqual(Object.keys(s.status).sort(), classes, `${file} ${span}`);
        const sum = Object.values(s.status).reduce((a, b) => a + b, 0);
        assert.equal(sum, s.hits, `${file} ${span} at ${e.at}: ${JSON.stringify(s.status)}`);
      }
    }
    return summaries.at(-1)!.total as S;
  };

  test('101, 600, 999 and "-" are counted: 1xx and other', () => {
    const s = 1549573957;
    const lines = [clf(s, '/ws', 101), clf(s, '/a', 200), clf(s, '/b', 600)];
    lines.push(clf(s, '/c', 999));
    lines.push(clf(s, '/d', 200).replace('" 200 ', '" - '));
    const total = check(logFile('classes.log', lines));
    assert.equal(total.hits, 5);
    assert.deepEqual(total.status, {
      '1xx': 1,
      '2xx': 1,
      '3xx': 0,
      '4xx': 0,
      '5xx': 0,
      other: 3,
    });
  });

  test('on every shipped log', () => {
    // The shipped fixtures (and the rest of the corpus when it is present).
    const files = [join(root, 'docs/example-access.log'), ...logFiles().map((f) => f.path)];
    assert.ok(files.length >= 13, `only ${files.length} logs found`);
    let hits = 0;
    for (const f of files) hits += check(f).hits;
    assert.ok(hits > 15_000, `only ${hits} hits counted`);
  });

  test('the human report shows 1xx and other', () => {
    const r = run(['-f', logPath('common/nasa-jul95-head2000.log'), '--no-follow']);
    assert.match(r.out, /1xx 0 +2xx 1780 +3xx 210 +4xx 10 +5xx 0 +other 0/);
  });
});

describe('small things a person notices', () => {
  for (const [args, message] of [
    [['-m', '-5'], "-m/--max: must be greater than 0, got '-5'"],
    [['--max', '-0.5'], "-m/--max: must be greater than 0, got '-0.5'"],
    [['--window', '-3'], "--window: must be at least 1, got '-3'"],
  ] as const) {
    test(`${args.join(' ')} gets our message, not the parser's`, () => {
      const r = run(['-f', 'x.log', ...args]);
      assert.equal(r.code, 2);
      assert.ok(r.err.includes(message), r.err);
      assert.doesNotMatch(r.err, /ambiguous/);
    });
  }

  test('a long batch report reads in years and days, with a rate that is not 0', () => {
    const a = Date.UTC(2016, 0, 1) / 1000;
    const path = logFile('long.log', [clf(a), clf(a + 79463057)]);
    const r = run(['-f', path, '--no-follow']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /2 hits over 2 y 189 d/);
    assert.match(r.out, /hits +2 \(0\.000000025 req\/s\)/);
  });

  test('the batch report recaps the alerts of the example log', () => {
    const r = run(['-f', join(root, 'docs/example-access.log'), '--no-follow']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /alerts +1\n +\S+ +for \d+ min \d+ s \(avg [\d.]+ req\/s when raised\)\n/);
  });
});

describe('colour', () => {
  const hasScript = existsSync('/usr/bin/script');
  const inTerminal = (env: string) => {
    const cmd = `${env} ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} -f ${JSON.stringify(
      logPath('common/nasa-jul95-head2000.log'),
    )} --no-follow`;
    // `script` runs the command on a pseudo-terminal, as a person's shell would. A person's
    // terminal, that is: Node styles text only for a TERM that has colours, and not under
    // an unnamed CI, so neither comes from the environment the tests run in.
    const { CI: _ci, FORCE_COLOR: _force, ...rest } = process.env;
    return spawnSync('script', ['-qec', cmd, '/dev/null'], {
      encoding: 'utf8',
      env: { ...rest, TERM: 'xterm-256color' },
    }).stdout;
  };

  test('on a terminal the report is styled', { skip: !hasScript && 'no script(1)' }, () => {
    assert.ok(inTerminal('env -u NO_COLOR').includes('\x1b[1m── whole file'));
  });

  test(
    'NO_COLOR turns styling off even on a terminal',
    { skip: !hasScript && 'no script(1)' },
    () => {
      const out = inTerminal('NO_COLOR=1');
      assert.match(out, /── whole file/);
      assert.ok(!out.includes('\x1b['), JSON.stringify(out.slice(0, 200)));
    },
  );
});
