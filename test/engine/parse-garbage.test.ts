import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FormatName } from '../../main/common/types';
import { createParser, detectFormat, parseRequest, sectionOf } from '../../main/engine/parse';
import { rng } from './helpers';

const PIECES = [
  ' ',
  '"',
  '[',
  ']',
  '\\',
  '\\"',
  '-',
  ',',
  '#',
  '#Fields: date time c-ip',
  '\r',
  '\t',
  '/',
  ':',
  '+0330',
  '10/Oct/2000:13:55:36 -0700',
  '127.0.0.1',
  ' - - ',
  'GET /a/b HTTP/1.1',
  '200',
  ' 404 ',
  '""',
  '\x00',
  '\x16\x03\x01',
  '\ufffd',
  '😀',
  'http://',
  '2018-01-01',
  '08:09:10.123',
  '"remotehost"',
  '1549573860',
  'x'.repeat(300),
];

/** Random strings mixing log-shaped pieces with random code units. */
function garbage(next: () => number): string {
  let s = '';
  const n = Math.floor(next() * 30);
  for (let i = 0; i < n; i++) {
    s +=
      next() < 0.6
        ? PIECES[Math.floor(next() * PIECES.length)]
        : String.fromCharCode(Math.floor(next() * 0x10000));
  }
  return s;
}

/** A valid combined line with one region overwritten, so the parser gets deep before failing. */
function damaged(next: () => number): string {
  const line =
    '10.0.0.2, 10.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a/b?c HTTP/1.1" 200 2326 "-" "UA"';
  const at = Math.floor(next() * line.length);
  const len = Math.floor(next() * 8);
  return line.slice(0, at) + garbage(next).slice(0, len) + line.slice(at + len);
}

describe('random and binary input never throws', () => {
  const formats: FormatName[] = ['common', 'combined', 'w3c', 'csv'];
  test('parsers return a well-formed result for 4000 random lines each', () => {
    const next = rng(42);
    const seen = { hit: 0, skip: 0, malformed: 0 };
    for (const format of formats) {
      const parser = createParser(format);
      if (format === 'w3c')
        parser.parse('#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes');
      for (let i = 0; i < 4000; i++) {
        const line = i % 2 === 0 ? garbage(next) : damaged(next);
        const r = parser.parse(line);
        seen[r.kind]++;
        if (r.kind === 'hit') {
          assert.ok(Number.isFinite(r.hit.time), `time of ${JSON.stringify(line)}`);
          assert.equal(typeof r.hit.section, 'string');
          if (r.hit.status !== undefined) assert.ok(Number.isInteger(r.hit.status));
          if (r.hit.bytes !== undefined)
            assert.ok(Number.isInteger(r.hit.bytes) && r.hit.bytes >= 0);
        } else if (r.kind === 'malformed') {
          assert.ok(r.reason.length > 0);
        }
      }
    }
    // The damaged lines must exercise both outcomes, or this test checks little.
    assert.ok(seen.hit > 100 && seen.malformed > 1000, JSON.stringify(seen));
  });

  test('pathological lines near the 64 KiB limit are answered, not crashed on', () => {
    const stamp = 'h - - [10/Oct/2000:13:55:36 -0700] "';
    const p = createParser('combined');
    assert.equal(p.parse(stamp + '\\" 200 1x'.repeat(6000)).kind, 'malformed');
    assert.equal(p.parse(stamp + '\\'.repeat(60000) + '" 200 1').kind, 'hit');
    assert.equal(p.parse(stamp + '" 200 ' + '1'.repeat(60000)).kind, 'malformed');
    assert.equal(p.parse('"'.repeat(60000)).kind, 'malformed');
    const w3c = createParser('w3c');
    w3c.parse('#Fields: date time c-ip cs-uri-stem');
    assert.equal(w3c.parse('"' + '""'.repeat(30000)).kind, 'malformed');
  });

  test('sectionOf, parseRequest and detectFormat on random strings', () => {
    const next = rng(7);
    for (let i = 0; i < 3000; i++) {
      const s = garbage(next);
      const section = sectionOf(s);
      assert.ok(
        section === '(invalid)' || section === '*' || section.startsWith('/'),
        JSON.stringify(s),
      );
      const request = parseRequest(s);
      assert.equal(typeof request.section, 'string');
      const format = detectFormat([s, garbage(next), s]);
      assert.ok(format === null || formats.includes(format));
    }
  });
});
