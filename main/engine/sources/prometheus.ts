/**
 * The Prometheus source (`--prometheus URL`): reads the fleet's request
 * counters through Prometheus's HTTP API at the scrape resolution and hands
 * the engine one point per second, plus its state (see docs/reference/metrics.md,
 * "Reading a fleet"). While Prometheus is down, slow or failing it hands out
 * no points at all (the engine must not see zeros, which would be a false
 * recovery) and retries with backoff; when it answers again the gap is read
 * back, so the window is whole.
 */
import { clockTime } from '../../common/format';
import { systemClock, type Clock, type TimerHandle } from '../api';
import {
  displayUrl,
  parseBaseUrl,
  PrometheusFailure,
  queryMatrix,
  type ApiTarget,
} from './prometheus-api';
import { FleetSeconds, REQUESTS, SECTION_REQUESTS, type FleetPoint } from './prometheus-fleet';
import { parseSelector, selectorFor } from './prometheus-selector';

export type { FleetPoint } from './prometheus-fleet';

/** What the source is doing; `code` says why it is not following. */
export interface PrometheusState {
  state: 'following' | 'waiting' | 'error';
  code: 'prometheus-down' | 'prometheus-error' | 'prometheus-slow' | 'no-instances' | null;
  message: string;
  /** Unix ms of the next attempt after a failure; null while following. */
  retryAt: number | null;
}

/** Where points and states go. */
export interface PrometheusSink {
  point(p: FleetPoint): void;
  /** The points of one read have all been handed out (called only after one or more). */
  endBatch?(): void;
  state(s: PrometheusState): void;
}

export interface PrometheusSourceOptions {
  /** Base URL of Prometheus. */
  url: string;
  /** Label matchers merged into every query, e.g. `{job="web"}`. */
  selector?: string;
  /** Bearer token (the caller reads it from `--prometheus-token-file`). */
  token?: string;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
  /** A read taking longer is abandoned as `prometheus-slow`. Default 5000 ms. */
  timeoutMs?: number;
  /** Seconds read back at start, to fill the alert window. Default 180. */
  backfillSeconds?: number;
  sink: PrometheusSink;
}

export interface PrometheusSource {
  /** Begin polling, or resume after `pause` (the first read is immediate). */
  start(): void;
  /** Stop polling until `start`; the seconds in between are read back then. */
  pause(): void;
  /** Read now and hand out what is complete; resolves when done (serialized). */
  poll(): Promise<void>;
  dispose(): void;
}

/** Retry delays after consecutive failures: 1 s doubling to 30 s. */
export function backoffMs(failures: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
}

/** Throws an Error naming a bad URL or selector before anything starts. */
export function createPrometheusSource(o: PrometheusSourceOptions): PrometheusSource {
  const base = parseBaseUrl(o.url);
  const matchers = parseSelector(o.selector);
  const clock = o.clock ?? systemClock;
  const timeoutMs = o.timeoutMs ?? 5000;
  const target: ApiTarget = { base, token: o.token, fetch: o.fetch ?? globalThis.fetch };
  const where = displayUrl(base);
  const fleet = new FleetSeconds();
  const series = selectorFor(`__name__=~"${REQUESTS}|${SECTION_REQUESTS}|up"`, matchers);
  let failures = 0;
  let timer: TimerHandle | null = null;
  let running: Promise<void> | null = null;
  let disposed = false;
  let paused = false;
  let last = '';

  const setState = (s: PrometheusState) => {
    const key = `${s.state} ${s.code} ${s.message}`;
    if (key === last) return;
    last = key;
    o.sink.state(s);
  };
  const intervalMs = () => Math.min(60_000, Math.max(1000, fleet.scrapeIntervalMs() ?? 1000));

  /** Seconds to read back: from the oldest sample still needed, plus two scrapes of margin. */
  const rangeSeconds = () => {
    const since = fleet.needsSince();
    const back = o.backfillSeconds ?? 180;
    if (since === null) return back;
    const need = Math.ceil((clock.now() - since + 2 * intervalMs()) / 1000);
    return Math.min(Math.max(need, 2 * Math.ceil(intervalMs() / 1000)), Math.max(back, 3600));
  };

  /** One read; the points it completed, and when to read next. */
  async function readOnce(): Promise<{ points: FleetPoint[]; next: number }> {
    const abort = new AbortController();
    const t = clock.setTimeout(() => abort.abort(), timeoutMs);
    try {
      const answer = await queryMatrix(
        target,
        `${series}[${rangeSeconds()}s]`,
        abort.signal,
        timeoutMs / 1000,
      );
      if (disposed) return { points: [], next: 0 };
      failures = 0;
      fleet.ingest(answer);
      const points = fleet.drain();
      if (fleet.known().some((i) => i.up))
        setState({ state: 'following', code: null, message: `Following ${where}`, retryAt: null });
      else
        setState({
          state: 'waiting',
          code: 'no-instances',
          message: `Prometheus at ${where} has no live ${REQUESTS} series for ${o.selector || 'any target'}`,
          retryAt: null,
        });
      return { points, next: intervalMs() };
    } catch (caught) {
      // An answer that does not have the documented shape is Prometheus's error, not a crash.
      const err =
        caught instanceof PrometheusFailure
          ? caught
          : new PrometheusFailure(
              'prometheus-error',
              `Prometheus at ${where} gave an answer that cannot be read (${(caught as Error).message})`,
            );
      failures++;
      const wait = backoffMs(failures);
      const retryAt = clock.now() + wait;
      const permanent = err.status !== null && err.status >= 400 && err.status < 500;
      setState({
        state: permanent ? 'error' : 'waiting',
        code: err.code,
        message: `${err.message}${err.status === 400 && o.selector ? ` (selector ${o.selector})` : ''}; retrying at ${clockTime(retryAt)}`,
        retryAt,
      });
      return { points: [], next: wait };
    } finally {
      clock.clearTimeout(t);
    }
  }

  const schedule = (ms: number) => {
    if (disposed || paused) return;
    timer = clock.setTimeout(() => {
      timer = null;
      void poll();
    }, ms);
  };

  function poll(): Promise<void> {
    if (running) return running;
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    running = readOnce().then(({ points, next }) => {
      running = null;
      schedule(next);
      // Outside readOnce: a consumer's error is its own, not Prometheus's.
      for (const p of points) o.sink.point(p);
      if (points.length > 0) o.sink.endBatch?.();
    });
    return running;
  }

  return {
    start() {
      paused = false;
      void poll();
    },
    pause() {
      paused = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
    poll,
    dispose() {
      disposed = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
