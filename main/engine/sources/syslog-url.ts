/**
 * `--syslog udp://HOST:PORT` / `tcp://HOST:PORT`: reading the address and
 * deciding whether binding it needs the no-authentication warning. Pure.
 * See docs/reference/sources.md.
 */
import { isIP } from 'node:net';

/** Where a syslog listener binds. */
export interface SyslogAddress {
  protocol: 'udp' | 'tcp';
  /** An address or a name; 127.0.0.1 when the URL gives none. */
  host: string;
  /** 0 picks a free port. */
  port: number;
}

const URL_SHAPE = /^(udp|tcp):\/\/(?:\[([^\]]*)\]|([^:/[\]]*))(?::(\d*))?\/?$/i;

/** Parses a `--syslog` URL; throws an Error naming what is wrong. */
export function parseSyslogUrl(url: string): SyslogAddress {
  const m = URL_SHAPE.exec(url);
  if (!m) throw new Error(`--syslog: '${url}' is not udp://HOST:PORT or tcp://HOST:PORT`);
  const host = m[2] ?? (m[3] || '127.0.0.1');
  if (m[2] !== undefined && isIP(host) !== 6) {
    throw new Error(`--syslog: '${m[2]}' in '${url}' is not an IPv6 address`);
  }
  if (!m[4]) throw new Error(`--syslog: '${url}' has no port (use :0 for any free port)`);
  const port = Number(m[4]);
  if (port > 65535) throw new Error(`--syslog: port ${m[4]} in '${url}' is not 0 to 65535`);
  return { protocol: m[1]!.toLowerCase() as 'udp' | 'tcp', host, port };
}

/** The URL for an address, bracketing IPv6. */
export function formatSyslogUrl({ protocol, host, port }: SyslogAddress): string {
  return `${protocol}://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/** Whether `host` is this machine only (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** The warning to print before binding `address`, or null on loopback. */
export function bindWarning(address: SyslogAddress): string | null {
  if (isLoopbackHost(address.host)) return null;
  return (
    `warning: syslog has no authentication: anyone who can reach ${formatSyslogUrl(address)} ` +
    `can add lines to this monitor; limit senders with --syslog-allow CIDR`
  );
}
