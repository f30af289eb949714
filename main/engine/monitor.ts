import { createEmitter } from '../common/emitter';
import { emptyStatusClasses } from '../common/status-classes';
import type { Prefs } from '../common/prefs';
import type { EngineEvent, Snapshot, Stats } from '../common/types';
import type {
  AlertMemory,
  Engine,
  EngineOptions,
  FleetTarget,
  HistorySink,
  Monitor,
  MonitorOptions,
  MonitorSettings,
} from './api';
import { createEngine } from './engine';

/** Figures for a span with no traffic yet, `seconds` long. */
export function emptyStats(seconds = 0): Stats {
  return {
    hits: 0,
    rps: 0,
    seconds,
    sections: [],
    status: emptyStatusClasses(),
    codes: [],
    methods: [],
    hosts: [],
    distinctHosts: 0,
    bytes: 0,
    errorRate: 0,
    malformed: 0,
    late: 0,
    skewed: 0,
  };
}

/**
 * The engine options that send every completed second to a history database
 * and, for a run that starts from the log's tail (`backFill`), start from the
 * alert state the database holds (docs/reference/alerts.md). A replay from
 * the start decides its alerts itself.
 */
export function historyOptions(
  sink: HistorySink | null,
  backFill = true,
): Pick<EngineOptions, 'onSecond' | 'recordFrom' | 'memory'> {
  if (!sink) return {};
  // A database that has seen no transition yet (a new log) says nothing: the caller's own
  // memory, if any, stands (docs/reference/history.md).
  const memory = backFill ? sink.alertMemory() : null;
  return {
    ...(memory && memory.history.length > 0 ? { memory } : {}),
    onSecond: (d) => sink.record(d),
    ...(sink.newestSecond !== null ? { recordFrom: sink.newestSecond } : {}),
  };
}

/** The settings a set of preferences asks the monitor for: its log files, or a fleet. */
export function settingsOf(p: Prefs): MonitorSettings {
  const common = {
    threshold: p.threshold,
    window: p.window,
    interval: p.interval,
    format: p.format,
    // Only when on, so settings without it read as before.
    ...(p.anonymizeHosts ? { anonymizeHosts: true } : {}),
  };
  if (p.source === 'prometheus' && p.prometheusUrl !== null) {
    const fleet = {
      url: p.prometheusUrl,
      selector: p.prometheusSelector,
      tokenFile: p.prometheusTokenFile,
    };
    return { file: null, fleet, ...common };
  }
  const files = [...new Set(p.logFiles)];
  return {
    file: files[0] ?? null,
    ...(files.length > 1
      ? { sources: files.map((path) => ({ kind: 'file' as const, path })) }
      : {}),
    ...common,
  };
}

/** The preferences that say what `s` reads (the inverse of settingsOf for those fields). */
export function inputPrefsOf(
  s: MonitorSettings,
): Pick<
  Prefs,
  'logFiles' | 'source' | 'prometheusUrl' | 'prometheusSelector' | 'prometheusTokenFile'
> {
  const files = (s.sources ?? []).flatMap((x) => (x.kind === 'file' ? [x.path] : []));
  return {
    logFiles: files.length > 0 ? files : s.file !== null ? [s.file] : [],
    source: s.fleet ? 'prometheus' : 'files',
    prometheusUrl: s.fleet?.url ?? null,
    prometheusSelector: s.fleet?.selector ?? '',
    prometheusTokenFile: s.fleet?.tokenFile ?? null,
  };
}

/** What the settings read, as a comparable string: the fleet, the sources, or the file. */
function inputKey(s: MonitorSettings): string {
  if (s.fleet) return JSON.stringify(['fleet', s.fleet.url, s.fleet.selector, s.fleet.tokenFile]);
  if (s.sources) return JSON.stringify(['sources', s.sources]);
  return JSON.stringify(['file', s.file]);
}

