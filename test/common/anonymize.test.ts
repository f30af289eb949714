import assert from 'node:assert/strict';
import { isIPv4 } from 'node:net';
import { test } from 'node:test';
import {
  anonymizeHost,
  cachedAnonymizer,
  ipv4Network,
  maskHosts,
  maskLeadingHost,
} from '../../main/common/anonymize';
import { rng } from '../engine/helpers';

test('IPv4 addresses keep their /24', () => {
  assert.equal(anonymizeHost('203.0.113.7'), '203.0.113.0/24');
  assert.equal(anonymizeHost('10.0.0.255'), '10.0.0.0/24');
});

test('IPv6 addresses keep their /48, compressed', () => {
  assert.equal(anonymizeHost('2001:db8:85a3:8d3:1319:8a2e:370:7348'), '2001:db8:85a3::/48');
  assert.equal(anonymizeHost('2001:DB8:0:1::1'), '2001:db8::/48');
  assert.equal(anonymizeHost('2001:db8:1::'), '2001:db8:1::/48');
  assert.equal(anonymizeHost('[2001:db8:1:2::1]'), '2001:db8:1::/48');
  assert.equal(anonymizeHost('fe80::1%eth0'), 'fe80::/48');
});

test('::1 and the unspecified address fall in ::/48', () => {
  assert.equal(anonymizeHost('::1'), '::/48');
  assert.equal(anonymizeHost('::'), '::/48');
});

test('IPv4-mapped IPv6 addresses are treated as the IPv4 address', () => {
  assert.equal(anonymizeHost('::ffff:192.0.2.77'), '192.0.2.0/24');
  assert.equal(anonymizeHost('::FFFF:c000:0201'), '192.0.2.0/24');
  // Not mapped: an IPv4 tail under another prefix stays IPv6.
  assert.equal(anonymizeHost('64:ff9b::192.0.2.1'), '64:ff9b::/48');
});

test('host names become their registrable domain', () => {
  assert.equal(anonymizeHost('piweba3y.prodigy.com'), 'prodigy.com');
  assert.equal(anonymizeHost('www-c4.proxy.aol.com'), 'aol.com');
  assert.equal(anonymizeHost('prodigy.com'), 'prodigy.com');
  assert.equal(anonymizeHost('Host.Example.ORG.'), 'example.org');
});

test('common two-level suffixes keep one more label', () => {
  assert.equal(anonymizeHost('a.b.co.uk'), 'b.co.uk');
  assert.equal(anonymizeHost('dialup12.isp.com.au'), 'isp.com.au');
  assert.equal(anonymizeHost('b.co.uk'), 'b.co.uk');
  // Not in the built-in list: the last two labels, which may be too coarse.
  assert.equal(anonymizeHost('a.b.kawasaki.jp'), 'kawasaki.jp');
});

test('what is neither an address nor a name is returned as given', () => {
  assert.equal(anonymizeHost('-'), '-');
  assert.equal(anonymizeHost('localhost'), 'localhost');
  assert.equal(anonymizeHost('999.1.1.1'), '999.1.1.1');
  assert.equal(anonymizeHost('bad host!'), 'bad host!');
});

test('anonymising twice changes nothing (a purge can run on rows already cut)', () => {
  for (const h of ['203.0.113.7', '2001:db8:1:2::1', '::ffff:192.0.2.1', 'a.b.co.uk', 'x.y.z.com'])
    assert.equal(anonymizeHost(anonymizeHost(h)), anonymizeHost(h));
});

test('the cached anonymiser answers as anonymizeHost, also after it forgets', () => {
  const cached = cachedAnonymizer(3);
  const hosts = ['203.0.113.7', '203.0.113.8', 'piweba3y.prodigy.com', '2001:db8:1:2::1', '-'];
  for (const h of [...hosts, ...hosts]) assert.equal(cached(h), anonymizeHost(h));
});

