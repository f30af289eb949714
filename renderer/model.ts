/**
 * The page's picture of the monitor: the last snapshot kept current by the
 * pushed events. Applying an event is idempotent (keyed by time), so a
 * snapshot resent after a reconnect neither loses nor doubles anything.
 */
import type { PushEvent } from '../main/common/api';
import type { HistoryPoint } from '../main/common/history-types';
import type { Prefs } from '../main/common/prefs';
import { trafficState } from '../main/common/traffic-state';
import type { AlertEvent, MalformedEvent, Snapshot, SummaryEvent } from '../main/common/types';
import { createSecondRing, type SecondRing } from './second-ring';

/** Interval summaries kept for the status-over-time chart. */
export const MAX_SUMMARIES = 360;
export const MAX_HISTORY = 1000;
export const MAX_SAMPLES = 20;

/** Parts of the page an event changed. */
export interface Dirty {
  header: boolean;
  chart: boolean;
  stats: boolean;
  history: boolean;
  prefs: boolean;
}

export interface Model {
  snap: Snapshot;
  seconds: SecondRing;
  summaries: SummaryEvent[];
  prefs: Prefs | null;
  /** Hits since start as of the last summary plus the seconds evaluated after it. */
  hitsSinceStart(): number;
  /** The monitor's clock as far as the page knows (ms), or null before the first line. */
  now(): number | null;
  /** Monitor time (ms) the shown window and total figures are as of. */
  readonly statsAt: number;
  /** Per-second history the page read from the database (the last hour before it opened). */
  readonly pastPoints: readonly HistoryPoint[];
  apply(event: PushEvent): Dirty;
  /** Take fresher figures from a snapshot fetched between summaries; older ones are ignored. */
  refreshStats(s: Snapshot): Dirty;
  /** Seconds from the database for the time before the page's own (after a restart). */
  fillFromHistory(points: readonly HistoryPoint[]): Dirty;
}

const none = (): Dirty => ({
  header: false,
  chart: false,
  stats: false,
  history: false,
  prefs: false,
});
const all = (): Dirty => ({ header: true, chart: true, stats: true, history: true, prefs: true });

function sameAlert(a: AlertEvent, b: AlertEvent) {
  return a.type === b.type && a.at === b.at;
}

