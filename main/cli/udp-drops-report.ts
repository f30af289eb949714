/**
 * Lines lost by the UDP syslog listeners: the kernel's count of datagrams
 * dropped on a full receive buffer, read for each listener the snapshot
 * lists. Where the platform does not say (not Linux), a listener is left out:
 * unknown is never shown as 0. See docs/reference/sources.md.
 */
import { isIP } from 'node:net';
import type { InputStatus } from '../common/types';
import { parseSyslogUrl } from '../engine/sources/syslog-url';
import { readUdpDrops } from '../engine/sources/udp-drops';

/** Datagrams one UDP listener lost. */
export interface UdpDrops {
  /** The listener as bound, `udp://HOST:PORT`. */
  listener: string;
  drops: number;
}

/** Reads the drop count of a bound port; null when unknown. */
export type DropReader = (port: number, family: 'ipv4' | 'ipv6') => number | null;

/** The drop counts of the snapshot's bound UDP listeners, where the platform gives them. */
export function udpDropsOf(
  inputs: readonly InputStatus[] | undefined,
  read: DropReader = readUdpDrops,
): UdpDrops[] {
  const out: UdpDrops[] = [];
  for (const input of inputs ?? []) {
    if (input.kind !== 'syslog') continue;
    let address;
    try {
      address = parseSyslogUrl(input.source);
    } catch {
      continue; // a sender's HOST/TAG, not a listener
    }
    if (address.protocol !== 'udp' || address.port === 0) continue; // TCP, or not bound yet
    const drops = read(address.port, isIP(address.host) === 6 ? 'ipv6' : 'ipv4');
    if (drops !== null) out.push({ listener: input.source, drops });
  }
  return out;
}

/**
 * `udpDropsOf` that remembers each listener's last count: the stop closes the
 * sockets before the final summary is printed, and a closed socket is no
 * longer in /proc/net/udp, so that summary would otherwise leave the drops out.
 */
export function lastKnownDrops(
  inputs: () => readonly InputStatus[] | undefined,
  read: DropReader = readUdpDrops,
): () => UdpDrops[] {
  const last = new Map<string, number>();
  return () => {
    const now = udpDropsOf(inputs(), read);
    for (const d of now) last.set(d.listener, d.drops);
    return [...last].map(([listener, drops]) => ({ listener, drops }));
  };
}
