/**
 * Server-Sent Events fan-out. Events are batched and flushed at most every
 * `flushMs`, so a fast replay does not flood a browser; a backlog too large to
 * be worth sending event by event is replaced by one fresh snapshot. A client
 * whose socket is backed up is skipped until it drains, then resynchronised
 * with a snapshot: memory stays bounded whatever the clients do.
 *
 * A batch that carries seconds also carries the snapshot's live figures (a
 * `figures` event, a few kB): the page keeps its panels current from the
 * stream alone and fetches the whole snapshot only at load and on reconnect.
 */
import type { ServerResponse } from 'node:http';
import type { FiguresEvent, PushEvent } from '../common/api';
import type { MalformedEvent, Snapshot } from '../common/types';
import { systemClock, type Clock, type TimerHandle } from '../engine/api';

export interface PushHubOptions {
  snapshot: () => Snapshot;
  /** Longest a pushed event waits before it is sent, ms. Default 250. */
  flushMs?: number;
  /** Comment sent to idle streams so proxies keep them open, ms. Default 15000. */
  heartbeatMs?: number;
  /** More pending events than this are replaced by a snapshot. Default 5000. */
  maxPending?: number;
  /** A client with more unsent bytes than this is skipped until it drains. Default 1 MiB. */
  maxBuffered?: number;
  clock?: Clock;
}

export interface PushHub {
  /** Start streaming to a response whose headers are already set: a snapshot first. */
  add(res: ServerResponse): void;
  publish(event: PushEvent): void;
  /** The next flush sends a fresh snapshot (settings changed, engine restarted). */
  invalidate(): void;
  readonly clients: number;
  close(): void;
}

interface Client {
  res: ServerResponse;
  stale: boolean;
}

/** The same samples: the page keeps its copy until they change. */
function sameSamples(a: MalformedEvent[] | null, b: MalformedEvent[]): boolean {
  return (
    a !== null &&
    a.length === b.length &&
    a.every((e, i) => e.at === b[i]!.at && e.line === b[i]!.line)
  );
}

/** Create the hub; it owns its flush and heartbeat timers until close(). */
export function createPushHub(options: PushHubOptions): PushHub {
  const clock = options.clock ?? systemClock;
  const flushMs = options.flushMs ?? 250;
  const maxPending = options.maxPending ?? 5000;
  const maxBuffered = options.maxBuffered ?? 1024 * 1024;
  const clients = new Set<Client>();
  let pending: PushEvent[] = [];
  let snapshotDue = false;
  let timer: TimerHandle | null = null;
  let seq = 0;
  /** The malformed samples last sent in a figures event (resent only when they change). */
  let sentSamples: MalformedEvent[] | null = null;

  const message = (events: PushEvent[]) => `id: ${++seq}\ndata: ${JSON.stringify(events)}\n\n`;
  const snapshotEvent = (): PushEvent => ({ type: 'snapshot', snapshot: options.snapshot() });

  function figuresEvent(): FiguresEvent {
    const s = options.snapshot();
    const event: FiguresEvent = { type: 'figures', at: s.at, stats: s.stats };
    if (s.inputs) event.inputs = s.inputs;
    if (s.instances) event.instances = s.instances;
    if (!sameSamples(sentSamples, s.malformedSamples)) {
      event.malformedSamples = s.malformedSamples;
      sentSamples = s.malformedSamples;
    }
    return event;
  }

  function write(client: Client, text: string) {
    if (client.stale) return;
    client.res.write(text);
    if (client.res.writableLength > maxBuffered) client.stale = true;
  }

  function flush() {
    timer = null;
    const events = snapshotDue ? [snapshotEvent(), ...pending] : pending;
    if (snapshotDue) sentSamples = null;
    // Figures after the seconds they follow, unless a snapshot already holds them.
    if (!snapshotDue && pending.some((e) => e.type === 'second')) events.push(figuresEvent());
    pending = [];
    snapshotDue = false;
    if (events.length === 0) return;
    const text = message(events);
    for (const c of clients) write(c, text);
  }

  function schedule() {
    if (timer === null) timer = clock.setTimeout(flush, flushMs);
  }

  const heartbeat = clock.setInterval(() => {
    for (const c of clients) write(c, ': ping\n\n');
  }, options.heartbeatMs ?? 15000);

  return {
    add(res) {
      const client: Client = { res, stale: false };
      clients.add(client);
      res.on('drain', () => {
        if (!client.stale) return;
        client.stale = false;
        write(client, message([snapshotEvent()]));
      });
      res.on('close', () => clients.delete(client));
      // A reconnecting EventSource (Last-Event-ID) is resumed by a fresh snapshot:
      // the page merges it by time, so nothing is lost or counted twice.
      write(client, `retry: 2000\n\n${message([snapshotEvent()])}`);
    },
    publish(event) {
      if (clients.size === 0) return;
      pending.push(event);
      if (pending.length > maxPending) {
        pending = [];
        snapshotDue = true;
      }
      schedule();
    },
    invalidate() {
      if (clients.size === 0) return;
      pending = [];
      snapshotDue = true;
      schedule();
    },
    get clients() {
      return clients.size;
    },
    close() {
      if (timer !== null) clock.clearTimeout(timer);
      clock.clearInterval(heartbeat);
      for (const c of clients) c.res.end();
      clients.clear();
    },
  };
}
