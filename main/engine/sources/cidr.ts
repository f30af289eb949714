/**
 * The `--syslog-allow CIDR` allow-list: which sender addresses may feed a
 * syslog listener. IPv4 and IPv6; an IPv4 sender seen on a dual-stack socket
 * (`::ffff:10.1.2.3`) matches IPv4 ranges. Matching is node:net's BlockList,
 * so this module only validates and normalises.
 */
import { BlockList, isIP } from 'node:net';

/** One parsed range. */
export interface Cidr {
  family: 'ipv4' | 'ipv6';
  address: string;
  prefix: number;
}

/** Parses `ADDRESS/PREFIX` (or a bare address: that one host); throws an Error naming the problem. */
export function parseCidr(text: string): Cidr {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const version = isIP(address);
  if (version === 0)
    throw new Error(`--syslog-allow: '${text}' is not an IP address or CIDR range`);
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const bits = version === 4 ? 32 : 128;
  const prefixText = slash < 0 ? String(bits) : text.slice(slash + 1);
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) {
    throw new Error(`--syslog-allow: prefix length in '${text}' must be 0 to ${bits}`);
  }
  return { family, address, prefix };
}

/** A predicate for sender addresses; throws on the first bad range. */
export function createAllowList(ranges: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const text of ranges) {
    const { family, address, prefix } = parseCidr(text);
    list.addSubnet(address, prefix, family);
  }
  return (address) => {
    const version = isIP(address);
    if (version === 0) return false;
    return list.check(address, version === 4 ? 'ipv4' : 'ipv6');
  };
}
