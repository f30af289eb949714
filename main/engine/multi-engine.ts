/**
 * One monitor over several sources (docs/reference/sources.md): files and
 * globs, standard input and syslog listeners. Each source has its own parse
 * state (its format) and its own state; counting, the clock and alerting are
 * shared, so the alert is on the combined rate.
 *
 * - Batch (`follow: false`): `.gz` files first (a glob's rotated set oldest
 *   first), then the plain files merged into one time line (merged-batch.ts),
 *   then standard input; log time drives the clock.
 * - Following: every file's tail is back-filled silently, then the clock goes
 *   live once for all (its offset from the newest file). Globs are expanded
 *   again every few seconds; a file that starts to match is read from its
 *   start. Syslog puts the clock live from the start; standard input alone
 *   replays until its pace says it is live (replay-pace.ts).
 */
import { stat } from 'node:fs/promises';
import { matchesGlob } from 'node:path';
import type { Readable } from 'node:stream';
import type { EngineEvent, InputKind, InputStatus, Snapshot } from '../common/types';
import { createEmitter } from '../common/emitter';
import { DEFAULT_PREFS } from '../common/prefs';
import {
  systemClock,
  type Engine,
  type EngineOptions,
  type SourceSpec,
  type TimerHandle,
} from './api';
import { endOfLastLine, findTailStart } from './backfill';
import {
  checkOptions,
  createCore,
  createEnding,
  fileEvent,
  followerTuning,
  feedBatch,
  readRange,
  setCoreThreshold,
  snapshotOf,
  TICK_MS,
} from './engine-parts';
import { followingStatus, formatUnknownStatus } from './follow/file-messages';
import { createFollower, type Follower } from './follow/follower';
import type { LineBatch } from './follow/line-splitter';
import {
  asFileCode,
  combinedStatus,
  fromSourceState,
  inputStatus,
  type InputEntry,
} from './input-status';
import { readMergedByTime } from './merged-batch';
import { ReplayPace } from './replay-pace';
import type { SourceParse } from './source-parse';
import { expandPatterns, isGlob, isRotatedName, type PathSet } from './sources/glob';
import { createGzipSource, isGzipPath } from './sources/gzip';
import { createStdinSource } from './sources/stdin';
import { createSyslogSource, type SyslogSource } from './sources/syslog-listener';
import type { LineSource, SourceSinks } from './sources/types';

/** Default period of a glob's re-expansion while following, ms. */
const RESCAN_MS = 3000;
/** Syslog senders with a name of their own; the rest are counted under OTHER_SENDERS. */
export const MAX_SENDERS = 1000;
export const OTHER_SENDERS = 'other syslog senders';
/** Lines from standard input and syslog kept while paused; more are dropped (and said so). */
const PAUSED_LINES = 100_000;

interface Entry extends InputEntry {
  /** Parse state of its lines; null for a listener (its senders have their own). */
  src: SourceParse | null;
  /** Index of the source given that it comes from: `inputs` are listed in that order. */
  rank: number;
}

/** A file being followed. */
interface FileInput {
  entry: Entry;
  follower: Follower | null;
}

/** Whether an engine reads `sources` rather than the one `file`. */
export function readsSeveral(options: EngineOptions): boolean {
  const s = options.sources;
  if (!s || s.length === 0) return false;
  if (s.length > 1) return true;
  const only = s[0]!;
  return only.kind !== 'file' || isGlob(only.path) || isGzipPath(only.path);
}

/** Throws naming the problem for sources that cannot go together. */
function checkSources(options: EngineOptions): void {
  const sources = options.sources ?? [];
  if (sources.filter((s) => s.kind === 'stdin').length > 1)
    throw new RangeError('sources: standard input can be given once');
  if (options.follow === false && sources.some((s) => s.kind === 'syslog'))
    throw new RangeError(
      'sources: a syslog listener cannot be read in a batch run (follow: false)',
    );
  for (const s of sources)
    if (s.kind === 'file' && (typeof s.path !== 'string' || s.path === ''))
      throw new RangeError('sources: a file source needs a path');
}

