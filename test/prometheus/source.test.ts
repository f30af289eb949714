/**
 * The Prometheus source's behaviour when Prometheus misbehaves, on a fake
 * clock and a fake `fetch`: states, backoff, no points while down, the gap read
 * back on return. (Against the real Prometheus: prometheus-live.test.ts.)
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffMs,
  createPrometheusSource,
  type FleetPoint,
  type PrometheusState,
} from '../../main/engine/sources/prometheus';
import { fakeClock } from '../engine/fixtures/follow-helpers';

const TIMEOUT = 4321;

/** A fake Prometheus answering with `answer()`; records requests. */
function harness(answer: (url: URL, signal: AbortSignal) => Promise<Response>) {
  const clock = fakeClock(1_700_000_000_000);
  const delays: number[] = [];
  const setTimeout = clock.setTimeout;
  clock.setTimeout = (fn, ms) => {
    if (ms !== TIMEOUT) delays.push(ms);
    return setTimeout(fn, ms);
  };
  const requests: { url: URL; auth: string | null }[] = [];
  const points: FleetPoint[] = [];
  const states: PrometheusState[] = [];
  const fetch = (async (input: URL, init: RequestInit) => {
    requests.push({ url: input, auth: new Headers(init.headers).get('authorization') });
    return answer(input, init.signal!);
  }) as typeof globalThis.fetch;
  const source = createPrometheusSource({
    url: 'http://user:secret@127.0.0.1:9/prom',
    selector: '{job="web"}',
    token: 's3cret-token',
    clock,
    fetch,
    timeoutMs: TIMEOUT,
    sink: { point: (p) => points.push(p), state: (s) => states.push(s) },
  });
  return { clock, delays, requests, points, states, source };
}

const refused = () =>
  Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }));
const json = (body: unknown, status = 200) =>
  Promise.resolve(new Response(JSON.stringify(body), { status }));

/** A matrix answer: instance `a`, `n` samples one second apart from `from` (Unix s), 4 req/s. */
function matrix(from: number, n: number) {
  const ts = Array.from({ length: n }, (_, i) => from + i + 0.5);
  return {
    status: 'success',
    data: {
      resultType: 'matrix',
      result: [
        {
          metric: {
            __name__: 'http_console_requests_total',
            instance: 'a',
            status_class: '2xx',
            section: '/',
          },
          values: ts.map((t) => [t, String((t - 0.5) * 4)]),
        },
        { metric: { __name__: 'up', instance: 'a' }, values: ts.map((t) => [t, '1']) },
      ],
    },
  };
}

