/**
 * The web dashboard (`http-console serve`): the tray app's own page served
 * from the engine's process, with live pushes over Server-Sent Events,
 * `GET /api/snapshot`, `GET`/`POST /api/prefs` and `GET /metrics`; or, for
 * `http-console agent`, only the last two reads (see docs/reference/web.md).
 * Binds 127.0.0.1 by default; any other address requires the token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import type { Prefs, PrefsPatch } from '../common/prefs';
import type { Monitor } from '../engine/api';
import { findRendererDir, loadAssets, pageWithToken } from './assets';
import { generateToken, hostHeaderAllowed, isLoopbackHost, requestToken, sameSecret } from './auth';
import { isJsonContentType } from './content-type';
import { setSecurityHeaders } from './headers';
import { createHistoryRoute, type RangeSource } from './history-route';
import { METRICS_CONTENT_TYPE, renderMetrics } from './metrics';
import { createPrefsHolder } from './prefs-holder';
import { createPushHub } from './push-hub';
import { withoutHosts } from './snapshot-privacy';

// Not an ESM import: on Node 24 that builds node:http's ESM view, which reads
// every export and so loads undici, 14 MB and 60 ms for every run of the
// console, which serves nothing (test/cli/startup-cost.test.ts).
const { createServer } = process.getBuiltinModule('node:http');

/** Port used when none is given. */
export const DEFAULT_WEB_PORT = 8377;
const MAX_BODY_BYTES = 16 * 1024;
/**
 * Past the limit the rest of a body is still read, and dropped, so the client
 * gets its 413 (closing a socket with unread data would reset the connection
 * before the client reads the answer); this much at most, then we hang up.
 */
const MAX_DRAIN_BYTES = 1024 * 1024;

export interface WebServerOptions {
  monitor: Monitor;
  /** Bind address. Default 127.0.0.1; anything else requires the token on every request. */
  host?: string;
  /** Default DEFAULT_WEB_PORT; 0 picks a free port. */
  port?: number;
  /** Access token; generated when not given. */
  token?: string;
  /** Called after preferences changed over HTTP were applied (e.g. to persist them). */
  onPrefs?: (patch: PrefsPatch, prefs: Prefs) => void;
  /** Directory of the built page. Default: dist/renderer found from this module. */
  rendererDir?: string;
  /** Longest a pushed event waits before it is sent, ms. Default 250. */
  flushMs?: number;
  /** The history database behind GET /api/history; absent or null: that route answers 404. */
  history?: () => RangeSource | null;
  /** `agent`: only GET /metrics and GET /api/snapshot, no page. Default `dashboard`. */
  routes?: 'dashboard' | 'agent';
  /** Client addresses and malformed lines in /api/snapshot. Default true. */
  exposeHosts?: boolean;
}

export interface WebServer {
  /** The dashboard's address, with `?token=` so it can change preferences; an agent's, without. */
  url: string;
  /**
   * The token. Off loopback, or when given, every request needs it; on
   * loopback without one given it is generated and only guards changes.
   */
  token: string | null;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return hostname();
  return host.includes(':') ? `[${host}]` : host;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

type Body = { ok: true; text: string } | { ok: false; drained: boolean };

/** The body as text, or not ok when it is over MAX_BODY_BYTES (`drained`: all of it was read). */
function readBody(req: IncomingMessage): Promise<Body> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > MAX_DRAIN_BYTES) return Promise.resolve({ ok: false, drained: false });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
      else if (size > MAX_DRAIN_BYTES) {
        req.pause();
        resolve({ ok: false, drained: false });
      }
    });
    req.on('end', () =>
      resolve(
        size > MAX_BODY_BYTES
          ? { ok: false, drained: true }
          : { ok: true, text: Buffer.concat(chunks).toString('utf8') },
      ),
    );
    req.on('error', reject);
  });
}

