/**
 * `--prometheus URL` on the command line: which combinations are refused, with
 * a message naming the problem, and the token file's errors and warning.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELP, parseCli, UsageError, type CliOptions } from '../../main/cli/args';
import { readPrometheusToken } from '../../main/cli/prometheus-token';

const dir = mkdtempSync(join(tmpdir(), 'hc-fleet-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): CliOptions {
  const r = parseCli(args);
  assert.equal(r.kind, 'run');
  return (r as { options: CliOptions }).options;
}

describe('--prometheus flags', () => {
  test('the console and serve watch a fleet named by its URL', () => {
    const o = run([
      'serve',
      '--prometheus',
      'http://prom:9090',
      '--prometheus-selector',
      '{job="web"}',
      '--prometheus-token-file',
      '/run/token',
    ]);
    assert.deepEqual(o.prometheus, {
      url: 'http://prom:9090',
      selector: '{job="web"}',
      tokenFile: '/run/token',
    });
    assert.equal(o.file, 'http://prom:9090/');
    assert.equal(run(['--prometheus', 'http://prom:9090']).prometheus?.selector, null);
    assert.equal(run(['-f', 'a.log']).prometheus, null);
  });

  for (const [args, named] of [
    [['-f', 'a.log', '--prometheus', 'http://p:9090'], /-f\/--filename and --prometheus/],
    [['agent', '--prometheus', 'http://p:9090'], /does not apply to 'agent'/],
    [
      ['--prometheus', 'http://p:9090', '--no-follow'],
      /--no-follow does not apply to --prometheus/,
    ],
    [['--prometheus', 'http://p:9090', '--from-start'], /--from-start/],
    [['--prometheus', 'http://p:9090', '--format', 'common'], /--format/],
    [['--prometheus', 'ftp://p'], /--prometheus "ftp:\/\/p": only http and https/],
    [['--prometheus', 'not a url'], /not a URL/],
    [['--prometheus', 'http://p:9090', '--prometheus-selector', 'job=web'], /in braces/],
    [['-f', 'a.log', '--prometheus-selector', '{job="web"}'], /only applies with --prometheus/],
    [['-f', 'a.log', '--prometheus-token-file', 't'], /only applies with --prometheus/],
    [['-m', '5'], /-f\/--filename FILE \(or --prometheus URL\) is required/],
  ] as const) {
    test(`refused: ${args.join(' ')}`, () => {
      assert.throws(
        () => parseCli([...args]),
        (err: unknown) => err instanceof UsageError && named.test(err.message),
      );
    });
  }

  test('--help shows them', () => {
    for (const flag of ['--prometheus URL', '--prometheus-selector', '--prometheus-token-file'])
      assert.ok(HELP.includes(flag), flag);
  });
});

describe('--prometheus-token-file', () => {
  const file = (name: string, text: string, mode = 0o600) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    chmodSync(p, mode);
    return p;
  };
  const refuses = (read: () => string, message: RegExp) =>
    assert.throws(read, (err: unknown) => err instanceof UsageError && message.test(err.message));

  test('reads the first line, trimmed, and warns of nothing when private', () => {
    const warnings: string[] = [];
    const p = file('ok', 'fleet-reader-token-0123\nsecond line\n');
    assert.equal(
      readPrometheusToken(p, (m) => warnings.push(m)),
      'fleet-reader-token-0123',
    );
    assert.deepEqual(warnings, []);
  });

  test('a file every user can read still works, with a warning that names it', () => {
    const warnings: string[] = [];
    const p = file('open', 'tok\n', 0o644);
    assert.equal(
      readPrometheusToken(p, (m) => warnings.push(m)),
      'tok',
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /open is readable by every user .*chmod o-r/);
  });

  test('missing, unreadable, a directory, empty, or with a space: an error naming the file', () => {
    const none = () => {};
    refuses(
      () => readPrometheusToken(join(dir, 'nope'), none),
      /cannot read .*nope \(no such file\)/,
    );
    refuses(() => readPrometheusToken(dir, none), /\(it is a directory\)/);
    const denied = Object.assign(new Error('EACCES'), { code: 'EACCES' });
    refuses(
      () =>
        readPrometheusToken('/etc/secret', none, {
          read: () => {
            throw denied;
          },
          mode: () => 0o600,
        }),
      /cannot read \/etc\/secret \(permission denied\)/,
    );
    refuses(() => readPrometheusToken(file('empty', '\n'), none), /empty is empty/);
    refuses(() => readPrometheusToken(file('spaced', 'a b\n'), none), /has a space/);
  });
});
