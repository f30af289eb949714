import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSyslogMessage } from '../../main/engine/sources/syslog-frame';

// Messages as captured on this machine from the real senders (hostname "vm").
const LINE = '127.0.0.1 - - [28/Nov/2026:08:44:06 +0000] "GET /a/b?q=x HTTP/1.1" 200 3 "-" "curl"';
const SAMPLES = {
  nginx: `<190>Nov 28 08:44:06 vm nginx: ${LINE}`,
  nginxSingleDigitDay: `<190>Nov  8 08:44:06 vm nginx: ${LINE}`,
  logger3164: '<13>Nov 28 08:43:52 vm nginx: hello 3164',
  logger5424:
    '<13>1 2026-11-28T08:43:52.550574+00:00 vm nginx - - [timeQuality tzKnown="1" isSynced="0"] hello 5424',
  logger5424Bare: '<13>1 - - app - - - hello bare',
  logger5424Sd:
    '<13>1 2026-11-28T08:43:52.742684+00:00 vm root - ID47 [timeQuality tzKnown="1" isSynced="0"][zoo@123 tiger="hungry"] sd msg',
  rsyslogForward: `<13>2026-11-28T08:44:15+00:00 vm nginx: ${LINE}`,
  rsyslogProtocol23: `<13>1 2026-11-28T08:44:15+00:00 vm nginx - - -  ${LINE}\n`,
};

const ok = (host: string | null, tag: string | null, message: string) => ({
  ok: true,
  host,
  tag,
  message,
});

describe('syslog message header', () => {
  test('nginx (RFC 3164): hostname and tag from the header, the access log line exactly', () => {
    assert.deepEqual(parseSyslogMessage(SAMPLES.nginx), ok('vm', 'nginx', LINE));
    assert.deepEqual(parseSyslogMessage(SAMPLES.nginxSingleDigitDay), ok('vm', 'nginx', LINE));
  });

  test('logger --rfc3164, a TAG[pid]: tag, and a TAG ended by a space', () => {
    assert.deepEqual(parseSyslogMessage(SAMPLES.logger3164), ok('vm', 'nginx', 'hello 3164'));
    assert.deepEqual(
      parseSyslogMessage('<134>Feb  1 00:00:01 web-2 httpd[4242]: GET / 200'),
      ok('web-2', 'httpd', 'GET / 200'),
    );
    // rsyslog's traditional forward of an RFC 5424 message: the TAG ends at a space.
    assert.deepEqual(
      parseSyslogMessage(`<13>Nov 28 08:58:52 vm nginx ${LINE}`),
      ok('vm', 'nginx', LINE),
    );
    assert.deepEqual(parseSyslogMessage('<13>Nov 28 08:58:52 vm nginx:'), ok('vm', 'nginx', ''));
  });

  test('rsyslog forward formats: RFC 3339 time in a BSD header, and RFC 5424 with its relayed space', () => {
    assert.deepEqual(parseSyslogMessage(SAMPLES.rsyslogForward), ok('vm', 'nginx', LINE));
    assert.deepEqual(parseSyslogMessage(SAMPLES.rsyslogProtocol23), ok('vm', 'nginx', LINE));
  });

  test('logger --rfc5424: structured data is skipped, escapes inside values included', () => {
    assert.deepEqual(parseSyslogMessage(SAMPLES.logger5424), ok('vm', 'nginx', 'hello 5424'));
    assert.deepEqual(parseSyslogMessage(SAMPLES.logger5424Sd), ok('vm', 'root', 'sd msg'));
    assert.deepEqual(
      parseSyslogMessage('<14>1 - h a - - [x@1 k="a \\"]\\\\" j="]"] text [not sd]'),
      ok('h', 'a', 'text [not sd]'),
    );
  });

  test('RFC 5424 nil values are null; a BOM before MSG is dropped; MSG may be absent', () => {
    assert.deepEqual(parseSyslogMessage(SAMPLES.logger5424Bare), ok(null, 'app', 'hello bare'));
    assert.deepEqual(
      parseSyslogMessage(`<165>1 2026-11-28T08:00:00Z - - - - - \ufeff${LINE}`),
      ok(null, null, LINE),
    );
    assert.deepEqual(
      parseSyslogMessage('<165>1 2026-11-28T08:00:00Z h app - - -'),
      ok('h', 'app', ''),
    );
  });

  test('a trailing newline or NUL that a UDP sender appended is not part of the line', () => {
    assert.deepEqual(parseSyslogMessage(`${SAMPLES.nginx}\r\n\0`), ok('vm', 'nginx', LINE));
  });

  test('malformed messages get a reason naming what is missing', () => {
    const reason = (text: string) => {
      const r = parseSyslogMessage(text);
      assert.equal(r.ok, false, text);
      return r.ok ? '' : r.reason;
    };
    assert.match(reason(LINE), /no <PRI>/);
    assert.match(reason(''), /no <PRI>/);
    assert.match(reason('<999>Nov 28 08:44:06 vm nginx: x'), /PRI 999 is out of range/);
    assert.match(reason('<13>hello'), /without a timestamp/);
    assert.match(reason(`<13>Nov 28 08:44:06 ${LINE}`), /without HOSTNAME and TAG before the text/);
    assert.match(reason('<13>1 2026-11-28T08:00:00Z host'), /incomplete RFC 5424 header/);
    assert.match(reason('<13>1 - h a - - [x k="unterminated] msg'), /structured data/);
    assert.match(reason('<13>1 - h a - - [x]junk msg'), /structured data/);
  });
});
