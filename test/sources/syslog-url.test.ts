import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bindWarning,
  formatSyslogUrl,
  isLoopbackHost,
  parseSyslogUrl,
} from '../../main/engine/sources/syslog-url';

describe('--syslog URLs', () => {
  test('udp and tcp, host defaulting to 127.0.0.1, IPv6 in brackets, port 0', () => {
    assert.deepEqual(parseSyslogUrl('udp://127.0.0.1:5514'), {
      protocol: 'udp',
      host: '127.0.0.1',
      port: 5514,
    });
    assert.deepEqual(parseSyslogUrl('tcp://:601'), {
      protocol: 'tcp',
      host: '127.0.0.1',
      port: 601,
    });
    assert.deepEqual(parseSyslogUrl('TCP://[::1]:0/'), { protocol: 'tcp', host: '::1', port: 0 });
    assert.deepEqual(parseSyslogUrl('udp://localhost:514').host, 'localhost');
    assert.equal(formatSyslogUrl({ protocol: 'udp', host: '::1', port: 9 }), 'udp://[::1]:9');
  });

  test('bad URLs throw an error naming the URL and what is wrong', () => {
    assert.throws(
      () => parseSyslogUrl('http://127.0.0.1:80'),
      /'http:\/\/127\.0\.0\.1:80' is not udp:\/\//,
    );
    assert.throws(() => parseSyslogUrl('127.0.0.1:514'), /is not udp:\/\/HOST:PORT/);
    assert.throws(() => parseSyslogUrl('udp://127.0.0.1'), /'udp:\/\/127\.0\.0\.1' has no port/);
    assert.throws(() => parseSyslogUrl('udp://127.0.0.1:'), /has no port/);
    assert.throws(() => parseSyslogUrl('udp://127.0.0.1:65536'), /port 65536 .* is not 0 to 65535/);
    assert.throws(() => parseSyslogUrl('udp://[nope]:514'), /'nope' .* is not an IPv6 address/);
    assert.throws(() => parseSyslogUrl('udp://h:5x'), /is not udp:\/\//);
  });

  test('loopback needs no warning; any other bind names the allow-list option', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', 'localhost', '::ffff:127.0.0.1']) {
      assert.equal(isLoopbackHost(host), true, host);
      assert.equal(bindWarning({ protocol: 'udp', host, port: 514 }), null);
    }
    for (const host of ['0.0.0.0', '::', '192.0.2.1', 'logs.example.com', '128.0.0.1']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
    const warning = bindWarning({ protocol: 'tcp', host: '0.0.0.0', port: 514 });
    assert.match(warning ?? '', /syslog has no authentication/);
    assert.match(warning ?? '', /tcp:\/\/0\.0\.0\.0:514/);
    assert.match(warning ?? '', /--syslog-allow CIDR/);
  });
});
