/**
 * DashboardApi over HTTP and Server-Sent Events, for the page served by
 * `http-console serve`: the same shape as the Electron preload bridge.
 * The access token comes from the page's own URL (`?token=`).
 */
import type { DashboardApi, PushEvent, SetPrefsResult } from '../main/common/api';
import { createEmitter } from '../main/common/emitter';
import type { HistoryQuery, HistoryRange } from '../main/common/history-types';
import type { Prefs, PrefsPatch } from '../main/common/prefs';
import type { Snapshot } from '../main/common/types';

/** The web bridge also tells whether the event stream is connected. */
export interface WebDashboardApi extends DashboardApi {
  onConnection(listener: (connected: boolean) => void): () => void;
}

/** Create the bridge for a page at `location` (relative URLs: works behind a path prefix). */
export function createWebApi(location: Location): WebDashboardApi {
  const token = new URLSearchParams(location.search).get('token');
  const url = (path: string) => new URL(path, location.href).toString();
  const auth: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const emitter = createEmitter<{ push: [PushEvent]; connection: [connected: boolean] }>();
  let source: EventSource | null = null;

  async function getJson<T>(path: string): Promise<T> {
    const res = await fetch(url(path), { headers: auth, cache: 'no-store' });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${res.statusText}`);
    return (await res.json()) as T;
  }

  function open() {
    const q = token ? `?token=${encodeURIComponent(token)}` : '';
    const es = new EventSource(url(`api/events${q}`));
    es.onopen = () => emitter.emit('connection', true);
    // EventSource reconnects by itself; the server answers a reconnect with a fresh snapshot.
    es.onerror = () => emitter.emit('connection', false);
    es.onmessage = (m: MessageEvent<string>) => {
      const events = JSON.parse(m.data) as PushEvent[];
      for (const e of events) emitter.emit('push', e);
    };
    source = es;
  }

  return {
    kind: 'web',
    snapshot: () => getJson<Snapshot>('api/snapshot'),
    getPrefs: () => getJson<Prefs>('api/prefs'),
    async setPrefs(patch: PrefsPatch): Promise<SetPrefsResult> {
      const res = await fetch(url('api/prefs'), {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(patch),
      });
      if (res.status === 401) {
        return {
          ok: false,
          field: 'token',
          message:
            'Changing preferences needs the access token: open the dashboard with the URL printed at start.',
        };
      }
      const body = (await res.json().catch(() => null)) as SetPrefsResult | null;
      return (
        body ?? {
          ok: false,
          field: 'prefs',
          message: `The server refused the change (${res.status}).`,
        }
      );
    },
    chooseLogFile: () => Promise.resolve(null),
    async history(range: HistoryQuery): Promise<HistoryRange | null> {
      const q = new URLSearchParams({ from: String(range.from), to: String(range.to) });
      if (range.step) q.set('step', range.step);
      const res = await fetch(url(`api/history?${q}`), { headers: auth, cache: 'no-store' });
      // 404/503: this server keeps no history (`--no-db`); the page then hides the long ranges.
      if (res.status === 404 || res.status === 503) return null;
      const body = (await res.json().catch(() => null)) as { error?: string } | null;
      if (!res.ok) throw new Error(`history: ${body?.error ?? `${res.status} ${res.statusText}`}`);
      return body as HistoryRange;
    },
    onEvent(listener) {
      const off = emitter.on('push', listener);
      if (!source) open();
      return () => {
        off();
        if (emitter.listenerCount('push') === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
    onConnection: (listener) => emitter.on('connection', listener),
  };
}
