/**
 * The little of Prometheus's HTTP API the fleet source needs: an instant query
 * whose answer is a matrix of raw samples. Every way it can go wrong becomes a
 * `PrometheusFailure` with a code and a message that names the server, never the token.
 */
import type { RawSeries } from './prometheus-fleet';

/** Why a read failed: unreachable, an error answer, or no answer in time. */
export type FailureCode = 'prometheus-down' | 'prometheus-error' | 'prometheus-slow';

/** A failed read, with a message for people. `status` is the HTTP status of an error answer. */
export class PrometheusFailure extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** Where and how to ask. */
export interface ApiTarget {
  /** Base URL of Prometheus, e.g. `http://prometheus:9090/` (a path prefix is kept). */
  base: URL;
  token?: string;
  fetch: typeof globalThis.fetch;
}

/** The server as shown in messages: no user, password, query or fragment. */
export function displayUrl(base: URL): string {
  return `${base.protocol}//${base.host}${base.pathname}`;
}

/** Check and normalise the `--prometheus` URL; throws an Error naming it. */
export function parseBaseUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--prometheus ${JSON.stringify(url)}: not a URL (like http://prometheus:9090)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new Error(`--prometheus ${JSON.stringify(url)}: only http and https are supported`);
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  u.search = '';
  u.hash = '';
  return u;
}

function reason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
}

/**
 * Run `promql` (which must select a range: a matrix) at Prometheus's current
 * time. `signal` aborts the request; an abort is reported as `prometheus-slow`.
 */
export async function queryMatrix(
  target: ApiTarget,
  promql: string,
  signal: AbortSignal,
  timeoutSeconds: number,
): Promise<RawSeries[]> {
  const where = displayUrl(target.base);
  const url = new URL('api/v1/query', target.base);
  url.searchParams.set('query', promql);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (target.token) headers.Authorization = `Bearer ${target.token}`;
  let res: Response;
  let text: string;
  try {
    res = await target.fetch(url, { headers, signal });
    text = await res.text();
  } catch (err) {
    if (signal.aborted)
      throw new PrometheusFailure(
        'prometheus-slow',
        `Prometheus at ${where} did not answer within ${timeoutSeconds} s`,
      );
    throw new PrometheusFailure(
      'prometheus-down',
      `Prometheus at ${where} is unreachable (${reason(err)})`,
    );
  }
  let body: { status?: string; error?: string; data?: { resultType?: string; result?: unknown } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = {};
  }
  if (!res.ok || body.status !== 'success') {
    const detail = body.error ?? (text.slice(0, 200).trim() || res.statusText);
    throw new PrometheusFailure(
      'prometheus-error',
      `Prometheus at ${where} answered HTTP ${res.status}: ${detail}`,
      res.status,
    );
  }
  if (body.data?.resultType !== 'matrix' || !Array.isArray(body.data.result))
    throw new PrometheusFailure(
      'prometheus-error',
      `Prometheus at ${where} answered with ${body.data?.resultType ?? 'no data'}, not a matrix`,
      res.status,
    );
  return body.data.result as RawSeries[];
}
