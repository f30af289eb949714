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

const combined = () => createParser('combined');
const common = () => createParser('common');

describe('common and combined lines', () => {
  test('the common example of formats.md: every field', () => {
    const hit = hitOf(
      common().parse(
        '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
      ),
    );
    assert.deepEqual(hit, {
      time: Date.UTC(2000, 9, 10, 20, 55, 36),
      host: '127.0.0.1',
      method: 'GET',
      target: '/apache_pb.gif',
      section: '/apache_pb.gif',
      status: 200,
      bytes: 2326,
    });
  });

  test('both parsers accept lines with and without referer and user agent', () => {
    const plain = '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /a/b HTTP/1.0" 200 5';
    const full = `${plain} "http://x/" "Mozilla/5.0 (X11)"`;
    for (const parser of [common(), combined()]) {
      assert.equal(hitOf(parser.parse(plain)).section, '/a');
      assert.equal(hitOf(parser.parse(full)).section, '/a');
    }
    assert.equal(common().format, 'common');
    assert.equal(combined().format, 'combined');
  });

  test('time zones that are not whole hours (+0330) and negative ones', () => {
    const p = combined();
    const line = (stamp: string) => `1.2.3.4 - - [${stamp}] "GET / HTTP/1.1" 200 1`;
    assert.equal(
      hitOf(p.parse(line('22/Jan/2019:03:56:14 +0330'))).time,
      Date.UTC(2019, 0, 22, 0, 26, 14),
    );
    assert.equal(
      hitOf(p.parse(line('01/Jul/1995:00:00:01 -0400'))).time,
      Date.UTC(1995, 6, 1, 4, 0, 1),
    );
    assert.equal(
      hitOf(p.parse(line('31/Dec/2016:23:59:59 -0930'))).time,
      Date.UTC(2017, 0, 1, 9, 29, 59),
    );
    assert.equal(
      hitOf(p.parse(line('29/Feb/2024:12:00:00 +0000'))).time,
      Date.UTC(2024, 1, 29, 12),
    );
  });

  test('the timestamp cache does not leak one line into the next', () => {
    const p = combined();
    const line = (stamp: string) => `1.2.3.4 - - [${stamp}] "GET / HTTP/1.1" 200 1`;
    const stamps = [
      '17/May/2015:10:05:03 +0000',
      '17/May/2015:10:05:03 +0000',
      '17/May/2015:10:05:43 +0000',
      '17/May/2015:11:05:03 +0000',
      '18/May/2015:10:05:03 +0000',
      '18/May/2015:10:05:03 +0200',
      '18/Jun/2015:10:05:03 +0200',
      '18/Jun/2016:10:05:03 +0200',
      '17/May/2015:10:05:03 +0000',
    ];
    const expected = [
      Date.UTC(2015, 4, 17, 10, 5, 3),
      Date.UTC(2015, 4, 17, 10, 5, 3),
      Date.UTC(2015, 4, 17, 10, 5, 43),
      Date.UTC(2015, 4, 17, 11, 5, 3),
      Date.UTC(2015, 4, 18, 10, 5, 3),
      Date.UTC(2015, 4, 18, 8, 5, 3),
      Date.UTC(2015, 5, 18, 8, 5, 3),
      Date.UTC(2016, 5, 18, 8, 5, 3),
      Date.UTC(2015, 4, 17, 10, 5, 3),
    ];
    assert.deepEqual(
      stamps.map((s) => hitOf(p.parse(line(s))).time),
      expected,
    );
  });

  test('`-` status and bytes are unknown, not zero', () => {
    const hit = hitOf(combined().parse('::1 - - [26/Dec/2016:16:16:48 +0200] "-" 408 -'));
    assert.equal(hit.status, 408);
    assert.equal(hit.bytes, undefined);
    assert.equal(hit.section, '(invalid)');
    assert.equal(hit.method, undefined);
    assert.equal(hit.target, undefined);
    const noStatus = hitOf(
      combined().parse('h - - [26/Dec/2016:16:16:48 +0200] "GET / HTTP/1.1" - -'),
    );
    assert.equal(noStatus.status, undefined);
    assert.equal(noStatus.bytes, undefined);
    assert.equal(
      hitOf(combined().parse('h - - [26/Dec/2016:16:16:48 +0200] "GET / HTTP/1.1" 304 0')).bytes,
      0,
    );
  });

  test('a stray \\r is dropped', () => {
    const hit = hitOf(
      combined().parse('h - - [26/Dec/2016:16:16:48 +0200] "GET /x HTTP/1.1" 200 7\r'),
    );
    assert.equal(hit.bytes, 7);
  });

  test('blank lines are skipped', () => {
    assert.deepEqual(combined().parse(''), { kind: 'skip' });
    assert.deepEqual(combined().parse('   \t'), { kind: 'skip' });
    assert.deepEqual(combined().parse('\r'), { kind: 'skip' });
  });

  test('extra quoted fields after the user agent (nginx $http_x_forwarded_for)', () => {
    const hit = hitOf(
      combined().parse(
        '91.99.72.15 - - [22/Jan/2019:03:56:16 +0330] "GET /image/60844/productModel/200x200 HTTP/1.1" 200 5667 "https://www.zanbil.ir/m/filter/b113" "Mozilla/5.0 (Linux; Android 6.0)" "-"',
      ),
    );
    assert.equal(hit.section, '/image');
    assert.equal(hit.bytes, 5667);
  });

  test('a line cut off inside its user agent is still a hit', () => {
    // elastic-apache.log line 8899 ends like this, with no closing quote.
    const hit = hitOf(
      combined().parse(
        '46.105.14.53 - - [20/May/2015:04:05:52 +0000] "GET /blog/tags/puppet?flav=rss20 HTTP/1.1" 200 14872 "-" "UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/',
      ),
    );
    assert.equal(hit.section, '/blog');
    assert.equal(hit.status, 200);
  });
});

