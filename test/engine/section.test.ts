import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequest, sectionOf } from '../../main/engine/parse';

describe('sectionOf: the table of docs/reference/sections.md', () => {
  const table: [string, string][] = [
    ['/pages/create', '/pages'],
    ['/pages', '/pages'],
    ['/', '/'],
    ['/favicon.ico', '/favicon.ico'],
    ['/search?q=a/b', '/search'],
    ['http://example.com/api/v1/x', '/api'],
    ['*', '*'],
    ['-', '(invalid)'],
    ['', '(invalid)'],
    ['\\x16\\x03\\x01\\x01\\xF9', '(invalid)'],
    ['\x16\x03\x01\x00', '(invalid)'],
    ['host:443', '(invalid)'],
  ];
  for (const [target, section] of table) {
    test(`${JSON.stringify(target)} -> ${section}`, () => {
      assert.equal(sectionOf(target), section);
    });
  }
});

describe('sectionOf: edge cases', () => {
  const cases: [string, string][] = [
    ['http://host', '/'],
    ['http://host?x=/a/b', '/'],
    ['https://example.com/', '/'],
    ['HTTPS://Example.COM/Api/x', '/Api'],
    ['http://host:8080/a/b', '/a'],
    ['/a#frag/x', '/a'],
    ['/?q=1', '/'],
    ['/#top', '/'],
    ['//double/slash', '/'],
    ['/images/', '/images'],
    // percent-encoded paths stay as written
    ['/%D8%B3%D8%A8%D8%AF/x', '/%D8%B3%D8%A8%D8%AF'],
    ['/cgi-bin/.%2e/.%2e/bin/sh', '/cgi-bin'],
    ['/%%32%65%%32%65/etc', '/%%32%65%%32%65'],
    ['**', '(invalid)'],
    ['http://', '(invalid)'],
    ['http:/x', '(invalid)'],
    ['index.html', '(invalid)'],
    ['116.202.157.104:443', '(invalid)'],
  ];
  for (const [target, section] of cases) {
    test(`${JSON.stringify(target)} -> ${section}`, () => {
      assert.equal(sectionOf(target), section);
    });
  }
});

describe('parseRequest', () => {
  test('METHOD target PROTOCOL', () => {
    assert.deepEqual(parseRequest('GET /pages/create HTTP/1.1'), {
      method: 'GET',
      target: '/pages/create',
      section: '/pages',
    });
    assert.deepEqual(parseRequest('POST /metrics/event HTTP/2.0'), {
      method: 'POST',
      target: '/metrics/event',
      section: '/metrics',
    });
  });

  test('HTTP/0.9 request has no protocol', () => {
    assert.deepEqual(parseRequest('GET /ksc.html'), {
      method: 'GET',
      target: '/ksc.html',
      section: '/ksc.html',
    });
  });

  test('absolute URI, OPTIONS *, rarer methods', () => {
    assert.deepEqual(parseRequest('GET http://example.com/api/v1/x HTTP/1.1'), {
      method: 'GET',
      target: 'http://example.com/api/v1/x',
      section: '/api',
    });
    assert.deepEqual(parseRequest('OPTIONS * HTTP/1.1'), {
      method: 'OPTIONS',
      target: '*',
      section: '*',
    });
    assert.equal(parseRequest('PROPFIND /dav/x HTTP/1.1').method, 'PROPFIND');
    assert.deepEqual(parseRequest('M-SEARCH * HTTP/1.1'), {
      method: 'M-SEARCH',
      target: '*',
      section: '*',
    });
  });

  test('CONNECT host:443 keeps its method but has no section', () => {
    assert.deepEqual(parseRequest('CONNECT 116.202.157.104:443 HTTP/1.1'), {
      method: 'CONNECT',
      target: '116.202.157.104:443',
      section: '(invalid)',
    });
  });

  const invalid = [
    '',
    '-',
    'GET',
    'GET ',
    'get /a HTTP/1.1',
    'GET  /a HTTP/1.1',
    'GET /a b HTTP/1.1',
    'GET /a HTTP/1.1 extra',
    'GET /a FTP/1.0',
    'GET /a HTTP/',
    'GET /a HTTP/1.',
    'MGLNDD_74.208.166.116_443',
    'MGLNDD_74.208.166.116_443 /x HTTP/1.1',
    '-GET /x HTTP/1.1',
    'SSH-2.0-Go',
    'h+/tmp/gpon80&ipv=0',
    '\\x16\\x03\\x01\\x01\\xF9\\x01\\x00\\x01\\xF5\\x03\\x03\\xA5=\\xE8\\x15\\xDD\\xC4\\xD0 \\xF3I',
    '\x16\x03\x01\x00\xf5\x01',
  ];
  for (const request of invalid) {
    test(`${JSON.stringify(request.slice(0, 40))} is (invalid)`, () => {
      assert.deepEqual(parseRequest(request), { section: '(invalid)' });
    });
  }
});
