/**
 * The byte-level reader of common/combined lines (parse/clf-bytes.ts) against
 * the string parser (parse/clf.ts), which stays the authority: whenever the
 * reader says yes, the string parser must read the same line as a hit with
 * the same time, host, method, section, status and bytes, and the hashes must
 * be those of the bytes they stand for. Checked on every line of the corpus,
 * on hand-written edge cases, and on seeded random mutations of corpus lines.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hashBytes } from '../../main/engine/hash';
import { detectFormat, type Hit } from '../../main/engine/parse';
import { createClfParser } from '../../main/engine/parse/clf';
import {
  createClfByteReader,
  emptyClfFields,
  type ClfFields,
} from '../../main/engine/parse/clf-bytes';
import { logFiles, noteMissingCorpus } from '../fixtures/corpus';
import { rng } from './helpers';

type Reader = ReturnType<typeof createClfByteReader>;
type Parser = ReturnType<typeof createClfParser>;

/** The line b[start, end) as the string path sees it: UTF-8, one trailing `\r` dropped. */
function lineOf(b: Buffer, start: number, end: number): string {
  const s = b.toString('utf8', start, end);
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

/**
 * Reads b[start, end) with both parsers. When the byte reader accepts, asserts
 * the contract and returns the string parser's hit; returns null otherwise.
 */
function differential(
  read: Reader,
  parser: Parser,
  b: Buffer,
  start: number,
  end: number,
  out: ClfFields = emptyClfFields(),
): Hit | null {
  if (!read(b, start, end, out)) return null;
  const line = lineOf(b, start, end);
  const shown = JSON.stringify(line.length > 300 ? line.slice(0, 300) + '…' : line);
  const r = parser.parse(line);
  assert.equal(
    r.kind,
    'hit',
    `byte reader accepted a line the string parser calls ${r.kind}: ${shown}`,
  );
  const hit = (r as { kind: 'hit'; hit: Hit }).hit;
  const inLine = (s: number, e: number) => start <= s && s <= e && e <= end;
  assert.equal(out.time, hit.time, `time of ${shown}`);
  if (out.hostStart < 0) {
    assert.equal(hit.host, undefined, `host of ${shown}`);
    assert.equal(b.toString('latin1', start, out.hostEnd), '-', `'-' host of ${shown}`);
  } else {
    assert.equal(out.hostStart, start, `host offset of ${shown}`);
    assert.ok(inLine(out.hostStart, out.hostEnd), `host range of ${shown}`);
    assert.equal(b.toString('latin1', out.hostStart, out.hostEnd), hit.host, `host of ${shown}`);
    assert.equal(out.hostHash, hashBytes(b, out.hostStart, out.hostEnd), `host hash of ${shown}`);
  }
  assert.ok(inLine(out.methodStart, out.methodEnd), `method range of ${shown}`);
  assert.equal(
    b.toString('latin1', out.methodStart, out.methodEnd),
    hit.method,
    `method: ${shown}`,
  );
  assert.equal(
    out.methodHash,
    hashBytes(b, out.methodStart, out.methodEnd),
    `method hash: ${shown}`,
  );
  assert.ok(inLine(out.sectionStart, out.sectionEnd), `section range of ${shown}`);
  assert.equal(
    b.toString('latin1', out.sectionStart, out.sectionEnd),
    hit.section,
    `section of ${shown}`,
  );
  assert.equal(
    out.sectionHash,
    hashBytes(b, out.sectionStart, out.sectionEnd),
    `section hash of ${shown}`,
  );
  assert.equal(out.status < 0 ? undefined : out.status, hit.status, `status of ${shown}`);
  assert.equal(out.bytes < 0 ? undefined : out.bytes, hit.bytes, `bytes of ${shown}`);
  return hit;
}

/** Every log at hand detected as common or combined, with its bytes. */
function clfCorpus(): { file: string; bytes: Buffer; clean: boolean }[] {
  const found: { file: string; bytes: Buffer; clean: boolean }[] = [];
  for (const { name, path } of logFiles()) {
    const bytes = readFileSync(path);
    const head = bytes
      .toString('utf8')
      .split('\n', 50)
      .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    const format = detectFormat(head);
    if (format !== 'common' && format !== 'combined') continue;
    // common/ and combined/ hold ordinary logs; awkward/ holds odd shapes on purpose.
    const clean = name.startsWith('common/') || name.startsWith('combined/');
    found.push({ file: name, bytes, clean });
  }
  return found;
}

/** [start, end) of every line of a file (end at its `\n` or at the end of the buffer). */
function lineRanges(b: Buffer): [number, number][] {
  const ranges: [number, number][] = [];
  for (let pos = 0; pos < b.length;) {
    let nl = b.indexOf(10, pos);
    if (nl === -1) nl = b.length;
    ranges.push([pos, nl]);
    pos = nl + 1;
  }
  return ranges;
}

const STAMP = '10/Oct/2000:13:55:36 -0700';
const T_STAMP = Date.UTC(2000, 9, 10, 20, 55, 36);
const line = (prefix: string, request: string, tail = '200 2326', stamp = STAMP) =>
  `${prefix} [${stamp}] "${request}" ${tail}`;

/** Read one line in a buffer of its own followed by `\n`, as a block holds it. */
function readOne(text: string | Buffer): { accepted: boolean; out: ClfFields; b: Buffer } {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const b = Buffer.concat([body, Buffer.from('\n')]);
  const out = emptyClfFields();
  return { accepted: createClfByteReader()(b, 0, body.length, out), out, b };
}

describe('clf byte reader: corpus differential', () => {
  const files = clfCorpus();

  test('the logs at hand have common and combined files to compare on', () => {
    // The shipped fixtures alone: 8 such files, 5 of them ordinary logs.
    assert.ok(files.length >= 8, `only ${files.length} common/combined files`);
    assert.ok(files.filter((f) => f.clean).length >= 5);
  });
  noteMissingCorpus('the byte reader on the corpus files not shipped');

  for (const { file, bytes, clean } of files) {
    test(`${file}: every accepted line reads as the string parser reads it`, () => {
      const read = createClfByteReader();
      const parser = createClfParser('combined');
      const out = emptyClfFields();
      const ranges = lineRanges(bytes);
      let accepted = 0;
      let hits = 0;
      // In place, in the file's buffer, as ingestBlock reads a block.
      for (const [s, e] of ranges) {
        if (differential(read, parser, bytes, s, e, out)) accepted++;
      }
      const check = createClfParser('combined');
      for (const [s, e] of ranges) if (check.parse(lineOf(bytes, s, e)).kind === 'hit') hits++;
      assert.ok(accepted <= hits);
      if (clean) {
        assert.ok(
          accepted > 0.9 * ranges.length,
          `only ${accepted} of ${ranges.length} lines on the fast path`,
        );
      } else {
        assert.ok(accepted > 0, 'no line on the fast path');
      }
    });
  }

  test('CRLF copies of the corpus: the same lines are accepted with the same fields', () => {
    let total = 0;
    for (const { file, bytes } of files) {
      const crlf = Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
      const lf = Buffer.from(bytes.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
      const [readLf, readCrlf] = [createClfByteReader(), createClfByteReader()];
      const parser = createClfParser('combined');
      const a = lineRanges(lf);
      const c = lineRanges(crlf);
      assert.equal(a.length, c.length, file);
      const outLf = emptyClfFields();
      const outCrlf = emptyClfFields();
      for (let i = 0; i < a.length; i++) {
        const hitLf = differential(readLf, parser, lf, a[i]![0], a[i]![1], outLf);
        const hitCrlf = differential(readCrlf, parser, crlf, c[i]![0], c[i]![1], outCrlf);
        assert.deepEqual(hitCrlf, hitLf, `${file} line ${i + 1}`);
        if (hitLf) total++;
      }
    }
    assert.ok(total > 15_000, `only ${total} lines compared`);
  });
});

describe('clf byte reader: lines left to the string parser', () => {
  const parse = (s: string) => createClfParser('combined').parse(s);
  const hitOf = (s: string): Hit => {
    const r = parse(s);
    assert.equal(r.kind, 'hit', `string parser: ${JSON.stringify(r)}`);
    return (r as { kind: 'hit'; hit: Hit }).hit;
  };
  const rejects = (text: string | Buffer) =>
    assert.equal(readOne(text).accepted, false, `accepted ${JSON.stringify(String(text))}`);

  test('vhost prefix: string parser takes the second token as the host', () => {
    const s = line('example.com 1.2.3.4 - -', 'GET /a HTTP/1.1');
    rejects(s);
    assert.equal(hitOf(s).host, '1.2.3.4');
    rejects(line('example.com:443 1.2.3.4 - -', 'GET /a HTTP/1.1'));
  });

  test('X-Forwarded-For list, bare and quoted: the first address is the client', () => {
    const bare = line('1.2.3.4, 5.6.7.8 - -', 'GET /a HTTP/1.1');
    rejects(bare);
    assert.equal(hitOf(bare).host, '1.2.3.4');
    const quoted = line('"1.2.3.4, 5.6.7.8" 9.9.9.9 - -', 'GET /a HTTP/1.1');
    rejects(quoted);
    assert.equal(hitOf(quoted).host, '1.2.3.4');
    const quotedDash = line('"-" 9.9.9.9 - -', 'GET /a HTTP/1.1');
    rejects(quotedDash);
    assert.equal(hitOf(quotedDash).host, '9.9.9.9');
    rejects(line('1.2.3.4,5.6.7.8 - -', 'GET /a HTTP/1.1'));
  });

  test('non-ASCII or control bytes in the host or the section, valid UTF-8 or not', () => {
    const cafe = line('1.2.3.4 - -', 'GET /café/x HTTP/1.1');
    rejects(cafe);
    assert.equal(hitOf(cafe).section, '/café');
    rejects(line('hôte - -', 'GET /a HTTP/1.1'));
    const [head, tail] = line('1.2.3.4 - -', 'GET /a@b/c HTTP/1.1').split('@') as [string, string];
    for (const byte of [0x00, 0x01, 0x09, 0x0d, 0x7f, 0x80, 0xbf, 0xc3, 0xff]) {
      rejects(Buffer.concat([Buffer.from(head), Buffer.from([byte]), Buffer.from(tail)]));
    }
  });

  test('after the section, any byte but space, quote and backslash reads the same', () => {
    // The reader may take these (the string parser ends the target at the same
    // place); whichever it does, the section and the rest must agree.
    const read = createClfByteReader();
    const parser = createClfParser('combined');
    const [head, tail] = line('1.2.3.4 - -', 'GET /a/x@y HTTP/1.1').split('@') as [string, string];
    for (const bytes of [
      [0x80],
      [0xc3],
      [0xc3, 0xa9],
      [0xe2, 0x82],
      [0xff, 0xfe],
      [0x09],
      [0x7f],
    ]) {
      const body = Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]);
      const b = Buffer.concat([body, Buffer.from('\n')]);
      const hit = differential(read, parser, b, 0, body.length);
      if (hit) assert.equal(hit.section, '/a');
    }
    for (const request of ['GET /a/café HTTP/1.1', 'GET /a?q=é HTTP/1.1', 'GET /a#ü']) {
      const b = Buffer.from(line('1.2.3.4 - -', request) + '\n');
      const hit = differential(read, parser, b, 0, b.length - 1);
      if (hit) assert.equal(hit.section, '/a', request);
    }
  });

  test('a backslash-escaped quote or any backslash in the request', () => {
    const s = line('1.2.3.4 - -', 'GET /a\\" 200 1 HTTP/1.1');
    rejects(s);
    assert.equal(hitOf(s).section, '(invalid)', 'the escaped quote does not end the request');
    rejects(line('1.2.3.4 - -', 'GET /a\\b HTTP/1.1'));
    rejects(line('1.2.3.4 - -', 'GET /a/\\x HTTP/1.1'));
  });

  test('absolute-URI, asterisk and invalid requests', () => {
    const abs = line('1.2.3.4 - -', 'GET http://x/y HTTP/1.1');
    rejects(abs);
    assert.equal(hitOf(abs).section, '/y');
    rejects(line('1.2.3.4 - -', 'OPTIONS * HTTP/1.1'));
    for (const request of ['-', '', 'get /a HTTP/1.1', 'GET  /a HTTP/1.1', 'GET /a HTTP/x']) {
      const s = line('1.2.3.4 - -', request);
      rejects(s);
      assert.equal(hitOf(s).section, '(invalid)', request);
    }
    rejects(line('1.2.3.4 - -', 'GET /a HTTP/1.'));
    rejects(line('1.2.3.4 - -', 'GET /a HTTP/1.1 '));
    rejects(line('1.2.3.4 - -', 'GET /a b HTTP/1.1'));
    rejects(line('1.2.3.4 - -', 'GET /a\tb HTTP/1.1'));
  });

  test('bad timestamps: month, zone, hour 24, minute 60, day 31 of a 30-day month', () => {
    const stamps = [
      '10/Foo/2000:13:55:36 -0700',
      '10/Oct/2000:13:55:36 *0700',
      '10/Oct/2000:13:55:36 +2400',
      '10/Oct/2000:13:55:36 +0760',
      '10/Oct/2000:24:00:00 +0000',
      '10/Oct/2000:13:60:00 +0000',
      '10/Oct/2000:13:55:61 +0000',
      '31/Sep/2000:13:55:36 +0000',
      '29/Feb/1900:13:55:36 +0000',
      '1/Oct/2000:13:55:36 -0700 ',
    ];
    for (const stamp of stamps) {
      const s = line('1.2.3.4 - -', 'GET /a HTTP/1.1', '200 1', stamp);
      rejects(s);
      assert.equal(parse(s).kind, 'malformed', stamp);
    }
  });

  test('bad status or bytes', () => {
    for (const tail of [
      '099',
      '099 1',
      '20 1',
      '2000 1',
      '200 1234567890123456',
      '200 1x',
      '200 ',
    ]) {
      const s = line('1.2.3.4 - -', 'GET /a HTTP/1.1', tail);
      rejects(s);
      assert.equal(parse(s).kind, 'malformed', tail);
    }
    // 15 digits are still bytes.
    const ok = readOne(line('1.2.3.4 - -', 'GET /a HTTP/1.1', '200 123456789012345'));
    assert.equal(ok.accepted, true);
    assert.equal(ok.out.bytes, 123456789012345);
  });

  test('\\r\\r at the end of a common line: only one \\r is a line ending', () => {
    const s = line('1.2.3.4 - -', 'GET /a HTTP/1.1') + '\r\r';
    rejects(s);
    assert.equal(parse(s).kind, 'malformed');
  });

  test('odd prefixes: tab or control byte in the host, empty ident or user, leading space', () => {
    rejects(line('1.2.\t3.4 - -', 'GET /a HTTP/1.1'));
    rejects(line('1.2.3.4\t- -', 'GET /a HTTP/1.1'));
    rejects(line('1.2.\x013.4 - -', 'GET /a HTTP/1.1'));
    for (const prefix of ['1.2.3.4  -', '1.2.3.4 - ', ' 1.2.3.4 - -', '1.2.3.4 -', '1.2.3.4']) {
      const s = line(prefix, 'GET /a HTTP/1.1');
      rejects(s);
      assert.equal(parse(s).kind, 'malformed', JSON.stringify(prefix));
    }
    rejects('');
    rejects('\r');
  });
});