describe('host prefixes', () => {
  const rest = '- - [07/Dec/2016:11:05:07 +0100] "GET /ocelot HTTP/1.1" 200 571 "-" "curl"';
  const hostOf = (prefix: string) => hitOf(combined().parse(`${prefix} ${rest}`)).host;

  test('plain hosts: IPv4, IPv6, names', () => {
    assert.equal(hostOf('85.181.35.98'), '85.181.35.98');
    assert.equal(hostOf('::1'), '::1');
    assert.equal(hostOf('2a06:4880:5000::5d'), '2a06:4880:5000::5d');
    assert.equal(hostOf('monitoring-server'), 'monitoring-server');
  });

  test('virtual host before the client (vhost:port host, vhost ip)', () => {
    assert.equal(hostOf('www.example.com:443 10.1.2.3'), '10.1.2.3');
    assert.equal(hostOf('vhost1.domaine.fr 123.123.123.123'), '123.123.123.123');
  });

  test('X-Forwarded-For list: the first address is the client', () => {
    assert.equal(hostOf('10.0.0.2, 10.0.0.1, 127.0.0.1'), '10.0.0.2');
    assert.equal(
      hostOf('2a03:0000:10ff:f00f:0000:0000:0:8000, 10.225.192.17 10.2.2.121'),
      '2a03:0000:10ff:f00f:0000:0000:0:8000',
    );
  });

  test('quoted X-Forwarded-For prefix: the first forwarded address is the client', () => {
    assert.equal(hostOf('"10.5.102.222, 199.96.1.1, 204.246.1.1" 10.2.1.185'), '10.5.102.222');
    assert.equal(hostOf('"-" 10.2.1.185'), '10.2.1.185');
  });

  test('`-` host is unknown', () => {
    assert.equal(hostOf('-'), undefined);
  });

  test('three bare tokens before ident is not a host', () => {
    assert.equal(reasonOf(combined().parse(`a b c ${rest}`)), 'bad host');
  });
});