test('a malformed sample loses its leading host, and keeps the rest', () => {
  assert.equal(maskLeadingHost('203.0.113.7 - - [garbage'), '203.0.113.0/24 - - [garbage');
  assert.equal(maskLeadingHost('"203.0.113.7","-",x'), '"203.0.113.0/24","-",x');
  assert.equal(maskLeadingHost('[2001:db8:1:2::1] junk'), '2001:db8:1::/48 junk');
  assert.equal(maskLeadingHost('dial7.isp.example.net junk'), 'example.net junk');
  // No host in front: as given (a W3C line starts with its date).
  assert.equal(
    maskLeadingHost('2026-11-02 09:00:00 10.0.0.1 GET'),
    '2026-11-02 09:00:00 10.0.0.1 GET',
  );
  assert.equal(maskLeadingHost('GET / HTTP/1.1'), 'GET / HTTP/1.1');
  assert.equal(maskLeadingHost(''), '');
});

test('a malformed sample loses every client address in it, wherever it stands', () => {
  // A W3C line's c-ip comes after its date and time; the times are not addresses.
  assert.equal(
    maskHosts(
      '2026-11-02 09:00:00 10.0.0.1 GET /x - 443 - 198.51.100.23 Mozilla/5.0 - 200 0 0 garbage',
    ),
    '2026-11-02 09:00:00 10.0.0.0/24 GET /x - 443 - 198.51.100.0/24 Mozilla/5.0 - 200 0 0 garbage',
  );
  // A forwarded-for list, an address with its port, IPv6 and IPv4-mapped IPv6 in the middle.
  assert.equal(
    maskHosts(
      '203.0.113.7 - - [bad "X-Forwarded-For: 198.51.100.23, 2001:db8:1:2::1" 192.0.2.9:8080 ::ffff:192.0.2.1',
    ),
    '203.0.113.0/24 - - [bad "X-Forwarded-For: 198.51.100.0/24, 2001:db8:1::/48" 192.0.2.0/24:8080 192.0.2.0/24',
  );
  // A referrer's site is not a client: names further on stay.
  assert.equal(
    maskHosts('dial7.isp.example.net - - "http://www.example.org/a" junk'),
    'example.net - - "http://www.example.org/a" junk',
  );
  assert.equal(maskHosts('GET /v1/items 12:30 deadbeef'), 'GET /v1/items 12:30 deadbeef');
});

test('one word is not a name: kept as given, case and all', () => {
  assert.equal(anonymizeHost('GET'), 'GET');
  assert.equal(anonymizeHost('LocalHost'), 'LocalHost');
});

test('ipv4Network reads an address exactly as isIPv4 does, and one number is one /24', () => {
  const samples = [
    '192.0.2.1',
    '0.0.0.0',
    '255.255.255.255',
    '256.1.1.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '1.2.3.04',
    '1..2.3',
    '.1.2.3',
    '1.2.3.',
    '1.2.3.4 ',
    '',
    '10.0.0.1a',
    '::1',
    'example.com',
  ];
  // Four or so random fields of up to three digits (leading zeros, over 255, empty), as a
  // malformed host field may hold; the first 256 share a /24 two by two.
  const random = rng(7);
  const next = () => Math.floor(random() * 2 ** 31);
  const field = () => {
    let f = '';
    for (let n = next() % 4; n > 0; n--) f += String(next() % 10);
    return next() % 3 === 0 ? String(next() % 256) : f;
  };
  for (let i = 0; i < 20_000; i++) {
    const fields = [field(), field(), field(), field()];
    if (next() % 8 === 0) fields.push(field());
    if (next() % 8 === 0) fields.pop();
    samples.push(fields.join('.'));
  }
  for (let i = 0; i < 256; i++) samples.push(`198.51.${i >> 1}.${i}`);
  const byNetwork = new Map<number, string>();
  for (const host of samples) {
    const net = ipv4Network(host);
    assert.equal(net >= 0, isIPv4(host), host);
    if (net < 0) continue;
    assert.ok(net < 2 ** 24, host);
    const name = anonymizeHost(host);
    assert.equal(byNetwork.get(net) ?? name, name, `${host}: one number, two /24s`);
    byNetwork.set(net, name);
  }
  assert.equal(ipv4Network('192.0.2.1'), (192 << 16) | (0 << 8) | 2);
  assert.notEqual(ipv4Network('192.0.2.1'), ipv4Network('192.0.20.1'));
  assert.ok(byNetwork.size > 200, 'the samples held addresses');
});