describe('clf byte reader: lines it reads itself', () => {
  const accepts = (text: string) => {
    const { accepted, out, b } = readOne(text);
    assert.equal(accepted, true, `rejected ${JSON.stringify(text)}`);
    // And the contract against the string parser, on the same bytes.
    const hit = differential(
      createClfByteReader(),
      createClfParser('combined'),
      b,
      0,
      b.length - 1,
    );
    assert.ok(hit);
    return { out, hit };
  };

  test('the formats.md example: every field and offset', () => {
    const s =
      '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326';
    const { out, hit } = accepts(s);
    assert.equal(out.time, T_STAMP);
    assert.deepEqual([out.hostStart, out.hostEnd], [0, 9]);
    assert.deepEqual([out.methodStart, out.methodEnd], [s.indexOf('GET'), s.indexOf('GET') + 3]);
    assert.equal(s.slice(out.sectionStart, out.sectionEnd), '/apache_pb.gif');
    assert.deepEqual([out.status, out.bytes], [200, 2326]);
    assert.equal(hit.host, '127.0.0.1');
  });

  test("'-' host, status and bytes are unknown (-1), not zero", () => {
    const { out, hit } = accepts(line('- - -', 'GET /a HTTP/1.1', '- -'));
    assert.deepEqual([out.hostStart, out.status, out.bytes], [-1, -1, -1]);
    assert.deepEqual([hit.host, hit.status, hit.bytes], [undefined, undefined, undefined]);
    assert.equal(accepts(line('1.2.3.4 - -', 'GET /a HTTP/1.1', '304 -')).out.bytes, -1);
    assert.equal(accepts(line('1.2.3.4 - -', 'GET /a HTTP/1.1', '- 0')).out.bytes, 0);
    assert.equal(accepts(line('-x - -', 'GET /a HTTP/1.1')).hit.host, '-x');
  });

  test('HTTP/0.9 request without protocol, HTTP/2 and HTTP/2.0', () => {
    for (const request of ['GET /a', 'GET /a HTTP/2', 'GET /a HTTP/2.0', 'GET /a HTTP/10.25']) {
      const { out, hit } = accepts(line('1.2.3.4 - -', request));
      assert.equal(hit.section, '/a', request);
      assert.equal(out.sectionEnd - out.sectionStart, 2, request);
    }
  });

  test('sections: root, query, fragment, deeper paths, methods with - and _', () => {
    const cases: [string, string, string][] = [
      ['GET / HTTP/1.1', 'GET', '/'],
      ['GET /?x=1 HTTP/1.1', 'GET', '/'],
      ['GET /#top HTTP/1.1', 'GET', '/'],
      ['GET //a HTTP/1.1', 'GET', '/'],
      ['GET /a?b HTTP/1.1', 'GET', '/a'],
      ['GET /a#b HTTP/1.1', 'GET', '/a'],
      ['GET /a/b/c HTTP/1.1', 'GET', '/a'],
      ['GET /a?b/c HTTP/1.1', 'GET', '/a'],
      ['POST /api/v1?x=/y HTTP/1.1', 'POST', '/api'],
      ['M-SEARCH /upnp HTTP/1.1', 'M-SEARCH', '/upnp'],
      ['VERSION_CONTROL /v HTTP/1.1', 'VERSION_CONTROL', '/v'],
      ['X /' + 'k'.repeat(300) + '/z HTTP/1.1', 'X', '/' + 'k'.repeat(300)],
    ];
    for (const [request, method, section] of cases) {
      const { hit } = accepts(line('1.2.3.4 - -', request));
      assert.deepEqual([hit.method, hit.section], [method, section], request);
    }
  });

  test('a leap second (:60) and a day change both read right after a cached day', () => {
    const read = createClfByteReader();
    const parser = createClfParser('combined');
    const stamps: [string, number][] = [
      ['31/Dec/2016:23:59:59 +0000', Date.UTC(2016, 11, 31, 23, 59, 59)],
      ['31/Dec/2016:23:59:60 +0000', Date.UTC(2017, 0, 1, 0, 0, 0)],
      ['01/Jan/2017:00:00:00 +0000', Date.UTC(2017, 0, 1, 0, 0, 0)],
      ['01/Jan/2017:00:00:00 +0100', Date.UTC(2016, 11, 31, 23, 0, 0)],
      ['01/Jan/2017:00:00:00 -0930', Date.UTC(2017, 0, 1, 9, 30, 0)],
      ['29/Feb/2000:12:00:00 +0000', Date.UTC(2000, 1, 29, 12, 0, 0)],
      ['01/Jan/2017:00:00:00 +0000', Date.UTC(2017, 0, 1, 0, 0, 0)],
    ];
    const out = emptyClfFields();
    for (const [stamp, ms] of stamps) {
      const b = Buffer.from(line('1.2.3.4 - -', 'GET / HTTP/1.1', '200 1', stamp) + '\n');
      assert.ok(differential(read, parser, b, 0, b.length - 1, out), stamp);
      assert.equal(out.time, ms, stamp);
    }
  });

  test("a line ending in '\\r', and one whose block ends without '\\n'", () => {
    const s = line('1.2.3.4 - -', 'GET /a HTTP/1.1', '200 5');
    const { out } = accepts(s + '\r');
    assert.equal(out.bytes, 5);
    const b = Buffer.from(s + '\r');
    const end = emptyClfFields();
    assert.ok(differential(createClfByteReader(), createClfParser('common'), b, 0, b.length, end));
    assert.equal(end.bytes, 5);
  });

  test('common (no referer) and combined lines, with anything after the bytes', () => {
    assert.equal(accepts(line('1.2.3.4 - -', 'GET /a HTTP/1.1', '200 5')).out.bytes, 5);
    for (const rest of [
      ' "-" "curl/8"',
      ' "http://x/é" "Mozilla ✓"',
      ' "-" "ua \\" quote" extra 0.003',
      ' ',
      ' "unterminated',
      ' "-" "ua"\r\r', // `\r\r` ending on a combined line: the first \r is in the user agent
    ]) {
      const { out, hit } = accepts(line('1.2.3.4 - user', 'GET /a HTTP/1.1', '200 5') + rest);
      assert.deepEqual([out.status, out.bytes, hit.section], [200, 5, '/a'], rest);
    }
  });

  test('reads lines at any offset of a larger buffer', () => {
    const lines = [
      line('1.2.3.4 - -', 'GET /a/b HTTP/1.1', '200 1'),
      line('- - -', 'POST /x?y HTTP/1.0', '- -') + ' "-" "ua"',
      line('10.0.0.1 ident user', 'HEAD / HTTP/2', '404 0') + '\r',
    ];
    const b = Buffer.from('junk\n' + lines.join('\n') + '\n');
    const read = createClfByteReader();
    const parser = createClfParser('combined');
    const ranges = lineRanges(b);
    assert.equal(differential(read, parser, b, ...ranges[0]!), null);
    for (const [s, e] of ranges.slice(1)) assert.ok(differential(read, parser, b, s, e), `${s}`);
  });
});

