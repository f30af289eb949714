/**
 * Client hosts made less identifying before they are kept for months in the
 * history database: an IPv4 address becomes its /24, an IPv6 address its /48,
 * a host name its registrable domain. Pure.
 *
 * What this cannot know: the registrable domain needs the Public Suffix List
 * (thousands of rules, updated often); only the common two-level suffixes
 * below are known, so `a.b.kawasaki.jp` gives `kawasaki.jp`, and a shared
 * hosting suffix such as `github.io` keeps every user's site under one name.
 * A /24 or /48 may still be one household or one company.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** Second-level suffixes under which names are registered (`bbc.co.uk`, `abc.net.au`). */
const TWO_LEVEL_SUFFIXES = new Set(
  (
    'co.uk org.uk ac.uk gov.uk me.uk net.uk ltd.uk plc.uk sch.uk nhs.uk ' +
    'com.au net.au org.au edu.au gov.au asn.au id.au ' +
    'co.nz net.nz org.nz govt.nz ac.nz ' +
    'co.jp ne.jp or.jp ac.jp go.jp ' +
    'co.kr or.kr ' +
    'com.br net.br org.br gov.br ' +
    'com.cn net.cn org.cn gov.cn edu.cn ' +
    'co.in net.in org.in gov.in ac.in ' +
    'co.za org.za gov.za ' +
    'com.mx com.ar com.tr com.tw com.hk com.sg com.my com.ph com.pk com.ng com.eg ' +
    'co.id co.il co.th com.ua com.pl com.ru'
  ).split(' '),
);

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail read). */
function ipv6Groups(addr: string): number[] {
  let text = addr;
  let v4: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const end = text.slice(lastColon + 1);
  if (isIPv4(end)) {
    const [a, b, c, d] = end.split('.').map(Number) as [number, number, number, number];
    v4 = [(a << 8) | b, (c << 8) | d];
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const gap = text.indexOf('::');
  if (gap < 0) return parse(text).concat(v4);
  const left = parse(text.slice(0, gap));
  const right = parse(text.slice(gap + 2)).concat(v4);
  return left.concat(new Array<number>(8 - left.length - right.length).fill(0), right);
}

/**
 * The /24 network of an IPv4 address as `isIPv4` reads it (four decimal
 * numbers up to 255, no leading zero), as a number below 2^24; -1 for
 * anything else. Addresses with one number have one `anonymizeHost`.
 */
export function ipv4Network(host: string): number {
  let net = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      net = net * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + c - 48;
      if (octet > 255) return -1;
      digits++;
    } else return -1;
  }
  return dots === 3 && digits > 0 ? net : -1;
}

function ipv4Prefix(addr: string): string {
  return addr.slice(0, addr.lastIndexOf('.')) + '.0/24';
}

function registrableDomain(name: string): string {
  const labels = name.split('.');
  if (labels.length <= 2 || labels.some((l) => l === '')) return name;
  const lastTwo = labels.slice(-2).join('.');
  return labels.slice(TWO_LEVEL_SUFFIXES.has(lastTwo) ? -3 : -2).join('.');
}

/**
 * `203.0.113.7` → `203.0.113.0/24`; `2001:db8:1:2::1` → `2001:db8:1::/48`;
 * `::ffff:192.0.2.1` → `192.0.2.0/24`; `piweba3y.prodigy.com` → `prodigy.com`;
 * `a.b.co.uk` → `b.co.uk`. Anything else (`-`, `localhost`) is returned as given.
 */
export function anonymizeHost(host: string): string {
  // Most hosts: an IPv4 address as logged, which needs none of the cleaning below
  // (that cleaning was most of the history's cost of a new host).
  if (ipv4Network(host) >= 0) return ipv4Prefix(host);
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  const zone = h.indexOf('%');
  if (zone > 0 && h.includes(':')) h = h.slice(0, zone);
  if (isIPv4(h)) return ipv4Prefix(h);
  if (isIPv6(h)) {
    const g = ipv6Groups(h);
    const mapped = g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
    if (mapped) return ipv4Prefix(`${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`);
    const prefix = g.slice(0, 3);
    while (prefix.length > 0 && prefix[prefix.length - 1] === 0) prefix.pop();
    return `${prefix.map((x) => x.toString(16)).join(':')}::/48`;
  }
  if (h.endsWith('.')) h = h.slice(0, -1);
  // A name has a dot: one word (`localhost`, or `GET` leading a malformed line) is kept as given.
  if (h.includes('.') && /^[a-z0-9.-]+$/.test(h) && /[a-z]/.test(h.slice(h.lastIndexOf('.') + 1)))
    return registrableDomain(h);
  return host;
}

/**
 * `anonymizeHost` remembering its answers, for the per-line path: a host comes
 * back line after line, so it is worked out once. Forgets everything once it
 * holds `limit` hosts, so memory stays bounded under a flood of new ones.
 */
export function cachedAnonymizer(limit = 50_000): (host: string) => string {
  const known = new Map<string, string>();
  return (host) => {
    let name = known.get(host);
    if (name === undefined) {
      if (known.size >= limit) known.clear();
      name = anonymizeHost(host);
      // A host sliced from a line would keep the whole line alive in the map: keep a copy.
      known.set((' ' + host).slice(1), name);
    }
    return name;
  };
}

/** The first run of characters a host can have, after a quote as CSV rows begin. */
const LEADING_HOST = /^("?)([0-9A-Za-z.:%[\]-]+)/;

/**
 * A line (a malformed sample) with its leading host anonymised, as common and
 * combined lines begin. Other lines are returned as given.
 */
export function maskLeadingHost(line: string): string {
  const m = LEADING_HOST.exec(line);
  if (m === null) return line;
  const [whole, quote, host] = m as unknown as [string, string, string];
  const name = anonymizeHost(host);
  return name === host ? line : quote + name + line.slice(whole.length);
}

/** Runs of the characters an IP address (with a `:port`) is written with. */
const ADDRESS_LIKE = /[0-9A-Fa-f:.]+/g;

/** An IPv4 or IPv6 address, or an IPv4 address with a port, anonymised; anything else: null. */
function maskAddress(token: string): string | null {
  if (isIPv4(token) || isIPv6(token)) return anonymizeHost(token);
  const colon = token.lastIndexOf(':');
  if (colon > 0 && /^\d+$/.test(token.slice(colon + 1)) && isIPv4(token.slice(0, colon)))
    return anonymizeHost(token.slice(0, colon)) + token.slice(colon);
  return null;
}

/**
 * A malformed sample with every client address in it anonymised: the leading
 * host (maskLeadingHost), and every IPv4 or IPv6 address further on, such as
 * a W3C line's `c-ip` or a forwarded-for list. Names further on (a referrer's
 * site) are not clients and stay. Times such as `09:00:00` are not addresses.
 */
export function maskHosts(line: string): string {
  const lead = LEADING_HOST.exec(line)?.[0].length ?? 0;
  const rest = line.slice(lead).replace(ADDRESS_LIKE, (token) => maskAddress(token) ?? token);
  return maskLeadingHost(line.slice(0, lead)) + rest;
}
