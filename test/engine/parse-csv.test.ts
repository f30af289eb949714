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

describe('csv', () => {
  test('the header row is skipped, rows are hits with date in Unix seconds', () => {
    const p = createParser('csv');
    assert.equal(p.format, 'csv');
    assert.deepEqual(
      p.parse('"remotehost","rfc931","authuser","date","request","status","bytes"'),
      { kind: 'skip' },
    );
    assert.deepEqual(
      hitOf(p.parse('"10.0.0.2","-","apache",1549573860,"GET /api/user HTTP/1.0",200,1234')),
      {
        time: 1549573860_000,
        host: '10.0.0.2',
        method: 'GET',
        target: '/api/user',
        section: '/api',
        status: 200,
        bytes: 1234,
      },
    );
  });

  test('RFC 4180 quoting: commas and doubled quotes inside a field', () => {
    const p = createParser('csv');
    const hit = hitOf(
      p.parse('"10.0.0.1","-","a, b",1549573860,"GET /q?x=""1,2"" HTTP/1.0","404","0"'),
    );
    assert.deepEqual(
      [hit.target, hit.section, hit.status, hit.bytes],
      ['/q?x="1,2"', '/q', 404, 0],
    );
  });

  test('unknown fields and garbage requests', () => {
    const p = createParser('csv');
    const hit = hitOf(p.parse('"-","-","-",1549573860,"\\x16\\x03\\x01",-,-'));
    assert.deepEqual(
      [hit.host, hit.section, hit.status, hit.bytes],
      [undefined, '(invalid)', undefined, undefined],
    );
  });

  test('blank lines skip, broken rows are malformed', () => {
    const p = createParser('csv');
    assert.deepEqual(p.parse(''), { kind: 'skip' });
    assert.deepEqual(p.parse('\r'), { kind: 'skip' });
    assert.match(
      reasonOf(p.parse('"10.0.0.2","-","apache",1549573860,"GET / HTTP/1.0",200')),
      /6 fields/,
    );
    assert.equal(
      reasonOf(p.parse('"10.0.0.2","-","apache",yesterday,"GET / HTTP/1.0",200,1')),
      'bad date',
    );
    assert.equal(
      reasonOf(p.parse('"10.0.0.2","-","apache",0x10,"GET / HTTP/1.0",200,1')),
      'bad date',
    );
    assert.equal(
      hitOf(p.parse('"10.0.0.2","-","apache",1549573860.25,"GET / HTTP/1.0",200,1')).time,
      1549573860250,
    );
    assert.equal(
      reasonOf(p.parse('"10.0.0.2","-","apache",1549573860,"GET / HTTP/1.0",2000,1')),
      'bad status',
    );
    assert.equal(
      reasonOf(p.parse('"10.0.0.2","-","apache",1549573860,"GET / HTTP/1.0",200,1kB')),
      'bad bytes',
    );
    assert.equal(
      reasonOf(p.parse('"10.0.0.2","-","apache",1549573860,"GET / HTTP/1.0,200,1')),
      'broken quoting',
    );
    assert.equal(
      reasonOf(p.parse('127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326')),
      '1 fields, expected 7',
    );
  });
});