/** Create the model from a first snapshot. */
export function createModel(first: Snapshot): Model {
  const seconds = createSecondRing();
  let snap = first;
  let summaries: SummaryEvent[] = [];
  let extraHits = 0;
  // The monitor time up to which snap.stats.total counts; later seconds are added to it live.
  let totalsAt = 0;
  let prefs: Prefs | null = null;
  let statsAt = first.at ?? 0;
  let pastPoints: HistoryPoint[] = [];

  function restate() {
    snap.state = trafficState({
      hasFile: snap.file.path !== '',
      file: snap.file.state,
      paused: snap.paused,
      alert: snap.alert.active,
      avg: snap.avg,
      threshold: snap.threshold,
    });
  }

  function recountExtra(since: number) {
    totalsAt = since;
    extraHits = 0;
    for (let i = seconds.lowerBound(since); i < seconds.size; i++) extraHits += seconds.hits(i);
  }

  function addSummary(e: SummaryEvent) {
    const last = summaries.at(-1);
    if (last && last.at >= e.at) {
      const i = summaries.findIndex((s) => s.at >= e.at);
      if (summaries[i]?.at === e.at) summaries[i] = e;
      else summaries.splice(i, 0, e);
    } else summaries.push(e);
    if (summaries.length > MAX_SUMMARIES) summaries = summaries.slice(-MAX_SUMMARIES);
  }

  function takeSnapshot(s: Snapshot) {
    if (s.file.path !== snap.file.path) {
      seconds.clear();
      summaries = [];
    }
    snap = { ...s, history: [...s.history], malformedSamples: [...s.malformedSamples] };
    for (const e of s.seconds) seconds.put(e);
    if (s.lastSummary) addSummary(s.lastSummary);
    statsAt = s.at ?? 0;
    recountExtra(s.at ?? 0);
  }

  takeSnapshot(first);

  /** Figures newer than those shown (from a snapshot fetched between summaries, or pushed). */
  function takeFigures(
    at: number | null,
    stats: Snapshot['stats'],
    samples: MalformedEvent[] | undefined,
    more: Pick<Snapshot, 'inputs' | 'instances'> = {},
  ): Dirty {
    const d = none();
    if ((at ?? 0) <= statsAt) return d;
    snap.stats = stats;
    if (samples) snap.malformedSamples = [...samples];
    // Each source's state and each instance's rate change between summaries too.
    if (more.inputs) snap.inputs = more.inputs;
    if (more.instances) snap.instances = more.instances;
    statsAt = at ?? statsAt;
    recountExtra(statsAt);
    d.stats = d.header = d.chart = true;
    return d;
  }

  return {
    get snap() {
      return snap;
    },
    seconds,
    get summaries() {
      return summaries;
    },
    get prefs() {
      return prefs;
    },
    get statsAt() {
      return statsAt;
    },
    get pastPoints() {
      return pastPoints;
    },
    hitsSinceStart: () => snap.stats.total.hits + extraHits,
    refreshStats(s) {
      if (s.file.path !== snap.file.path) return none();
      for (const e of s.seconds) seconds.put(e);
      return takeFigures(s.at, s.stats, s.malformedSamples, s);
    },
    fillFromHistory(points) {
      const d = none();
      const firstOwn = seconds.size > 0 ? seconds.at(0) : Infinity;
      const older = points.filter((p) => p.at < firstOwn);
      if (older.length === 0) return d;
      pastPoints = [...older];
      // Rebuild in time order: the ring appends cheaply, inserting before its start does not.
      const own = Array.from({ length: seconds.size }, (_, i) => ({
        type: 'second' as const,
        at: seconds.at(i),
        hits: seconds.hits(i),
        avg: seconds.avg(i),
        alert: seconds.alert(i),
      }));
      seconds.clear();
      for (const p of older)
        seconds.put({ type: 'second', at: p.at, hits: p.hits, avg: p.avg, alert: p.alert });
      for (const e of own) seconds.put(e);
      d.chart = d.history = true;
      return d;
    },
    now() {
      const last = seconds.last();
      return last ? Math.max(last.at + 1000, snap.at ?? 0) : snap.at;
    },
    apply(e) {
      const d = none();
      switch (e.type) {
        case 'snapshot':
          takeSnapshot(e.snapshot);
          return all();
        case 'prefs':
          prefs = e.prefs;
          d.prefs = true;
          return d;
        case 'second': {
          const newest = (seconds.last()?.at ?? -Infinity) < e.at;
          seconds.put(e);
          if (newest) {
            snap.avg = e.avg;
            snap.windowHits = Math.round(e.avg * snap.window);
            snap.at = Math.max(snap.at ?? 0, e.at + 1000);
          }
          if (newest && e.at >= totalsAt) extraHits += e.hits;
          restate();
          d.header = d.chart = true;
          // The window average is shown by the Traffic card too.
          d.stats = newest;
          // An ongoing alert's peak and duration move with every second.
          d.history = snap.alert.active;
          return d;
        }
        case 'summary':
          snap.lastSummary = e;
          addSummary(e);
          // A snapshot fetched since may hold fresher figures than this summary.
          if (e.at >= statsAt) {
            snap.stats = { window: e.window, total: e.total };
            statsAt = e.at;
            recountExtra(e.at);
          }
          d.header = d.stats = d.chart = true;
          return d;
        case 'alert':
        case 'recovery':
          if (!snap.history.some((h) => sameAlert(h, e))) {
            snap.history.push(e);
            if (snap.history.length > MAX_HISTORY)
              snap.history.splice(0, snap.history.length - MAX_HISTORY);
          }
          snap.alert =
            e.type === 'alert' ? { active: true, since: e.at } : { active: false, since: null };
          snap.avg = e.avg;
          restate();
          d.header = d.history = d.chart = true;
          return d;
        case 'file': {
          // With several sources a file event is one source's: `file` is their combined picture.
          const input = snap.inputs?.find((i) => i.source === e.path);
          if (input) {
            snap.inputs = snap.inputs!.map((i) =>
              i === input ? { ...i, state: e.state, code: e.code, message: e.message } : i,
            );
            d.stats = true;
            if (snap.inputs.length > 1) return d;
          }
          snap.file = { path: e.path, state: e.state, code: e.code, message: e.message };
          restate();
          d.header = true;
          return d;
        }
        case 'figures':
          return takeFigures(e.at, e.stats, e.malformedSamples, e);
        case 'malformed':
          snap.malformedSamples.push(e);
          if (snap.malformedSamples.length > MAX_SAMPLES) snap.malformedSamples.shift();
          d.stats = true;
          return d;
      }
    },
  };
}
