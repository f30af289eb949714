/**
 * The source flags as the command line reads them: repeatable -f with globs
 * and stdin, --syslog and --syslog-allow checked before anything binds (a bad
 * value is a usage error naming it), and what the engine is given.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCli, UsageError, type CliOptions } from '../../main/cli/args';
import { listensOnUdp, severalSources, sourceSpecs } from '../../main/cli/source-flags';

function options(argv: string[]): CliOptions {
  const r = parseCli(argv);
  assert.equal(r.kind, 'run');
  return r.options;
}

function usageError(argv: string[]): string {
  try {
    parseCli(argv);
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    return err.message;
  }
  return assert.fail(`accepted ${argv.join(' ')}`);
}

describe('-f', () => {
  test('repeatable, in the order given, globs and - kept as written', () => {
    const o = options(['-f', 'a.log', '-f', '/var/log/nginx/*.access.log', '-f', '-']);
    assert.deepEqual(o.sources.files, ['a.log', '/var/log/nginx/*.access.log', '-']);
    assert.equal(o.file, 'a.log, /var/log/nginx/*.access.log, stdin');
    const stream = process.stdin;
    assert.deepEqual(sourceSpecs(o.sources, stream), [
      { kind: 'file', path: 'a.log' },
      { kind: 'file', path: '/var/log/nginx/*.access.log' },
      { kind: 'stdin', stream },
    ]);
  });

  test('an unquoted glob the shell expanded: the files after -f FILE are followed too', () => {
    // `http-console -f /var/log/nginx/*.log` reaches us as -f a.log b.log c.log.
    assert.deepEqual(options(['-f', 'a.log', 'b.log', 'c.log', '-m', '5']).sources.files, [
      'a.log',
      'b.log',
      'c.log',
    ]);
    assert.deepEqual(options(['-f', 'a.log', 'b.log', '-f', 'x.log', 'y.log']).sources.files, [
      'a.log',
      'b.log',
      'x.log',
      'y.log',
    ]);
    const serve = parseCli(['serve', '-f', 'a.log', 'b.log']);
    assert.ok(serve.kind === 'run' && serve.options.command === 'serve');
    assert.deepEqual(serve.options.sources.files, ['a.log', 'b.log']);
    // A command after -f FILE is still the command.
    assert.equal(options(['-f', 'a.log', 'serve']).command, 'serve');
  });

  test('a word that is not after -f FILE is not taken for a file', () => {
    assert.match(usageError(['srve', '-f', 'a.log']), /unknown command 'srve'/);
    assert.match(usageError(['-m', '5', 'a.log']), /unknown command 'a\.log'.*-f FILE/);
  });

  test('one plain file keeps the single-file engine and output', () => {
    const o = options(['-f', '/var/log/access.log']);
    assert.equal(o.file, '/var/log/access.log');
    assert.equal(sourceSpecs(o.sources), undefined);
    assert.equal(severalSources(o.sources), false);
  });

  for (const one of ['-', 'access.log*', 'access.log.2.gz', 'logs/{a,b}.log'])
    test(`one -f ${one} is a source of its own kind (stdin, glob, gzip)`, () => {
      const o = options(['-f', one]);
      assert.equal(severalSources(o.sources), true);
      assert.equal(sourceSpecs(o.sources)?.length, 1);
    });

  test('standard input can be named once only', () => {
    assert.match(usageError(['-f', '-', '-f', '-']), /-f -: standard input can be read only once/);
  });

  test('an empty -f names the flag', () => {
    assert.match(usageError(['-f', 'a.log', '-f', '']), /-f\/--filename: must be a path/);
  });

  test('neither -f, --syslog nor --prometheus: names all three', () => {
    assert.match(
      usageError(['-m', '5']),
      /-f\/--filename FILE \(or --syslog URL, or --prometheus URL\) is required/,
    );
  });
});

describe('--syslog and --syslog-allow', () => {
  test('a listener alone is enough; allow ranges go to every listener', () => {
    const o = options([
      '--syslog',
      'udp://127.0.0.1:5514',
      '--syslog',
      'tcp://:0',
      '--syslog-allow',
      '10.0.0.0/8',
      '--syslog-allow',
      '::1',
    ]);
    assert.deepEqual(o.sources.files, []);
    assert.equal(o.file, 'udp://127.0.0.1:5514, tcp://:0');
    assert.deepEqual(sourceSpecs(o.sources), [
      { kind: 'syslog', url: 'udp://127.0.0.1:5514', allow: ['10.0.0.0/8', '::1'] },
      { kind: 'syslog', url: 'tcp://:0', allow: ['10.0.0.0/8', '::1'] },
    ]);
  });

  test('files and listeners together, files first', () => {
    const o = options(['--syslog', 'udp://:0', '-f', 'a.log']);
    assert.deepEqual(
      sourceSpecs(o.sources)?.map((s) => s.kind),
      ['file', 'syslog'],
    );
  });

  for (const [value, named] of [
    ['http://127.0.0.1:514', "'http://127.0.0.1:514' is not udp://HOST:PORT"],
    ['udp://127.0.0.1', 'has no port'],
    ['tcp://127.0.0.1:70000', 'port 70000'],
    ['udp://[10.0.0.1]:514', "'10.0.0.1' in 'udp://[10.0.0.1]:514' is not an IPv6 address"],
  ] as const)
    test(`a bad URL (${value}) is a usage error naming it`, () => {
      const message = usageError(['-f', 'a.log', '--syslog', value]);
      assert.ok(message.startsWith('--syslog: '), message);
      assert.ok(message.includes(named), message);
    });

  for (const [value, named] of [
    ['10.0.0.0/33', "prefix length in '10.0.0.0/33' must be 0 to 32"],
    ['example.com', "'example.com' is not an IP address or CIDR range"],
    ['10.0.0.0/x', "prefix length in '10.0.0.0/x'"],
  ] as const)
    test(`a bad range (${value}) is a usage error naming it`, () => {
      const message = usageError(['--syslog', 'udp://:0', '--syslog-allow', value]);
      assert.ok(message.startsWith('--syslog-allow: '), message);
      assert.ok(message.includes(named), message);
    });

  test('a UDP listener is known whatever the case of its scheme (its drops are reported)', () => {
    const flags = (url: string) => ({ files: [], syslog: [url], syslogAllow: [] });
    assert.equal(listensOnUdp(flags('udp://127.0.0.1:5514')), true);
    assert.equal(listensOnUdp(flags('UDP://127.0.0.1:5514')), true);
    assert.equal(listensOnUdp(flags('tcp://127.0.0.1:5514')), false);
  });

  test('--syslog-allow without a listener is refused', () => {
    assert.match(
      usageError(['-f', 'a.log', '--syslog-allow', '10.0.0.0/8']),
      /--syslog-allow: applies to a --syslog listener, and none was given/,
    );
  });

  test('the same flags for serve and agent', () => {
    for (const command of ['serve', 'agent']) {
      const o = options([command, '--syslog', 'tcp://:0', '-f', 'a.log', '-f', 'b.log']);
      assert.equal(o.command, command);
      assert.equal(sourceSpecs(o.sources)?.length, 3);
    }
  });
});
