import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat } from '../../main/engine/parse';

const commonLine = (i: number) =>
  `host${i}.example.com - - [01/Jul/1995:00:00:0${i % 10} -0400] "GET /shuttle/x${i}.gif HTTP/1.0" 200 ${i}`;
const combinedLine = (i: number) => `${commonLine(i)} "-" "Mozilla/5.0 (X11; Linux)"`;

describe('detectFormat', () => {
  test('w3c from its directives, even with only #Fields or blank lines first', () => {
    assert.equal(
      detectFormat(['#Software: Microsoft IIS 8.5', '#Version: 1.0', '#Date: 2016-01-06 03:19:53']),
      'w3c',
    );
    assert.equal(
      detectFormat(['#Fields: date time c-ip cs-method\r', '1996-01-01 10:48:02 1.2.3.4 GET']),
      'w3c',
    );
    assert.equal(
      detectFormat([
        '',
        '#Software: IIS Advanced Logging Module',
        '',
        '#Start-Date: 2014-11-18 00:00:00.128',
      ]),
      'w3c',
    );
  });

  test('csv from the header or from quoted rows alone', () => {
    assert.equal(
      detectFormat(['"remotehost","rfc931","authuser","date","request","status","bytes"']),
      'csv',
    );
    assert.equal(
      detectFormat([
        '"10.0.0.2","-","apache",1549573860,"GET /api/user HTTP/1.0",200,1234',
        '"10.0.0.4","-","apache",1549573860,"GET /api/user HTTP/1.0",200,1234',
      ]),
      'csv',
    );
  });

  test('common when no sampled line has referer and user agent', () => {
    assert.equal(detectFormat(Array.from({ length: 60 }, (_, i) => commonLine(i))), 'common');
  });

  test('combined when any sampled line has referer and user agent', () => {
    const lines = Array.from({ length: 40 }, (_, i) =>
      i === 30 ? combinedLine(i) : commonLine(i),
    );
    assert.equal(detectFormat(lines), 'combined');
    // ...but only within the first 50 non-blank lines
    const late = Array.from({ length: 60 }, (_, i) => (i === 55 ? combinedLine(i) : commonLine(i)));
    assert.equal(detectFormat(late), 'common');
  });

  test('a torn first line does not decide', () => {
    const lines = [
      '/sts-71/sts-71-patch-small.gif HTTP/1.0" 200 12054',
      ...Array.from({ length: 5 }, (_, i) => combinedLine(i)),
    ];
    assert.equal(detectFormat(lines), 'combined');
  });

  test('null when nothing fits', () => {
    assert.equal(detectFormat([]), null);
    assert.equal(detectFormat(['', '  ', '\r']), null);
    assert.equal(
      detectFormat(['hello world', 'this is not a log', 'Dec 24 10:00:00 sshd[1]: Accepted']),
      null,
    );
    assert.equal(detectFormat(['{"time":"2020-01-01T00:00:00Z","status":200}']), null);
  });
});
