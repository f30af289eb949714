/**
 * A syslog receiver as a line source: `udp://` or `tcp://` (RFC 3164 and
 * 5424 messages; on TCP, octet-counted or newline framing). Each message's
 * text is a log line of the source `HOST/TAG` from its header. Binds
 * loopback unless told otherwise. See docs/reference/sources.md.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIP, type Server, type Socket } from 'node:net';
import { createAllowList } from './cidr';
import { parseSyslogMessage } from './syslog-frame';
import { createSyslogDeframer } from './syslog-stream';
import { bindWarning, formatSyslogUrl, parseSyslogUrl } from './syslog-url';
import { sample, type LineSource, type SourceSinks } from './types';
import { readUdpDrops } from './udp-drops';

export interface SyslogSourceOptions {
  /** CIDR ranges of accepted senders; empty or absent accepts any that can reach the socket. */
  allow?: readonly string[];
  sinks: SourceSinks;
  /** Prints a warning for the user (the non-loopback bind). */
  warn(message: string): void;
  /** Wall clock for batch times. */
  now?: () => number;
  /**
   * UDP: ask the kernel for this receive buffer (it caps the request at
   * net.core.rmem_max). Absent: the system default. A bigger buffer rides out
   * longer pauses of this process before datagrams are dropped.
   */
  receiveBufferBytes?: number;
}

/** What a listener has seen, for the summary. */
export interface SyslogCounters {
  /** Messages taken as log lines. */
  messages: number;
  /** Frames that were not syslog messages (also reported to `sinks.malformed`). */
  malformed: number;
  /** Datagrams or connections from senders outside the allow-list, dropped. */
  denied: number;
}

/** A running listener. */
export interface SyslogSource extends LineSource {
  /** The address as bound (the real port once started): also the name of its state and bad frames. */
  readonly url: string;
  /** Bound port; 0 before start. */
  readonly port: number;
  counters(): SyslogCounters;
  /** Datagrams the kernel dropped on a full receive buffer (Linux); null for TCP or where unknown. */
  udpDrops(): number | null;
  /** UDP: the receive buffer the kernel granted, in bytes (Linux reports double the payload room); null for TCP or before start. */
  receiveBuffer(): number | null;
}

/** Simultaneous TCP senders; more are refused so memory stays bounded (64 KiB each at most). */
const MAX_CONNECTIONS = 256;