describe('clf byte reader: seeded fuzz of corpus lines', () => {
  const SPECIAL = [0x80, 0xbf, 0xc3, 0xe2, 0xff, 0x22, 0x20, 0x5c, 0x2d, 0x5b, 0x5d, 0x2f, 0x3f];
  const MORE = [0x23, 0x2c, 0x09, 0x0d, 0x00, 0x30, 0x31, 0x39, 0x3a, 0x2b, 0x41, 0x7f, 0x7e];
  const BYTES = [...SPECIAL, ...MORE];

  function samples(): Buffer[] {
    const pool: Buffer[] = [];
    for (const { bytes } of clfCorpus()) {
      const ranges = lineRanges(bytes);
      // Up to 60 lines of each file, spread over it.
      const step = Math.max(1, Math.floor(ranges.length / 60));
      for (let i = 0; i < ranges.length; i += step) {
        const [s, e] = ranges[i]!;
        if (e > s) pool.push(Buffer.from(bytes.subarray(s, e)));
      }
    }
    return pool;
  }

  function mutate(src: Buffer, random: () => number): Buffer {
    let b = Buffer.from(src);
    const n = 1 + Math.floor(random() * 3);
    for (let k = 0; k < n; k++) {
      // Mostly in the part the reader checks (host to bytes), sometimes anywhere.
      const span = random() < 0.8 ? Math.min(b.length, 120) : b.length;
      const at = Math.floor(random() * (span + 1));
      const byte =
        random() < 0.7 ? BYTES[Math.floor(random() * BYTES.length)]! : Math.floor(random() * 256);
      const op = random();
      if (op < 0.4 && at < b.length) b[at] = byte;
      else if (op < 0.7)
        b = Buffer.concat([b.subarray(0, at), Buffer.from([byte]), b.subarray(at)]);
      else if (at < b.length) b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
      else b = Buffer.concat([b, Buffer.from([byte])]);
    }
    return b;
  }

  test('5000 mutated lines: the contract holds on every one', () => {
    const pool = samples();
    assert.ok(pool.length > 300, `${pool.length} sample lines`);
    const random = rng(0xc1fb);
    const read = createClfByteReader();
    const parser = createClfParser('combined');
    const out = emptyClfFields();
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 5000; i++) {
      const body = mutate(pool[Math.floor(random() * pool.length)]!, random);
      // As a block holds it (followed by \n, sometimes \r\n), or at the very end of a buffer.
      const ending = random();
      const suffix = ending < 0.6 ? '\n' : ending < 0.8 ? '\r\n' : '';
      const b = Buffer.concat([Buffer.from('x\n'), body, Buffer.from(suffix)]);
      const end = suffix === '' ? b.length : b.length - 1;
      try {
        if (differential(read, parser, b, 2, end, out)) accepted++;
        else rejected++;
      } catch (err) {
        assert.fail(`case ${i}: ${(err as Error).message}\nbytes: ${body.toString('hex')}`);
      }
    }
    // Both outcomes are exercised, so the checks above ran on thousands of lines.
    assert.ok(accepted > 1000, `${accepted} accepted`);
    assert.ok(rejected > 1000, `${rejected} rejected`);
  });

  test('mutations of the timestamp, status and bytes digits alone', () => {
    const random = rng(7);
    const read = createClfByteReader();
    const parser = createClfParser('combined');
    const base = line('1.2.3.4 - -', 'GET /a/b HTTP/1.1', '200 2326') + ' "-" "ua"';
    const digits = [...base].flatMap((c, i) => (c >= '0' && c <= '9' && i > 8 ? [i] : []));
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const b = Buffer.from(base + '\n');
      for (let k = 0; k < 1 + Math.floor(random() * 2); k++) {
        const at = digits[Math.floor(random() * digits.length)]!;
        b[at] = random() < 0.9 ? 48 + Math.floor(random() * 10) : BYTES[i % BYTES.length]!;
      }
      if (differential(read, parser, b, 0, b.length - 1)) accepted++;
    }
    assert.ok(accepted > 300 && accepted < 3000, `${accepted} accepted`);
  });
});