/** Start serving the dashboard for `monitor`; resolves once listening. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { monitor } = options;
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);
  const token = options.token ?? generateToken();
  const readsNeedToken = !loopback || options.token !== undefined;
  const agent = options.routes === 'agent';
  // An agent serves no page, so it runs without the built renderer.
  const assets = agent
    ? new Map<string, never>()
    : loadAssets(options.rendererDir ?? findRendererDir());
  const page = assets.get('/index.html');
  if (!page && !agent) throw new Error('web dashboard: index.html missing from the built page');
  const html =
    page && readsNeedToken ? pageWithToken(page.body.toString('utf8'), token) : page?.body;
  const snapshot =
    options.exposeHosts === false
      ? () => withoutHosts(monitor.snapshot())
      : () => monitor.snapshot();

  const prefs = createPrefsHolder(monitor, options.onPrefs);
  const hub = createPushHub({ snapshot: () => monitor.snapshot(), flushMs: options.flushMs });
  const historyRoute = createHistoryRoute(() => options.history?.() ?? null);
  const unsubscribe = [
    monitor.onEvent((e) => hub.publish(e)),
    monitor.onChange(() => hub.invalidate()),
  ];

  async function setPrefs(req: IncomingMessage, res: ServerResponse) {
    const given = requestToken(req, new URL('http://x/'), false);
    if (given === null || !sameSecret(given, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return sendJson(res, 401, {
        ok: false,
        field: 'token',
        message: 'token: changing preferences needs the access token',
      });
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      return sendJson(res, 415, {
        ok: false,
        field: 'prefs',
        message: 'prefs: send JSON (Content-Type: application/json, charset utf-8 if any)',
      });
    }
    const body = await readBody(req);
    if (!body.ok) {
      if (!body.drained) res.setHeader('Connection', 'close');
      return sendJson(res, 413, {
        ok: false,
        field: 'prefs',
        message: `prefs: request too large (the limit is ${MAX_BODY_BYTES / 1024} KiB)`,
      });
    }
    let input: unknown;
    try {
      input = JSON.parse(body.text);
    } catch {
      return sendJson(res, 400, { ok: false, field: 'prefs', message: 'prefs: not valid JSON' });
    }
    const result = await prefs.set(input);
    if (result.ok) hub.publish({ type: 'prefs', prefs: result.prefs });
    sendJson(res, result.ok ? 200 : 400, result);
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    setSecurityHeaders(res);
    if (loopback && !hostHeaderAllowed(req))
      return send(res, 403, 'text/plain', 'Host not allowed\n');
    const target = req.url ?? '/';
    // Concatenate, not resolve: '//x' must stay a path, not become a host.
    const url = target.startsWith('/') ? URL.parse(`http://localhost${target}`) : null;
    if (!url) return send(res, 400, 'text/plain', 'Bad request\n');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === '/api/prefs' && method === 'POST' && !agent)
      return void setPrefs(req, res).catch(() =>
        sendJson(res, 500, { ok: false, field: 'prefs', message: 'prefs: could not be applied' }),
      );
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('Allow', path === '/api/prefs' && !agent ? 'GET, HEAD, POST' : 'GET, HEAD');
      return send(res, 405, 'text/plain', 'Method not allowed\n');
    }
    if (readsNeedToken) {
      const given = requestToken(req, url, true);
      if (given === null || !sameSecret(given, token)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        return send(
          res,
          401,
          'text/plain',
          agent
            ? 'This agent needs its access token: send Authorization: Bearer <token>.\n'
            : 'This dashboard needs its access token: open the URL printed at start.\n',
        );
      }
    }
    if (agent && path !== '/api/snapshot' && path !== '/metrics')
      return send(res, 404, 'text/plain', 'Not found\n');
    switch (path) {
      case '/':
      case '/index.html':
        return send(res, 200, 'text/html; charset=utf-8', html!);
      case '/api/snapshot':
        return sendJson(res, 200, snapshot());
      case '/api/history': {
        const r = historyRoute(url);
        return sendJson(res, r.status, r.body);
      }
      case '/api/prefs':
        return sendJson(res, 200, prefs.get());
      case '/metrics':
        return send(res, 200, METRICS_CONTENT_TYPE, renderMetrics(monitor.snapshot()));
      case '/api/events':
        res.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-store',
          Connection: 'keep-alive',
          'X-Accel-Buffering': 'no',
        });
        if (method === 'HEAD') return res.end();
        return hub.add(res);
    }
    const asset = assets.get(path);
    if (!asset) return send(res, 404, 'text/plain', 'Not found\n');
    send(res, 200, asset.type, asset.body);
  }

  const server = createServer(handle);
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_WEB_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port =
    typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_WEB_PORT);
  const base = `http://${urlHost(host)}:${port}/`;
  const url = agent ? base : `${base}?token=${encodeURIComponent(token)}`;

  let closed: Promise<void> | null = null;
  return {
    url,
    token,
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const u of unsubscribe) u();
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
