import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAllowList, parseCidr } from '../../main/engine/sources/cidr';

describe('--syslog-allow CIDR ranges', () => {
  test('IPv4 ranges: inside and outside, edges of the prefix', () => {
    const allowed = createAllowList(['10.1.0.0/16', '192.0.2.7']);
    assert.equal(allowed('10.1.0.0'), true);
    assert.equal(allowed('10.1.255.255'), true);
    assert.equal(allowed('10.2.0.0'), false);
    assert.equal(allowed('10.0.255.255'), false);
    assert.equal(allowed('192.0.2.7'), true);
    assert.equal(allowed('192.0.2.8'), false);
  });

  test('an IPv4 sender on a dual-stack socket (::ffff:a.b.c.d) matches IPv4 ranges', () => {
    const allowed = createAllowList(['127.0.0.0/8']);
    assert.equal(allowed('::ffff:127.0.0.1'), true);
    assert.equal(allowed('::ffff:128.0.0.1'), false);
  });

  test('IPv6 ranges, including compressed forms and /0', () => {
    const allowed = createAllowList(['2001:db8:abcd::/48', '::1']);
    assert.equal(allowed('2001:db8:abcd:12::5'), true);
    assert.equal(allowed('2001:0db8:abcd:0000:0000:0000:0000:0001'), true);
    assert.equal(allowed('2001:db8:abce::1'), false);
    assert.equal(allowed('::1'), true);
    assert.equal(allowed('::2'), false);
    assert.equal(allowed('10.0.0.1'), false);
    const everyone = createAllowList(['0.0.0.0/0', '::/0']);
    assert.equal(everyone('203.0.113.9'), true);
    assert.equal(everyone('2001:db8::9'), true);
  });

  test('an address that is not an IP is never allowed', () => {
    assert.equal(createAllowList(['0.0.0.0/0'])('not-an-ip'), false);
  });

  test('bad ranges throw an error naming the range and the problem', () => {
    assert.throws(() => parseCidr('10.0.0.0/33'), /'10\.0\.0\.0\/33' must be 0 to 32/);
    assert.throws(() => parseCidr('::/129'), /'::\/129' must be 0 to 128/);
    assert.throws(() => parseCidr('10.0.0.0/'), /prefix length in '10\.0\.0\.0\/'/);
    assert.throws(() => parseCidr('10.0.0.0/8x'), /prefix length/);
    assert.throws(() => parseCidr('example.com/8'), /'example\.com\/8' is not an IP address/);
    assert.throws(() => parseCidr('300.1.1.1'), /not an IP address/);
    assert.throws(() => createAllowList(['10.0.0.0/8', 'bogus']), /--syslog-allow: 'bogus'/);
    assert.deepEqual(parseCidr('fe80::1/10'), { family: 'ipv6', address: 'fe80::1', prefix: 10 });
  });
});
