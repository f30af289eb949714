/**
 * Datagrams the kernel dropped for one UDP socket because its receive buffer
 * was full. Syslog over UDP cannot tell which lines were lost, only how many,
 * and only where the platform exposes it: Linux's /proc/net/udp{,6} `drops`
 * column. Elsewhere the answer is null (unknown), never 0.
 */
import { readFileSync } from 'node:fs';

/**
 * The `drops` of the socket bound to local `port` in a /proc/net/udp table
 * (summed if several sockets share the port), or null if none is listed.
 */
export function dropsForPort(table: string, port: number): number | null {
  const [head = '', ...rows] = table.split('\n');
  // Rows read `N: LOCAL_HEX_ADDR:HEX_PORT REMOTE ... drops`; `drops` is the last column.
  if (!head.trim().endsWith('drops')) return null;
  let total: number | null = null;
  for (const row of rows) {
    const fields = row.trim().split(/\s+/);
    const local = fields[1];
    if (!local || parseInt(local.slice(local.lastIndexOf(':') + 1), 16) !== port) continue;
    const drops = Number(fields[fields.length - 1]);
    if (Number.isSafeInteger(drops)) total = (total ?? 0) + drops;
  }
  return total;
}

/** Reads the live tables; null where there are none (not Linux) or the port is not listed. */
export function readUdpDrops(port: number, family: 'ipv4' | 'ipv6'): number | null {
  try {
    return dropsForPort(
      readFileSync(family === 'ipv4' ? '/proc/net/udp' : '/proc/net/udp6', 'utf8'),
      port,
    );
  } catch {
    return null;
  }
}
