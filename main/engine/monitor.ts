import { createEmitter } from '../common/emitter';
import { emptyStatusClasses } from '../common/status-classes';
import type { Prefs } from '../common/prefs';
import type { EngineEvent, Snapshot, Stats } from '../common/types';
import type {
  AlertMemory,
  Engine,
  HistorySink,
  Monitor,
  MonitorOptions,
  MonitorSettings,
  EngineOptions,
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
  return {
    ...(backFill ? { memory: sink.alertMemory() } : {}),
    onSecond: (d) => sink.record(d),
    ...(sink.newestSecond !== null ? { recordFrom: sink.newestSecond } : {}),
  };
}

/** The settings a set of preferences asks the monitor for. */
export function settingsOf(p: Prefs): MonitorSettings {
  return {
    file: p.logFile,
    threshold: p.threshold,
    window: p.window,
    interval: p.interval,
    format: p.format,
    // Only when on, so settings without it read as before.
    ...(p.anonymizeHosts ? { anonymizeHosts: true } : {}),
  };
}

/** Whether two settings differ in anything the monitor acts on. */
export function sameSettings(a: MonitorSettings, b: MonitorSettings): boolean {
  return (
    a.file === b.file &&
    a.threshold === b.threshold &&
    a.window === b.window &&
    a.interval === b.interval &&
    a.format === b.format &&
    Boolean(a.anonymizeHosts) === Boolean(b.anonymizeHosts)
  );
}

/** Settings that need a new engine when they change (the threshold changes live). */
function needsRestart(a: MonitorSettings, b: MonitorSettings): boolean {
  return (
    a.file !== b.file ||
    a.window !== b.window ||
    a.interval !== b.interval ||
    a.format !== b.format ||
    Boolean(a.anonymizeHosts) !== Boolean(b.anonymizeHosts)
  );
}

/** The picture when no file is chosen. */
function idleSnapshot(settings: MonitorSettings, memory: AlertMemory, paused: boolean): Snapshot {
  return {
    at: null,
    file: {
      path: settings.file ?? '',
      state: 'waiting',
      code: 'no-file',
      message: 'No log file chosen',
    },
    format: null,
    threshold: settings.threshold,
    window: settings.window,
    interval: settings.interval,
    avg: 0,
    windowHits: 0,
    alert: { active: memory.active, since: memory.since },
    state: 'idle',
    paused,
    lastSummary: null,
    stats: { window: emptyStats(settings.window), total: emptyStats() },
    seconds: [],
    malformedSamples: [],
    history: [...memory.history],
  };
}

/**
 * The engine owner for front-ends whose settings change at run time (see
 * Monitor in api.ts). Alert state and history go to the store on every
 * transition, so they survive a restart (docs/reference/alerts.md).
 */
export function createMonitor(options: MonitorOptions): Monitor {
  let settings = { ...options.settings };
  let memory: AlertMemory = options.store?.load() ?? { active: false, since: null, history: [] };
  let engine: Engine | null = null;
  /** The history database of the file being followed, and which file that is. */
  let history: { file: string; sink: HistorySink | null } | null = null;
  let paused = false;
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

  /** The history database of `file`: kept across restarts for the same file, one per file. */
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

  async function startEngine(): Promise<void> {
    if (settings.file === null) return;
    const sink = historyOf(settings.file);
    const e = (options.createEngine ?? createEngine)({
      file: settings.file,
      memory,
      ...historyOptions(sink),
      threshold: settings.threshold,
      window: settings.window,
      interval: settings.interval,
      format: settings.format,
      ...(settings.anonymizeHosts ? { anonymizeHosts: true } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      ...(options.watch !== undefined ? { watch: options.watch } : {}),
    });
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
      return engine ? engine.snapshot() : idleSnapshot(settings, memory, paused);
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