/** Creates a listener; throws an Error naming the problem for a bad URL or CIDR. */
export function createSyslogSource(url: string, options: SyslogSourceOptions): SyslogSource {
  const address = parseSyslogUrl(url);
  const wanted = options.receiveBufferBytes;
  if (wanted !== undefined && !(Number.isSafeInteger(wanted) && wanted > 0)) {
    throw new Error(
      `--syslog ${url}: receive buffer must be a positive number of bytes, got ${wanted}`,
    );
  }
  const allowed = options.allow?.length ? createAllowList(options.allow) : () => true;
  const { sinks, now = Date.now } = options;
  const counters: SyslogCounters = { messages: 0, malformed: 0, denied: 0 };
  let boundPort = 0;
  let disposed = false;
  const label = () => formatSyslogUrl({ ...address, port: boundPort || address.port });

  // Lines wait for the end of this event-loop turn, grouped by source, so a burst is one batch each.
  let pending = new Map<string, string[]>();
  let flushTimer: NodeJS.Immediate | null = null;
  function flush(): void {
    flushTimer = null;
    const ready = pending;
    pending = new Map();
    const at = now();
    for (const [source, lines] of ready) sinks.lines({ source, lines, at });
  }

  function accept(text: string, sender: string): void {
    if (disposed) return;
    const m = parseSyslogMessage(text);
    if (!m.ok) return bad(sample(text), m.reason);
    counters.messages++;
    const source = `${m.host ?? sender}/${m.tag ?? '-'}`;
    let lines = pending.get(source);
    if (!lines) pending.set(source, (lines = []));
    if (m.message.includes('\n'))
      lines.push(...m.message.split('\n').map((l) => l.replace(/\r$/, '')));
    else lines.push(m.message);
    flushTimer ??= setImmediate(flush);
  }

  /** A frame that is not a syslog message: counted, and reported by its start. */
  function bad(text: string, reason: string): void {
    counters.malformed++;
    sinks.malformed(label(), text, reason);
  }

  let udp: UdpSocket | null = null;
  let tcp: Server | null = null;
  const connections = new Set<Socket>();

  function failed(err: Error): Error {
    const code = (err as NodeJS.ErrnoException).code;
    return new Error(`--syslog ${url}: cannot listen: ${err.message}${code ? ` (${code})` : ''}`);
  }

  function startUdp(): Promise<number> {
    const socket = createSocket(isIP(address.host) === 6 ? 'udp6' : 'udp4');
    udp = socket;
    socket.on('message', (msg, rinfo) => {
      if (!allowed(rinfo.address)) counters.denied++;
      else accept(msg.toString('utf8'), rinfo.address);
    });
    return new Promise((resolve, reject) => {
      socket.once('error', (err) => reject(failed(err)));
      socket.bind({ port: address.port, address: address.host }, () => {
        socket.removeAllListeners('error');
        socket.on('error', socketError);
        if (wanted) socket.setRecvBufferSize(wanted);
        resolve(socket.address().port);
      });
    });
  }

  function startTcp(): Promise<number> {
    const server = createServer((socket) => {
      if (!allowed(socket.remoteAddress ?? '')) {
        counters.denied++;
        socket.destroy();
        return;
      }
      connections.add(socket);
      const sender = socket.remoteAddress ?? '-';
      const deframer = createSyslogDeframer({ frame: (text) => accept(text, sender), bad });
      socket.on('data', (chunk: Buffer) => deframer.push(chunk));
      socket.on('error', () => {}); // a reset sender just ends its connection; 'close' follows
      socket.once('close', () => {
        connections.delete(socket);
        deframer.end();
      });
    });
    server.maxConnections = MAX_CONNECTIONS;
    tcp = server;
    return new Promise((resolve, reject) => {
      server.once('error', (err) => reject(failed(err)));
      server.listen({ port: address.port, host: address.host }, () => {
        server.removeAllListeners('error');
        server.on('error', socketError);
        const a = server.address();
        resolve(typeof a === 'object' && a ? a.port : address.port);
      });
    });
  }

  function socketError(err: Error): void {
    sinks.state({
      source: label(),
      state: 'error',
      code: 'syslog-socket-error',
      message: err.message,
    });
  }

  const source: SyslogSource = {
    done: new Promise<void>(() => {}),
    get url() {
      return label();
    },
    get port() {
      return boundPort;
    },
    counters: () => ({ ...counters }),
    udpDrops() {
      if (!udp || boundPort === 0) return null;
      return readUdpDrops(boundPort, isIP(address.host) === 6 ? 'ipv6' : 'ipv4');
    },
    receiveBuffer() {
      return udp && boundPort !== 0 ? udp.getRecvBufferSize() : null;
    },
    async start() {
      const warning = bindWarning(address);
      if (warning) options.warn(warning);
      boundPort = await (address.protocol === 'udp' ? startUdp() : startTcp());
      sinks.state({
        source: label(),
        state: 'following',
        code: 'syslog-listening',
        message: `listening for syslog on ${label()}`,
      });
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      for (const socket of connections) socket.destroy();
      if (flushTimer) {
        clearImmediate(flushTimer);
        flush();
      }
      if (udp) {
        const socket = udp;
        await new Promise<void>((resolve) => {
          try {
            socket.close(() => resolve());
          } catch {
            resolve(); // never bound: nothing to close
          }
        });
      }
      if (tcp) {
        const server = tcp;
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
  return source;
}