describe('clf byte reader: never reads past the end of the line, nor a line over the cap', () => {
  // Regression: read() looked at b[end] when the bytes field was empty, i.e.
  // past the line it was given. Here the line ends in `200 ` (bytes missing:
  // the string parser says malformed) and the buffer goes on with `- x`.
  test('a line ending right after the status does not read bytes past its end', () => {
    const text = line('1.2.3.4 - -', 'GET /a HTTP/1.0', '200 ');
    assert.equal(createClfParser('combined').parse(text).kind, 'malformed');
    const b = Buffer.from(text + '- x');
    const accepted = createClfByteReader()(b, 0, Buffer.byteLength(text), emptyClfFields());
    assert.equal(accepted, false, 'read() took the `-` after the end of the line as its bytes');
  });

  // Regression: the string parser calls a line longer than 64 KiB malformed
  // (MAX_LINE); the byte reader had no such limit. The engine's splitter drops
  // such lines first, so only a direct caller of read() could see it.
  test('a line longer than 64 KiB is not accepted (the string parser calls it malformed)', () => {
    const text = line('1.2.3.4 - -', 'GET /a HTTP/1.1', '200 5') + ` "-" "${'x'.repeat(70_000)}"`;
    assert.equal(createClfParser('combined').parse(text).kind, 'malformed');
    assert.equal(readOne(text).accepted, false, 'accepted a line of more than 64 KiB');
  });
});