/**
 * The stable name of what the settings read, one history database each
 * (docs/reference/history.md): the file for one file; for several files, their
 * sorted paths as a JSON list (the order they were chosen in does not matter);
 * for a fleet, `prometheus <url><selector>`. null when nothing is chosen.
 */
export function sourceSetName(s: MonitorSettings): string | null {
  if (s.fleet) return `prometheus ${s.fleet.url}${s.fleet.selector}`;
  const files = (s.sources ?? []).flatMap((x) => (x.kind === 'file' ? [x.path] : []));
  if (files.length > 1 && files.length === s.sources?.length)
    return JSON.stringify([...new Set(files)].sort());
  return s.sources && s.sources.length > 1 ? JSON.stringify(s.sources) : s.file;
}

/** Whether two settings differ in anything the monitor acts on. */
export function sameSettings(a: MonitorSettings, b: MonitorSettings): boolean {
  return !needsRestart(a, b) && a.threshold === b.threshold;
}

/** Settings that need a new engine when they change (the threshold changes live). */
function needsRestart(a: MonitorSettings, b: MonitorSettings): boolean {
  return (
    inputKey(a) !== inputKey(b) ||
    a.window !== b.window ||
    a.interval !== b.interval ||
    a.format !== b.format ||
    Boolean(a.anonymizeHosts) !== Boolean(b.anonymizeHosts)
  );
}

/** The picture with no engine: nothing chosen, or an engine that could not be made (`problem`). */
function idleSnapshot(
  settings: MonitorSettings,
  memory: AlertMemory,
  paused: boolean,
  problem: string | null,
): Snapshot {
  const file = problem
    ? {
        path: sourceSetName(settings) ?? '',
        state: 'error' as const,
        code: 'error-io' as const,
        message: problem,
      }
    : {
        path: settings.file ?? '',
        state: 'waiting' as const,
        code: 'no-file' as const,
        message: 'No log file chosen',
      };
  return {
    at: null,
    file,
    format: null,
    threshold: settings.threshold,
    window: settings.window,
    interval: settings.interval,
    avg: 0,
    windowHits: 0,
    alert: { active: memory.active, since: memory.since },
    state: problem ? 'error' : 'idle',
    paused,
    lastSummary: null,
    stats: { window: emptyStats(settings.window), total: emptyStats() },
    seconds: [],
    malformedSamples: [],
    history: [...memory.history],
  };
}

/** What a fleet engine is made from, besides its target (main/engine/fleet-engine.ts). */
export type FleetEngineOptions = Pick<
  EngineOptions,
  'threshold' | 'window' | 'interval' | 'memory' | 'clock' | 'onSecond' | 'recordFrom'
>;

/** Makes the engine that watches a fleet; throws an Error naming the problem (e.g. the token file). */
export type FleetEngineFactory = (target: FleetTarget, options: FleetEngineOptions) => Engine;

/** How the monitor makes engines besides the log engine. */
export interface MonitorEngines {
  /** Absent: a fleet setting shows an error state saying the fleet engine is missing. */
  fleetEngine?: FleetEngineFactory;
}

/**
 * The engine owner for front-ends whose settings change at run time (see
 * Monitor in api.ts). Alert state and history go to the store on every
 * transition, so they survive a restart (docs/reference/alerts.md).
 */
