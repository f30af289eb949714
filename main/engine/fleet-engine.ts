/**
 * A fleet monitor (`--prometheus URL`): the same Engine as a log's (events,
 * snapshot, alerts, summaries, tray states), whose input is the Prometheus
 * source's points, one whole second of the fleet each, instead of lines.
 * The monitor's clock runs on those seconds (docs/reference/clock.md, "A
 * fleet's clock"): while Prometheus is down, slow or has no live instance
 * nothing is evaluated, the state says why, and no silence is invented, so
 * an alert cannot recover falsely; the gap is counted when it is read back.
 */
import { createEmitter } from '../common/emitter';
import { DEFAULT_PREFS } from '../common/prefs';
import { STATUS_CLASSES, emptyStatusClasses } from '../common/status-classes';
import type { EngineEvent, FileCode, InputStatus, Snapshot, SummaryEvent } from '../common/types';
import { systemClock, type Engine, type EngineOptions } from './api';
import { checkOptions, createCore, fileEvent, setCoreThreshold } from './engine-parts';
import { CarriedRounding, FleetInstances } from './fleet-instances';
import { displayUrl, parseBaseUrl } from './sources/prometheus-api';
import {
  createPrometheusSource,
  type FleetPoint,
  type PrometheusState,
} from './sources/prometheus';

/** Where the fleet is read from (`--prometheus`, `--prometheus-selector`, the token file's token). */
export interface PrometheusTarget {
  url: string;
  selector?: string;
  token?: string;
}

export interface FleetEngineOptions extends Pick<
  EngineOptions,
  'threshold' | 'window' | 'interval' | 'memory' | 'onSecond' | 'recordFrom' | 'clock'
> {
  prometheus: PrometheusTarget;
  /** Injected for tests. */
  fetch?: typeof globalThis.fetch;
  /** A Prometheus read taking longer is `prometheus-slow`. Default 5000 ms. */
  timeoutMs?: number;
}

/** The name a fleet goes by (snapshot.file.path, the history's source): its Prometheus URL. */
export function fleetName(url: string): string {
  return displayUrl(parseBaseUrl(url));
}

/** Watch a fleet through Prometheus. Throws an Error naming a bad URL, selector or number. */
export function createFleetEngine(o: FleetEngineOptions): Engine {
  const name = fleetName(o.prometheus.url);
  checkOptions({ ...o, file: name });
  const clock = o.clock ?? systemClock;
  const windowSec = o.window ?? DEFAULT_PREFS.window;
  const events = createEmitter<{ event: [EngineEvent]; ingest: [count: number] }>();
  const instances = new FleetInstances(windowSec);
  const rounding = new CarriedRounding();
  let lastSummary: SummaryEvent | null = null;

  /** Summaries name the instances, as a log's name its sources. */
  const emit = (e: EngineEvent) => {
    if (e.type === 'summary') {
      const { window, total } = instances.sources();
      e = {
        ...e,
        interval: { ...e.interval, sources: instances.endInterval() },
        window: { ...e.window, sources: window },
        total: { ...e.total, sources: total },
      };
      lastSummary = e;
    }
    events.emit('event', e);
  };
  // Log time, as in a replay: the clock is the end of the newest second counted.
  const core = createCore({ ...o, file: name }, clock, emit, { source: name, nameSources: false });

  let input: InputStatus = {
    source: name,
    kind: 'prometheus',
    state: 'waiting',
    code: 'starting',
    message: 'not started',
    format: null,
  };
  const setInput = (s: PrometheusState) => {
    const code: FileCode = s.code ?? 'following';
    input = { ...input, state: s.state, code, message: s.message };
    emit(fileEvent(core, clock, name, { state: s.state, code, message: s.message }));
  };

  /** The first read goes back far enough to fill the window: counted silently, then judged once. */
  let readBack: 'before' | 'reading' | 'done' = 'before';
  let batch = 0;
  const count = (p: FleetPoint) => {
    if (readBack === 'before') {
      readBack = 'reading';
      core.beginWarmup();
    }
    const sec = p.at / 1000;
    const status = emptyStatusClasses();
    for (const c of STATUS_CLASSES) status[c] = rounding.round(c, p.byStatus[c]);
    const sections: [string, number][] = [];
    for (const s of p.bySection) {
      const n = rounding.round(`section ${s.section}`, s.rps);
      if (n > 0) sections.push([s.section, n]);
    }
    // Before the core: a summary the second completes names the instances with it.
    instances.add(sec, p.byInstance);
    core.countSecond(sec, status, sections);
    batch++;
  };

  const source = createPrometheusSource({
    ...o.prometheus,
    clock,
    ...(o.fetch ? { fetch: o.fetch } : {}),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    sink: {
      point: count,
      endBatch() {
        if (readBack === 'reading') {
          readBack = 'done';
          core.endWarmup(null, false);
        }
        events.emit('ingest', batch);
        batch = 0;
      },
      state: setInput,
    },
  });

  let started = false;
  let paused = false;
  let ended = false;
  let disposed = false;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((res) => (resolveFinished = res));

  return {
    finished,
    get paused() {
      return paused;
    },
    async start() {
      if (started || disposed) return;
      started = true;
      if (!paused) source.start();
    },
    async stop() {
      if (ended || disposed) return;
      ended = true;
      source.dispose();
      core.summariseNow();
      resolveFinished();
    },
    async pause() {
      if (paused) return;
      paused = true;
      source.pause();
    },
    async resume() {
      if (!paused) return;
      paused = false;
      if (started && !ended) source.start();
    },
    async reopen() {
      if (started && !paused && !ended) await source.poll();
    },
    setThreshold: (threshold: number) => setCoreThreshold(core, threshold),
    snapshot(): Snapshot {
      const picture = core.picture(input.state, paused);
      const { window, total } = picture.stats;
      const sources = instances.sources();
      return {
        ...picture,
        file: {
          path: name,
          state: input.state,
          code: input.code as FileCode,
          message: input.message,
        },
        format: null,
        lastSummary,
        stats: {
          window: { ...window, sources: sources.window },
          total: { ...total, sources: sources.total },
        },
        inputs: [{ ...input }],
        instances: instances.status(),
      };
    },
    onAny: (listener) => events.on('event', listener),
    onIngest: (listener) => events.on('ingest', listener),
    async dispose() {
      if (disposed) return;
      disposed = true;
      source.dispose();
      resolveFinished();
      events.clear();
    },
  };
}