describe('Prometheus source', () => {
  test('unreachable: waiting/prometheus-down, backoff 1 s doubling to 30 s, no points', async () => {
    const h = harness(refused);
    for (let i = 0; i < 7; i++) await h.source.poll();
    assert.deepEqual(h.delays, [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    assert.equal(h.points.length, 0);
    const s = h.states.at(-1)!;
    assert.equal(s.state, 'waiting');
    assert.equal(s.code, 'prometheus-down');
    assert.equal(s.retryAt, h.clock.now() + 30000);
    assert.match(
      s.message,
      /^Prometheus at http:\/\/127\.0\.0\.1:9\/prom\/ is unreachable \(ECONNREFUSED\); retrying at \d\d:\d\d:\d\d$/,
    );
    assert.ok(!JSON.stringify(h.states).includes('secret'), 'no password or token in a message');
    h.source.dispose();
  });

  test('asks for raw samples of the counters and up, with the selector and the bearer token', async () => {
    const h = harness(() => json(matrix(1_700_000_000, 5)));
    await h.source.poll();
    const { url, auth } = h.requests[0]!;
    assert.equal(url.pathname, '/prom/api/v1/query');
    assert.equal(
      url.searchParams.get('query'),
      '{__name__=~"http_console_requests_total|http_console_section_requests_total|up",job="web"}[180s]',
    );
    assert.equal(auth, 'Bearer s3cret-token');
    assert.equal(h.states.at(-1)!.state, 'following');
    assert.deepEqual(
      h.points.map((p) => p.hits),
      [4, 4, 4, 4],
    );
    h.source.dispose();
  });

  test('an error answer (a bad selector) is an error state naming the status, the reason and the selector', async () => {
    const h = harness(() =>
      json(
        {
          status: 'error',
          errorType: 'bad_data',
          error: 'invalid parameter "query": 1:27: parse error',
        },
        400,
      ),
    );
    await h.source.poll();
    const s = h.states.at(-1)!;
    assert.equal(s.state, 'error');
    assert.equal(s.code, 'prometheus-error');
    assert.match(
      s.message,
      /answered HTTP 400: invalid parameter "query": 1:27: parse error \(selector \{job="web"\}\)/,
    );
    assert.equal(h.points.length, 0);
    h.source.dispose();
  });

  test("a 503 or an answer that is not Prometheus's is waiting/prometheus-error, not a crash", async () => {
    let body: () => Promise<Response> = () =>
      Promise.resolve(new Response('starting up', { status: 503 }));
    const h = harness(() => body());
    await h.source.poll();
    assert.deepEqual(
      [h.states.at(-1)!.state, h.states.at(-1)!.code],
      ['waiting', 'prometheus-error'],
    );
    assert.match(h.states.at(-1)!.message, /HTTP 503: starting up/);
    body = () =>
      json({
        status: 'success',
        data: { resultType: 'matrix', result: [{ metric: {}, values: 7 }] },
      });
    await h.source.poll();
    assert.match(h.states.at(-1)!.message, /answer that cannot be read/);
    assert.equal(h.points.length, 0);
    h.source.dispose();
  });

  test('no answer in time: waiting/prometheus-slow', async () => {
    const h = harness(
      (_url, signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        ),
    );
    const polled = h.source.poll();
    h.clock.advance(TIMEOUT);
    await polled;
    const s = h.states.at(-1)!;
    assert.equal(s.code, 'prometheus-slow');
    assert.match(s.message, /did not answer within 4\.321 s/);
    h.source.dispose();
  });

  test('down for a while: no points meanwhile, then the gap is read back, each second once', async () => {
    let up = true;
    let now = 1_700_000_000;
    const h = harness(() => (up ? json(matrix(now - 10, 11)) : refused()));
    await h.source.poll();
    const before = h.points.length;
    up = false;
    for (let i = 0; i < 4; i++) {
      now += 5;
      h.clock.advance(5000);
      await h.source.poll();
    }
    assert.equal(h.points.length, before, 'nothing while down');
    assert.equal(h.states.at(-1)!.code, 'prometheus-down');
    up = true;
    h.clock.advance(5000);
    await h.source.poll();
    assert.equal(h.states.at(-1)!.state, 'following');
    const seconds = h.points.map((p) => p.at / 1000);
    assert.deepEqual(
      seconds,
      Array.from({ length: seconds.length }, (_, i) => seconds[0]! + i),
      'contiguous',
    );
    assert.equal(seconds.at(-1), now);
    assert.ok(
      h.points.every((p) => p.hits === 4),
      'every second of the gap at its real rate',
    );
    const range = /\[(\d+)s\]$/.exec(h.requests.at(-1)!.url.searchParams.get('query')!);
    assert.ok(Number(range![1]) > 20, `the range (${range![1]} s) reaches back over the 20 s gap`);
    h.source.dispose();
  });

  test('a bad URL or selector is refused before anything starts', () => {
    const sink = { point: () => {}, state: () => {} };
    assert.throws(
      () => createPrometheusSource({ url: 'prometheus:9090', sink }),
      /--prometheus "prometheus:9090": only http and https/,
    );
    assert.throws(
      () => createPrometheusSource({ url: 'not a url', sink }),
      /--prometheus "not a url": not a URL/,
    );
    assert.throws(
      () => createPrometheusSource({ url: 'http://p:9090', selector: 'job=web', sink }),
      /--prometheus-selector "job=web"/,
    );
  });

  test('backoff is capped at 30 s', () => {
    assert.deepEqual([1, 2, 3, 5, 6, 50].map(backoffMs), [1000, 2000, 4000, 16000, 30000, 30000]);
  });
});