describe('requests inside the quotes', () => {
  const line = (request: string, tail = ' 400 166 "-" "-"') =>
    `1.2.3.4 - - [15/Sep/2024:08:23:55 +0000] "${request}"${tail}`;

  test('Apache \\" escapes do not end the request', () => {
    const request =
      'GET /index.php?lang=../pearcmd&+config-create+/&/<?echo(md5(\\"hi\\"));?>+/tmp/index1.php HTTP/1.1';
    const hit = hitOf(combined().parse(line(request, ' 404 515 "-" "Custom-AsyncHttpClient"')));
    assert.equal(hit.method, 'GET');
    assert.equal(hit.target, request.slice(4, -9));
    assert.equal(hit.section, '/index.php');
    assert.equal(hit.status, 404);
  });

  test('escaped quote followed by something that looks like a status', () => {
    const hit = hitOf(combined().parse(line('GET /a\\" 200 1 HTTP/1.1', ' 404 9')));
    assert.equal(hit.status, 404);
    assert.equal(hit.bytes, 9);
  });

  test('nginx \\x22 escapes and binary probes are hits with section (invalid)', () => {
    const php = hitOf(
      combined().parse(
        line(
          'POST /php-cgi/php-cgi.exe?%ADd+disable_functions%3D\\x22\\x22+%ADd HTTP/1.1',
          ' 404 162 "-" "-"',
        ),
      ),
    );
    assert.equal(php.section, '/php-cgi');
    const tls = hitOf(
      combined().parse(
        line(
          '\\x16\\x03\\x01\\x01\\xF9\\x01\\x00\\x01\\xF5\\x03\\x03\\xA5=\\xE8\\x15\\xDD\\xC4\\xD0 \\xF3I\\xE6L',
        ),
      ),
    );
    assert.deepEqual([tls.section, tls.status, tls.method], ['(invalid)', 400, undefined]);
    const raw = hitOf(combined().parse(line('\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03')));
    assert.equal(raw.section, '(invalid)');
  });

  test('empty, `-`, fragments and proxy probes', () => {
    for (const request of [
      '',
      '-',
      'h+/tmp/gpon80&ipv=0',
      'MGLNDD_74.208.166.116_443',
      'SSH-2.0-Go',
    ]) {
      const hit = hitOf(combined().parse(line(request)));
      assert.equal(hit.section, '(invalid)', request);
      assert.equal(hit.status, 400);
    }
    const connect = hitOf(combined().parse(line('CONNECT 116.202.157.104:443 HTTP/1.1')));
    assert.deepEqual([connect.method, connect.section], ['CONNECT', '(invalid)']);
  });

  test('absolute URI in the request line', () => {
    const hit = hitOf(
      combined().parse(line('GET http://example.com/api/v1/x HTTP/1.1', ' 200 10')),
    );
    assert.equal(hit.section, '/api');
  });

  test('HTTP/0.9 request without protocol', () => {
    const hit = hitOf(
      common().parse(
        'remote27.compusmart.ab.ca - - [01/Aug/1995:00:00:12 -0400] "GET /ksc.html" 200 7280',
      ),
    );
    assert.deepEqual([hit.method, hit.target, hit.section], ['GET', '/ksc.html', '/ksc.html']);
  });
});

describe('malformed lines', () => {
  const cases: [string, string][] = [
    ['/sts-71/sts-71-patch-small.gif HTTP/1.0" 200 12054', 'no timestamp'],
    ['miriwo', 'no timestamp'],
    ['133.43.96.45 - - [01/Aug/199', 'bad timestamp'],
    [
      '5:00:01:39 -0400] "GET /shuttle/missions/sts-72/mission-sts-72.html HTTP/1.0" 200 3804',
      'no timestamp',
    ],
    [' - [01/Aug/1995:00:06:47 -0400] "GET /images/dual-pad.gif HTTP/1.0" 200 141308', 'no host'],
    [
      'uplherc.upl.com - - [01/Aug/1995:00:00:44 -0400] "GET /shuttle/missions',
      'unterminated request',
    ],
    ['h - - [01/Aug/1995:00:00:44 -0400] GET / 200 1', 'no request'],
    ['h - - [01/Aug/1995:00:00:44 -0400] "GET / HTTP/1.0" abc 1', 'bad status'],
    ['h - - [01/Aug/1995:00:00:44 -0400] "GET / HTTP/1.0" 200 x', 'bad status'],
    ['h - - [01/Aug/1995:00:00:44 -0400] "GET / HTTP/1.0" 200', 'bad status'],
    ['h - - [32/Aug/1995:00:00:44 -0400] "GET / HTTP/1.0" 200 1', 'bad timestamp'],
    ['h - - [01/Foo/1995:00:00:44 -0400] "GET / HTTP/1.0" 200 1', 'bad timestamp'],
    ['h - - [01/Aug/1995:24:00:44 -0400] "GET / HTTP/1.0" 200 1', 'bad timestamp'],
    ['h - - [01/Aug/1995:00:00:44 0400] "GET / HTTP/1.0" 200 1', 'bad timestamp'],
    ['h - - [29/Feb/2023:00:00:44 +0000] "GET / HTTP/1.0" 200 1', 'bad timestamp'],
    ['"remotehost","rfc931","authuser","date","request","status","bytes"', 'no timestamp'],
    ['#Fields: date time', 'no timestamp'],
  ];
  for (const [line, reason] of cases) {
    test(`${JSON.stringify(line.slice(0, 50))}: ${reason}`, () => {
      assert.equal(reasonOf(combined().parse(line)), reason);
    });
  }

  test('a line longer than 64 KiB is malformed', () => {
    const long = `h - - [01/Aug/1995:00:00:44 -0400] "GET /${'a'.repeat(70_000)} HTTP/1.0" 200 1`;
    assert.match(reasonOf(combined().parse(long)), /64 KiB/);
  });
});