export function createMonitor(options: MonitorOptions & MonitorEngines): Monitor {
  let settings = { ...options.settings };
  let memory: AlertMemory = options.store?.load() ?? { active: false, since: null, history: [] };
  let engine: Engine | null = null;
  /** The history database of the file being followed, and which file that is. */
  let history: { file: string; sink: HistorySink | null } | null = null;
  let paused = false;
  /** Why the current settings have no engine (a fleet engine that could not be made). */
  let problem: string | null = null;
  const emitter = createEmitter<{ event: [EngineEvent]; change: [] }>();
  // Engine restarts are serialised so two quick changes never leave two engines running.
  let queue: Promise<void> = Promise.resolve();
  const serial = (fn: () => Promise<void>) => (queue = queue.then(fn, fn));

  const changed = () => emitter.emit('change');

  const onEngineEvent = (e: EngineEvent) => {
    if ((e.type === 'alert' || e.type === 'recovery') && engine) {
      const snap = engine.snapshot();
      memory = { active: snap.alert.active, since: snap.alert.since, history: snap.history };
      options.store?.save(memory);
      history?.sink?.recordAlert(e, settings);
    }
    emitter.emit('event', e);
  };

  /** The history database of a source set: kept across restarts for the same set, one per set. */
  function historyOf(file: string): HistorySink | null {
    if (history?.file === file) return history.sink;
    history?.sink?.close();
    history = { file, sink: options.history?.(file) ?? null };
    return history.sink;
  }

  async function stopEngine(): Promise<void> {
    if (!engine) return;
    const snap = engine.snapshot();
    memory = { active: snap.alert.active, since: snap.alert.since, history: snap.history };
    const old = engine;
    engine = null;
    await old.dispose();
  }

  /** The engine for the current settings, or null when nothing is chosen. */
  function makeEngine(): Engine | null {
    const name = sourceSetName(settings);
    if (name === null) return null;
    const common = {
      // The history's alert state, when there is a database, wins over the app's own memory.
      memory,
      ...historyOptions(historyOf(name)),
      threshold: settings.threshold,
      window: settings.window,
      interval: settings.interval,
      ...(options.clock ? { clock: options.clock } : {}),
    };
    if (settings.fleet) {
      if (!options.fleetEngine)
        throw new Error('watching a Prometheus fleet is not available here');
      return options.fleetEngine(settings.fleet, common);
    }
    // `serve --prometheus` passes the fleet's maker here (main/cli/fleet.ts); the app uses `fleet`.
    return (options.createEngine ?? createEngine)({
      file: settings.file ?? name,
      ...(settings.sources ? { sources: settings.sources } : {}),
      ...common,
      format: settings.format,
      ...(settings.anonymizeHosts ? { anonymizeHosts: true } : {}),
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      ...(options.watch !== undefined ? { watch: options.watch } : {}),
    });
  }

  async function startEngine(): Promise<void> {
    problem = null;
    let e: Engine | null;
    try {
      e = makeEngine();
    } catch (err) {
      // A fleet that cannot be watched (no token file...) is a state to show, not a crash.
      problem = err instanceof Error ? err.message : String(err);
      return;
    }
    if (!e) return;
    engine = e;
    e.onAny(onEngineEvent);
    await e.start();
    if (paused) await e.pause();
  }

  const initial = serial(startEngine);
  // A failed first start is reported through the engine's file events; do not crash the host.
  initial.catch((err) => console.error(`http-console: monitor start failed: ${String(err)}`));

  return {
    get settings() {
      return { ...settings };
    },
    get paused() {
      return paused;
    },
    snapshot() {
      return engine ? engine.snapshot() : idleSnapshot(settings, memory, paused, problem);
    },
    apply(next) {
      return serial(async () => {
        const restart = needsRestart(settings, next);
        settings = { ...next };
        if (restart) {
          await stopEngine();
          await startEngine();
        } else {
          engine?.setThreshold(next.threshold);
        }
        changed();
      });
    },
    pause() {
      return serial(async () => {
        paused = true;
        await engine?.pause();
        changed();
      });
    },
    resume() {
      return serial(async () => {
        paused = false;
        await engine?.resume();
        changed();
      });
    },
    stop() {
      return serial(async () => {
        await engine?.stop();
      });
    },
    reopen() {
      return serial(async () => {
        await engine?.reopen();
      });
    },
    async history(range) {
      return history?.sink?.range(range) ?? null;
    },
    onEvent: (listener) => emitter.on('event', listener),
    onChange: (listener) => emitter.on('change', listener),
    async dispose() {
      await initial.catch(() => undefined);
      await serial(stopEngine);
      history?.sink?.close();
      history = null;
      emitter.clear();
    },
  };
}