/** The engine of a monitor with several sources (see the module comment). */
export function createMultiEngine(options: EngineOptions): Engine {
  checkOptions(options);
  checkSources(options);
  const specs: SourceSpec[] = options.sources ?? [];
  const clock = options.clock ?? systemClock;
  const follow = options.follow ?? true;
  const windowSec = options.window ?? DEFAULT_PREFS.window;
  const warn = options.warn ?? ((m: string) => process.stderr.write(`${m}\n`));
  const events = createEmitter<{ event: [EngineEvent]; ingest: [lines: number] }>();
  const emit = (e: EngineEvent) => events.emit('event', e);
  const core = createCore(options, clock, emit, { source: options.file, nameSources: true });

  const patterns = specs.flatMap((s) => (s.kind === 'file' ? [s.path] : []));
  const stdinSpec = specs.find((s) => s.kind === 'stdin');
  const syslogSpecs = specs.filter((s) => s.kind === 'syslog');
  const entries: Entry[] = [];
  const files = new Map<string, FileInput>();
  const listeners: SyslogSource[] = [];
  /** The listener behind each listener entry (for its UDP drop count). */
  const listenerOf = new Map<Entry, SyslogSource>();
  const senders = new Map<string, Entry>();
  let pathSet: PathSet | null = null;
  let stdin: LineSource | null = null;
  let pace: ReplayPace | null = null;
  let timer: TimerHandle | null = null;
  let rescanTimer: TimerHandle | null = null;
  let started = false;
  let paused = false;
  let disposed = false;
  let heldWhilePaused: { run: () => void; lines: number }[] = [];
  let heldLines = 0;
  let droppedWhilePaused = 0;

  const ending = createEnding(() => disposed);
  const end = ending.end;

  function addEntry(source: string, kind: InputKind, src: SourceParse | null, rank: number): Entry {
    const entry: Entry = {
      rank,
      source,
      kind,
      state: 'waiting',
      code: 'starting',
      message: 'not started',
      ended: false,
      src,
    };
    entries.push(entry);
    return entry;
  }

  function setState(entry: Entry, s: Pick<InputEntry, 'state' | 'code' | 'message'>): void {
    entry.state = s.state;
    entry.code = s.code;
    entry.message = s.message;
    emit(fileEvent(core, clock, entry.source, { ...s, code: asFileCode(entry) }));
  }

  /** While following a file, say so when none of its lines so far is in a known format, and when one is. */
  function checkFormat(entry: Entry): void {
    const src = entry.src;
    if (entry.kind !== 'file' || entry.state !== 'following' || src === null) return;
    const unknown = src.format === null && src.detector.rejected > 0;
    if (unknown !== (entry.code === 'format-unknown'))
      setState(entry, unknown ? formatUnknownStatus(entry.source) : followingStatus(entry.source));
  }

  const feed = (batch: LineBatch, src: SourceParse): void => {
    events.emit('ingest', feedBatch(core, batch, src));
  };

  /** Lines of standard input or syslog: held while paused (bounded), counted otherwise. */
  function pushed(lines: number, run: () => void): void {
    if (!paused) return run();
    if (heldLines + lines > PAUSED_LINES) {
      droppedWhilePaused += lines;
      return;
    }
    heldLines += lines;
    heldWhilePaused.push({ run, lines });
  }

  /** Sinks of a stdin, gzip or syslog source; `name` maps a batch's source to its own name. */
  function sinksFor(entry: Entry | null, name: (source: string) => SourceParse): SourceSinks {
    return {
      lines: (batch) =>
        pushed(batch.lines.length, () => {
          feed({ lines: batch.lines, overlong: [] }, name(batch.source));
          afterPushed();
        }),
      malformed: (source, text, reason) =>
        pushed(1, () => core.ingestMalformed(text, reason, core.source(source))),
      state: (s) => {
        if (!entry) return;
        const next = fromSourceState(s);
        entry.ended = next.ended;
        setState(entry, next);
      },
    };
  }

  /** After lines of standard input alone: has its pace turned it live? */
  function afterPushed(): void {
    if (pace && !core.clock.live && pace.data(clock.now(), core.clock.now())) goLiveNow();
  }

  /** Put the clock live from a replay of piped input: its newest line was just read. */
  function goLiveNow(): void {
    const newest = core.clock.now();
    core.goLive(newest === null ? null : newest - clock.now());
  }

  // ---- files ----------------------------------------------------------------

  /** The first file source given whose path or glob names `path`. */
  const rankOf = (path: string) =>
    specs.findIndex(
      (s) =>
        s.kind === 'file' && (s.path === path || (isGlob(s.path) && matchesGlob(path, s.path))),
    );

  function fileEntry(path: string): Entry {
    return addEntry(path, 'file', core.source(path), rankOf(path));
  }

  /** A path a following monitor reads live: not a `.gz` and not a glob's rotated copy. */
  const followable = (path: string) =>
    !isGzipPath(path) && !(isRotatedName(path) && !patterns.includes(path));

  /** Read a `.gz` file to its end (lines counted as its own source). */
  async function readGzip(path: string): Promise<void> {
    const entry = fileEntry(path);
    const gz = createGzipSource(path, {
      sinks: sinksFor(entry, core.source.bind(core)),
      now: () => clock.now(),
    });
    await gz.start();
    await gz.done;
  }

  /** Batch: read one regular file to its end. */
  async function readWhole(path: string): Promise<void> {
    const entry = fileEntry(path);
    const f = createFollower({ path, start: 'start', follow: false, clock, raw: true });
    f.onLines((batch) => feed(batch, entry.src!));
    f.onState((state, message, code) => setState(entry, { state, code, message }));
    await f.start();
    await f.done;
    await f.dispose();
  }

  /** Batch: several plain files read as one time line (merged-batch.ts). */
  async function readMerged(paths: string[]): Promise<void> {
    const entries = paths.map(fileEntry);
    await readMergedByTime(
      entries.map((entry) => ({
        path: entry.source,
        deliver: (batch: LineBatch) => feed(batch, entry.src!),
      })),
      options.format ?? 'auto',
      () => disposed,
    );
    for (const entry of entries) {
      setState(entry, followingStatus(entry.source));
      checkFormat(entry);
    }
  }

  /**
   * Following: read each file's tail (or all of it with `fromStart`) before
   * going live (`live`: something is followed or listened to), silently
   * unless catching up; returns where each file's follower starts. Without
   * anything live (`.gz` files and standard input), this is a replay.
   */
  async function warmUp(paths: string[], live: boolean): Promise<Map<string, number | 'start'>> {
    const starts = new Map<string, number | 'start'>();
    let newestWrite = -Infinity;
    const silent = live && !options.fromStart;
    if (silent) core.beginWarmup();
    for (const path of paths) {
      if (isGzipPath(path)) {
        await readGzip(path).catch((err: Error) => warn(err.message));
        continue;
      }
      const entry = fileEntry(path);
      const src = entry.src!;
      try {
        let end: number;
        if (options.fromStart) {
          end = await endOfLastLine(path);
          if (end > 0) await readRange(path, 0, end, (b) => feed(b, src));
        } else {
          const tail = await findTailStart(path, options.format ?? 'auto', windowSec * 1000);
          if (tail.format) core.setFormat(tail.format, src);
          if (tail.fields) core.prime(tail.fields, src);
          if (tail.end > tail.offset)
            await readRange(path, tail.offset, tail.end, (b) => feed(b, src));
          end = tail.end;
        }
        starts.set(path, end);
        newestWrite = Math.max(newestWrite, (await stat(path)).mtimeMs);
      } catch {
        // Missing or unreadable: its follower reports it and reads it from 0 once it can.
        starts.set(path, 'start');
      }
    }
    const newest = core.clock.now();
    // The newest line against the newest write: the offset between the logs' clock and this one.
    const offset =
      newest === null || newestWrite === -Infinity ? null : Math.round(newest - newestWrite);
    if (silent) core.endWarmup(offset);
    else if (live) core.goLive(offset);
    return starts;
  }

  async function followFile(path: string, start: number | 'start'): Promise<void> {
    const entry = entries.find((e) => e.kind === 'file' && e.source === path) ?? fileEntry(path);
    const f = createFollower({
      path,
      start,
      follow: true,
      clock,
      ...followerTuning(options),
    });
    files.set(path, { entry, follower: f });
    f.onLines((batch) => {
      feed(batch, entry.src!);
      checkFormat(entry);
    });
    f.onState((state, message, code) => {
      setState(entry, { state, code, message });
      checkFormat(entry);
    });
    if (!paused) await f.start();
  }

  /** Globs: follow the files that started to match since the last look, from their start. */
  let rescanning = false;
  async function rescan(): Promise<void> {
    if (rescanning || disposed || ending.ended || !pathSet) return;
    rescanning = true;
    try {
      for (const path of await pathSet.rescan()) {
        if (disposed || ending.ended) return;
        if (followable(path)) await followFile(path, 'start');
      }
    } catch (err) {
      warn(`cannot look for new files: ${(err as Error).message}`);
    } finally {
      rescanning = false;
    }
  }

  // ---- standard input and syslog --------------------------------------------------

  async function startStdin(whenLive: boolean): Promise<void> {
    if (!stdinSpec || stdinSpec.kind !== 'stdin') return;
    const entry = addEntry('stdin', 'stdin', core.source('stdin'), specs.indexOf(stdinSpec));
    const input = (stdinSpec.stream ?? process.stdin) as Readable;
    // Standard input alone, following: a replay until its pace says it is live.
    if (follow && !whenLive) pace = new ReplayPace(clock.now());
    stdin = createStdinSource(input, {
      sinks: sinksFor(entry, () => entry.src!),
      now: () => clock.now(),
    });
    await stdin.start();
    const done = stdin.done.then(() => {
      // A monitor that reads nothing else ends with its input.
      if (files.size === 0 && listeners.length === 0 && !ending.ended && !disposed) {
        stopTimers();
        end(() => core.finish());
      }
    });
    if (!follow) await done;
  }

  /** The parse state of a syslog sender, bounded: past MAX_SENDERS they share one name. */
  function sender(listener: Entry, name: string): SourceParse {
    const known = senders.get(name);
    if (known) return known.src!;
    if (senders.size >= MAX_SENDERS) {
      const other = senders.get(OTHER_SENDERS);
      if (other) return other.src!;
      listener.message += `; over ${MAX_SENDERS} senders: the others are counted as '${OTHER_SENDERS}'`;
      name = OTHER_SENDERS;
    }
    // Listed after their listener, as they appear.
    const entry = addEntry(name, 'syslog', core.source(name), listener.rank + 0.5);
    entry.state = 'following';
    entry.code = 'syslog-sender';
    entry.message = `receiving syslog from ${name} on ${listener.source}`;
    senders.set(name, entry);
    return entry.src!;
  }

  async function startSyslog(): Promise<void> {
    for (const spec of syslogSpecs) {
      if (spec.kind !== 'syslog') continue;
      const entry = addEntry(spec.url, 'syslog', null, specs.indexOf(spec));
      const listener = createSyslogSource(spec.url, {
        ...(spec.allow ? { allow: spec.allow } : {}),
        sinks: sinksFor(entry, (name) => sender(entry, name)),
        warn,
        now: () => clock.now(),
      });
      listeners.push(listener);
      listenerOf.set(entry, listener);
      await listener.start();
      entry.source = listener.url;
    }
  }

  // ---- the engine --------------------------------------------------------------

  const stopTimers = () => {
    if (timer !== null) clock.clearInterval(timer);
    if (rescanTimer !== null) clock.clearInterval(rescanTimer);
    timer = rescanTimer = null;
  };

  const tick = () => {
    if (pace && !core.clock.live && pace.tick(clock.now())) goLiveNow();
    core.tick();
  };

  function startTimers(): void {
    if (!follow || ending.ended) return;
    timer ??= clock.setInterval(tick, TICK_MS);
    if (patterns.some(isGlob))
      rescanTimer ??= clock.setInterval(() => void rescan(), options.rescanMs ?? RESCAN_MS);
  }

  async function startBatch(): Promise<void> {
    const paths = pathSet!.paths();
    // Compressed files are rotated copies, older than the plain ones: read first, in order.
    for (const path of paths.filter(isGzipPath)) {
      if (disposed) return;
      await readGzip(path);
    }
    const plain = paths.filter((p) => !isGzipPath(p));
    if (plain.length === 1) await readWhole(plain[0]!);
    else if (plain.length > 1) await readMerged(plain);
    await startStdin(false);
    end(() => core.finish());
  }

  async function startFollowing(): Promise<void> {
    // A `.gz` named as such is read once; a glob's rotated copies are the live file's past.
    const paths = pathSet!.paths().filter((p) => followable(p) || patterns.includes(p));
    // Followed files and syslog put the clock live (syslog from the start); standard input
    // alone replays until its pace says it is live.
    const live = paths.some((p) => !isGzipPath(p)) || syslogSpecs.length > 0;
    const starts = await warmUp(paths, live);
    if (!live && !stdinSpec) core.goLive(null);
    for (const [path, start] of starts) await followFile(path, start);
    await startSyslog();
    await startStdin(live);
    startTimers();
  }

  function runHeld(): void {
    const held = heldWhilePaused;
    heldWhilePaused = [];
    heldLines = 0;
    for (const h of held) h.run();
    if (droppedWhilePaused > 0) {
      warn(
        `${droppedWhilePaused} lines from standard input or syslog arrived while paused and were dropped`,
      );
      droppedWhilePaused = 0;
    }
  }

  /** A UDP listener's row says how many datagrams the kernel dropped, when it knows and any were. */
  function withDrops(row: InputStatus, e: Entry): InputStatus {
    const drops = listenerOf.get(e)?.udpDrops() ?? null;
    if (drops === null || drops === 0) return row;
    const lost = `${drops} datagrams dropped by the kernel (receive buffer full; TCP is lossless)`;
    return { ...row, message: `${row.message}; ${lost}` };
  }

  async function releaseSources(): Promise<void> {
    for (const { follower } of files.values()) await follower?.dispose();
    for (const l of listeners) await l.dispose();
    await stdin?.dispose();
  }

  const engine: Engine = {
    finished: ending.finished,
    get paused() {
      return paused;
    },
    async start() {
      if (started || disposed) return;
      started = true;
      pathSet = await expandPatterns(patterns);
      try {
        await (follow ? startFollowing() : startBatch());
      } catch (err) {
        ending.fail(err);
        throw err;
      }
    },
    async stop() {
      if (ending.ended || disposed) return;
      stopTimers();
      for (const { follower } of files.values()) await follower?.stop();
      for (const l of listeners) await l.dispose();
      await stdin?.dispose();
      end(() => (follow ? core.summariseNow() : core.finish()));
    },
    async pause() {
      if (paused || !started) return;
      paused = true;
      stopTimers();
      for (const { follower } of files.values()) await follower?.stop();
    },
    async resume() {
      if (!paused) return;
      paused = false;
      for (const { follower } of files.values()) await follower?.start();
      runHeld();
      startTimers();
    },
    async reopen() {
      for (const { follower } of files.values()) await follower?.reopen();
    },
    setThreshold: (threshold: number) => setCoreThreshold(core, threshold),
    snapshot(): Snapshot {
      const inputs = [...entries]
        .sort((x, y) => x.rank - y.rank)
        .map((e) => withDrops(inputStatus(e, e.src?.format ?? null), e));
      return snapshotOf(core, {
        options,
        file: { path: options.file, ...combinedStatus(entries) },
        format: inputs.find((i) => i.format !== null)?.format ?? null,
        paused,
        inputs,
      });
    },
    onAny: (listener) => events.on('event', listener),
    onIngest: (listener) => events.on('ingest', listener),
    async dispose() {
      if (disposed) return;
      disposed = true;
      stopTimers();
      await releaseSources();
      files.clear();
      events.clear();
    },
  };
  return engine;
}
