import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createParser, type Hit, type ParseResult } from '../../main/engine/parse';

function hitOf(result: ParseResult): Hit {
  assert.equal(result.kind, 'hit', `expected a hit, got ${JSON.stringify(result)}`);
  return (result as { kind: 'hit'; hit: Hit }).hit;
}

function reasonOf(result: ParseResult): string {
  assert.equal(result.kind, 'malformed', `expected malformed, got ${JSON.stringify(result)}`);
  return (result as { kind: 'malformed'; reason: string }).reason;
}

const IIS10 =
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes time-taken';

describe('w3c', () => {
  test('directives are skipped and #Fields names the columns', () => {
    const p = createParser('w3c');
    assert.equal(p.format, 'w3c');
    for (const d of [
      '#Software: Microsoft Internet Information Services 10.0',
      '#Version: 1.0',
      '#Date: 2018-01-01 08:09:10',
      IIS10,
    ]) {
      assert.deepEqual(p.parse(d), { kind: 'skip' });
    }
    const hit = hitOf(
      p.parse(
        '2018-01-01 08:09:10 127.0.0.1 GET /pages/create q=100 80 - 81.2.69.143 Mozilla/5.0+(Windows) - 200 0 0 5120 123',
      ),
    );
    assert.deepEqual(hit, {
      time: Date.UTC(2018, 0, 1, 8, 9, 10),
      host: '81.2.69.143',
      method: 'GET',
      target: '/pages/create',
      section: '/pages',
      status: 200,
      bytes: 5120,
    });
  });

  test('entries before any #Fields are malformed', () => {
    const p = createParser('w3c');
    assert.match(reasonOf(p.parse('2018-01-01 08:09:10 127.0.0.1 GET / - 200')), /#Fields/);
  });

  test('`-` fields are unknown; missing sc-bytes column too', () => {
    const p = createParser('w3c');
    p.parse('#Fields: date time c-ip cs-method cs-uri-stem sc-status');
    const hit = hitOf(p.parse('2016-01-06 03:19:53 - - /x -'));
    assert.deepEqual(
      [hit.host, hit.method, hit.status, hit.bytes, hit.section],
      [undefined, undefined, undefined, undefined, '/x'],
    );
    assert.equal(hitOf(p.parse('2016-01-06 03:19:53 1.2.3.4 GET - 404')).section, '(invalid)');
  });

  test('#Fields changing midway changes the columns; entries of the old layout become malformed', () => {
    // From data/logs/w3c/beats-iis-fields-change.log (elastic/beats fixture).
    const p = createParser('w3c');
    p.parse(
      '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
    );
    const first = hitOf(
      p.parse(
        '2018-01-01 08:09:10 127.0.0.1 GET / q=100 80 - 81.2.69.143 Mozilla/5.0+(Windows+NT+6.1) - 200 0 0 123',
      ),
    );
    assert.deepEqual([first.host, first.bytes], ['81.2.69.143', undefined]);
    p.parse(
      '#Fields: date time s-sitename cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken',
    );
    const second = hitOf(
      p.parse(
        '2018-01-01 09:10:11 W3SVC1 GET / - 80 - 127.0.0.1 Mozilla/5.0+(Windows+NT+6.1) - - example.com 200 0 0 123 456 789',
      ),
    );
    assert.deepEqual([second.host, second.status, second.bytes], ['127.0.0.1', 200, 123]);
    assert.match(
      reasonOf(
        p.parse(
          '2018-12-31 12:52:33 10.44.0.136 GET / - 443 - 10.50.6.188 Mozilla/4.0 - 401 0 0 0',
        ),
      ),
      /15 fields where #Fields names 19/,
    );
  });

  test('IIS Advanced Logging: blank lines, extra spaces in #Fields, local time with ms, quoted fields', () => {
    // From data/logs/awkward/iis-advanced-quoted-lnav.log (lnav fixture).
    const p = createParser('w3c');
    assert.deepEqual(p.parse(''), { kind: 'skip' });
    assert.deepEqual(p.parse('#Start-Date: 2014-11-18 00:00:00.128'), { kind: 'skip' });
    p.parse(
      '#Fields:   date-local time-local   s-ip   cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) cs(Host) sc-status sc-substatus sc-win32-status TimeTakenMS',
    );
    const a = hitOf(
      p.parse(
        '2012-08-15 17:00:00.363 1.2.3.4 GET /Products/theProduct - 80 - "70.95.0.0" "Mozilla/5.0 (Linux; Android 4.4.4)" "http://example.com/Search" "xzy.example.com" 200 0 0 109',
      ),
    );
    // date-local/time-local are read as this machine's local time.
    assert.equal(a.time, new Date(2012, 7, 15, 17, 0, 0, 363).getTime());
    assert.deepEqual([a.host, a.section, a.status], ['70.95.0.0', '/Products', 200]);
    const b = hitOf(
      p.parse(
        '2012-08-15 17:00:00.675 10.10.28.140 GET /hello/world/6,681965 - 80 - "173.5.0.0" "Mozilla/5.0 (Macintosh)" - "hello.example.com" 404 " ""garbage"" w/ spaces " 0 359',
      ),
    );
    assert.deepEqual([b.host, b.section, b.status], ['173.5.0.0', '/hello', 404]);
    assert.equal(b.time - a.time, 312);
    assert.match(
      reasonOf(p.parse('2012-08-15 17:00:00.675 1.2.3.4 GET /x - 80 - "unterminated')),
      /quoted/,
    );
  });

  test('a \\r (IIS writes CRLF) is dropped', () => {
    const p = createParser('w3c');
    p.parse('#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes\r');
    assert.equal(
      hitOf(p.parse('2009-11-07 01:15:45 1.2.3.4 GET /images/a.gif 404 1245\r')).bytes,
      1245,
    );
  });

  test('time without a date column takes the date of #Date', () => {
    const p = createParser('w3c');
    p.parse('#Date: 1996-01-01 10:00:00');
    p.parse('#Fields: time c-ip cs-method cs-uri-stem sc-status');
    assert.equal(
      hitOf(p.parse('10:48:02 1.2.3.4 GET / 200')).time,
      Date.UTC(1996, 0, 1, 10, 48, 2),
    );
  });

  test('bad timestamps and statuses are malformed', () => {
    const p = createParser('w3c');
    p.parse('#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes');
    assert.equal(reasonOf(p.parse('2009-13-07 01:15:45 1.2.3.4 GET / 200 1')), 'bad timestamp');
    assert.equal(reasonOf(p.parse('2009-11-07 1:15:45 1.2.3.4 GET / 200 1')), 'bad timestamp');
    assert.equal(reasonOf(p.parse('- - 1.2.3.4 GET / 200 1')), 'no timestamp');
    assert.equal(reasonOf(p.parse('2009-11-07 01:15:45 1.2.3.4 GET / OK 1')), 'bad status');
    assert.equal(reasonOf(p.parse('2009-11-07 01:15:45 1.2.3.4 GET / 200 many')), 'bad bytes');
  });
});
