/**
 * What the one-file engine (engine.ts) and the several-sources engine
 * (multi-engine.ts) share: option checks, the core they build, the clock's
 * tick and the snapshot they hand out.
 */
import type { EngineEvent, FormatName, InputStatus, Snapshot } from '../common/types';
import { DEFAULT_PREFS } from '../common/prefs';
import { numberProblem, PREF_RULES } from '../common/prefs-rules';
import { trafficState } from '../common/traffic-state';
import type { Clock, EngineOptions } from './api';
import { MonitorCore } from './core';
import { createLineSplitter, type LineBatch } from './follow/line-splitter';
import { openRegular } from './follow/open-regular';
import type { SourceParse } from './source-parse';

// Four ticks a second: a completed second is evaluated within a quarter second of completing.
export const TICK_MS = 250;
const SECONDS_IN_SNAPSHOT = 3600;
const REPLAY_CHUNK = 1024 * 1024;

/** Check numeric options; the message names the bad one. */
export function checkOptions(o: EngineOptions): void {
  const bad = (name: string, v: unknown, rule: string) => {
    throw new RangeError(`${name} ${rule}, got ${String(v)}`);
  };
  if (typeof o.file !== 'string' || o.file.length === 0) bad('file', o.file, 'must be a path');
  for (const name of ['threshold', 'window', 'interval'] as const) {
    const v = o[name] ?? DEFAULT_PREFS[name];
    const problem = numberProblem(PREF_RULES[name], v, 'run');
    if (problem) bad(name, v, problem);
  }
}

/** Change the threshold live, refusing a bad one with its reason. */
export function setCoreThreshold(core: MonitorCore, threshold: number): void {
  const problem = numberProblem(PREF_RULES.threshold, threshold, 'run');
  if (problem) throw new RangeError(`threshold ${problem}, got ${threshold}`);
  core.threshold = threshold;
}

/**
 * The core of an engine. Its clock replays log time until the engine puts it
 * live (after a back-fill or catch-up, or at once for syslog).
 */
export function createCore(
  options: EngineOptions,
  clock: Clock,
  emit: (e: EngineEvent) => void,
  naming: { source: string; nameSources: boolean },
): MonitorCore {
  return new MonitorCore({
    threshold: options.threshold ?? DEFAULT_PREFS.threshold,
    window: options.window ?? DEFAULT_PREFS.window,
    interval: options.interval ?? DEFAULT_PREFS.interval,
    format: options.format ?? 'auto',
    wall: () => clock.now(),
    live: false,
    ...naming,
    ...(options.memory ? { memory: options.memory } : {}),
    ...(options.onSecond ? { onSecond: options.onSecond } : {}),
    ...(options.recordFrom !== undefined ? { recordFrom: options.recordFrom } : {}),
    emit,
  });
}

/** What a snapshot shows besides the core's figures. */
export interface SnapshotInputs {
  options: EngineOptions;
  file: Snapshot['file'];
  format: FormatName | null;
  paused: boolean;
  inputs: InputStatus[];
}

/** The current picture of an engine. */
export function snapshotOf(core: MonitorCore, s: SnapshotInputs): Snapshot {
  return {
    at: core.clock.now(),
    file: s.file,
    format: s.format,
    threshold: core.threshold,
    window: s.options.window ?? DEFAULT_PREFS.window,
    interval: s.options.interval ?? DEFAULT_PREFS.interval,
    avg: core.avg,
    windowHits: core.windowHits,
    alert: { ...core.alert },
    state: trafficState({
      hasFile: true,
      paused: s.paused,
      file: s.file.state,
      alert: core.alert.active,
      avg: core.avg,
      threshold: core.threshold,
    }),
    paused: s.paused,
    lastSummary: core.lastSummary,
    stats: core.stats(),
    seconds: core.seconds.slice(-SECONDS_IN_SNAPSHOT),
    malformedSamples: [...core.samples],
    history: [...core.history],
    inputs: s.inputs,
  };
}

/** Feed a batch of lines (of `src`, or the core's one source) to the core; returns how many it held. */
export function feedBatch(core: MonitorCore, batch: LineBatch, src?: SourceParse): number {
  core.beginBatch();
  try {
    core.ingest(batch.lines, batch.overlong, src);
    let count = batch.lines.length + batch.overlong.length;
    for (const block of batch.blocks ?? []) count += core.ingestBlock(block, src);
    return count;
  } finally {
    core.endBatch();
  }
}

/** Read the lines in [from, to) of the file at `path` (a back-filled tail, a catch-up). */
export async function readRange(
  path: string,
  from: number,
  to: number,
  onBatch: (batch: LineBatch) => void,
): Promise<void> {
  const fh = await openRegular(path);
  const splitter = createLineSplitter({ raw: true });
  const buf = Buffer.alloc(REPLAY_CHUNK);
  try {
    for (let pos = from; pos < to;) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, to - pos), pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      onBatch(splitter.push(buf.subarray(0, bytesRead)));
    }
  } finally {
    await fh.close();
  }
}
