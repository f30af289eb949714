/** Test helpers for the engine: log lines at chosen times, and a core on a fake wall clock. */
import type { AlertEvent, EngineEvent, SecondEvent, SummaryEvent } from '../../main/common/types';
import { MonitorCore, type CoreOptions } from '../../main/engine/core';

/** Small deterministic PRNG (mulberry32) so a failure can be reproduced from its seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** A common-format line stamped at Unix second `sec` (UTC). */
export function clf(sec: number, path = '/a/b', status = 200, host = '10.0.0.1'): string {
  const d = new Date(sec * 1000);
  const stamp =
    `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
  return `${host} - - [${stamp}] "GET ${path} HTTP/1.1" ${status} 100`;
}

/** `n` lines at second `sec`. */
export function burst(sec: number, n: number, path?: string): string[] {
  return Array.from({ length: n }, () => clf(sec, path));
}

/** A core on a fake wall clock, recording every event. */
export function fakeCore(opts: Partial<CoreOptions> & { start: number }) {
  let wall = opts.start * 1000;
  const events: EngineEvent[] = [];
  const core = new MonitorCore({
    threshold: 2,
    window: 10,
    interval: 10,
    format: 'common',
    live: true,
    ...opts,
    wall: () => wall,
    emit: (e) => events.push(e),
  });
  return {
    core,
    events,
    /** Move the wall clock to `sec` (+ms) and tick, as the engine's timer would. */
    at(sec: number, ms = 0) {
      wall = sec * 1000 + ms;
      core.tick();
    },
    /** Lines arriving at wall second `sec`, in one batch as the engine hands them over. */
    feed(sec: number, lines: string[]) {
      wall = sec * 1000 + 100;
      core.beginBatch();
      core.ingest(lines);
      core.endBatch();
    },
    alerts: () =>
      events.filter((e): e is AlertEvent => e.type === 'alert' || e.type === 'recovery'),
    seconds: () => events.filter((e): e is SecondEvent => e.type === 'second'),
    summaries: () => events.filter((e): e is SummaryEvent => e.type === 'summary'),
  };
}

/** Poll `check` every 20 ms until it holds; fail naming `what` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
