import type {
  AlertEvent,
  EngineEvent,
  FormatName,
  FileState,
  FormatOption,
  MalformedEvent,
  SecondEvent,
  Snapshot,
  Stats,
  StatusClasses,
  SummaryEvent,
} from '../common/types';
import { maskHosts } from '../common/anonymize';
import { STATUS_CLASSES } from '../common/status-classes';
import { trafficState } from '../common/traffic-state';
import { AHEAD_LIMIT, AheadLines } from './ahead-lines';
import { AlertEvaluator, type Transition } from './alert-evaluator';
import type { AlertMemory, SecondDetail } from './api';
import { MonitorClock } from './clock';
import { decodeLine, decodeLines } from './follow/line-splitter';
import { emptyClfFields, type ClfFields } from './parse/clf-bytes';
import { INTS_PER_LINE, unpackLine, type ParsedBlock } from './parsed-block';
import type { Hit, LineParser } from './parse/types';
import { SourceParse } from './source-parse';
import { emptyCounts, statusClasses } from './stats/counts';
import { noKeys } from './stats/key-counts';
import type { SectionRequests } from './stats/section-classes';
import { TrafficStats } from './stats/traffic-stats';

export interface CoreOptions {
  threshold: number;
  /** Seconds. */
  window: number;
  /** Seconds. */
  interval: number;
  format: FormatOption;
  /** Injected wall clock, Unix ms. */
  wall: () => number;
  /**
   * true: the clock is live from the start (wall clock plus the log's offset).
   * false: it replays log time until `goLive` (a follower's back-fill or
   * catch-up) or for good (a batch run).
   */
  live: boolean;
  memory?: AlertMemory;
  emit: (event: EngineEvent) => void;
  /**
   * Each completed second for the history database, once, in order: live,
   * one second after it was evaluated; in replay, when it leaves the window
   * (so out-of-order lines are in it). Seconds up to `recordFrom` (Unix s,
   * what the database holds already) are not sent again.
   */
  onSecond?: (second: SecondDetail) => void;
  recordFrom?: number;
  /** Count client hosts by their /24, /48 or domain, and mask them in malformed samples. */
  anonymizeHosts?: boolean;
  /** Name of the source that `ingest` and friends read when given none (the followed file). */
  source?: string;
  /** Malformed events and samples name their source (a monitor of several sources). */
  nameSources?: boolean;
}

const HISTORY_LIMIT = 1000;
/** Recent seconds in a snapshot: one hour. */
const SECONDS_IN_SNAPSHOT = 3600;
const SAMPLE_LIMIT = 20;
const SAMPLE_CHARS = 200;
/** Recent seconds kept for late subscribers' charts: one hour. */
const SECONDS_LIMIT = 3600;
/** `place()`: the hit is stamped ahead of a live clock and waits in `ahead`. */
const HELD = -1;
/** A status of each class in STATUS_CLASSES' order, to count a fleet's seconds by (other: unknown). */
const CLASS_STATUS = [100, 200, 300, 400, 500, undefined] as const;

/**
 * The engine without I/O. One path from bytes to events:
 *   ingestBlock / ingest → parse (byte reader or string parser) → place (the
 *   clock decides the hit's second) → TrafficStats (window, interval, totals)
 *   → advance: every completed second goes to the AlertEvaluator, whose
 *   transitions become events; intervals roll into summaries.
 * Driven by `ingest` (lines) and `tick` (time), so tests need neither files
 * nor sleeping.
 */
export class MonitorCore {
  readonly clock: MonitorClock;
  private readonly traffic: TrafficStats;
  /** Each source's parser, byte reader and format detector (source-parse.ts), by name. */
  private readonly sources = new Map<string, SourceParse>();
  /** The source of a core that reads one (and of `ingest` calls naming none). */
  private readonly main: SourceParse;
  private readonly fields: ClfFields = emptyClfFields();
  private warming = false;

  /** Last evaluated second; null before the first hit. */
  private cursor: number | null = null;
  private readonly evaluator: AlertEvaluator;
  private readonly ahead = new AheadLines<SourceParse>();
  /** Held lines are being placed: they were samples for the clock when read, not again. */
  private draining = false;
  private maxHitSec = -Infinity;
  /** The window average and alert flag of recent seconds, by second (for `onSecond`). */
  private readonly evaluated: { sec: Float64Array; avg: Float64Array; alert: Uint8Array };
  /** Every second up to this one went to `onSecond`. */
  private recordedThrough: number;
  private firstSec: number | null = null;
  private intervalStart: number | null = null;

  readonly history: AlertEvent[];
  readonly samples: MalformedEvent[] = [];
  readonly seconds: SecondEvent[] = [];
  lastSummary: SummaryEvent | null = null;
  private lastMalformedEmit = -Infinity;
  /**
   * What place() made of the last timestamp, reused for the next hit with the
   * same one (most lines share their second) while nothing moved the clock.
   */
  private readonly placed = {
    ts: NaN,
    clock: -1,
    sec: null as number | null,
    late: false,
    nowSec: 0,
    evaluated: false,
    /** Lines stamped `ts` placed since it was sampled for the live clock's offset. */
    weight: 0,
  };

  constructor(private readonly opts: CoreOptions) {
    this.clock = new MonitorClock(opts.wall);
    if (opts.live) this.clock.goLive(null);
    this.traffic = new TrafficStats(opts.window, opts.anonymizeHosts ?? false);
    this.evaluator = new AlertEvaluator(opts.window, opts.threshold, opts.memory);
    const size = opts.window + 4;
    this.evaluated = {
      sec: new Float64Array(size).fill(NaN),
      avg: new Float64Array(size),
      alert: new Uint8Array(size),
    };
    this.recordedThrough = opts.recordFrom ?? -Infinity;
    this.history = (opts.memory?.history ?? []).slice(-HISTORY_LIMIT);
    this.main = this.source(opts.source ?? '-');
  }

  /**
   * The parse state of the source `name`, made on first use (with the forced
   * format, if any). The caller bounds how many names it makes.
   */
  source(name: string): SourceParse {
    let s = this.sources.get(name);
    if (s === undefined) {
      s = new SourceParse(name, this.traffic.sources);
      if (this.opts.format !== 'auto') s.use(this.opts.format);
      this.sources.set(name, s);
    }
    return s;
  }

  /** Format of the main source's lines; null until known. */
  get format(): FormatName | null {
    return this.main.format;
  }

  /** The main source's format detector. */
  get detector(): SourceParse['detector'] {
    return this.main.detector;
  }

  /** Current window average (req/s) as of the last evaluated second. */
  get avg(): number {
    return this.evaluator.avg;
  }

  /** Hits in the window as of the last evaluated second. */
  get windowHits(): number {
    return this.evaluator.windowSum;
  }

  /** The threshold in force (it can change live; the next evaluated second uses it). */
  get threshold(): number {
    return this.evaluator.threshold;
  }

  set threshold(t: number) {
    this.evaluator.threshold = t;
  }

  /** Whether an alert is active, and since when (Unix ms). */
  get alert(): { active: boolean; since: number | null } {
    return { active: this.evaluator.active, since: this.evaluator.since };
  }

  /** Lines of a live log waiting to be confirmed (stamped ahead of the clock). */
  get heldAhead(): number {
    return this.ahead.size;
  }

  /** A batch of lines starts: the wall clock is read once for all of them. */
  beginBatch(): void {
    this.clock.hold();
  }

  /** The batch is counted: the live clock re-estimates its offset; held lines are looked at again. */
  endBatch(): void {
    this.flushWeight();
    this.placed.ts = NaN;
    this.clock.release();
    this.drainAhead();
  }

  /**
   * Lines read before following starts (the back-filled tail): they fill the
   * window and the totals silently (no transitions, summaries or events), so a
   * restart does not replay a half-read window into false recoveries. End
   * with `endWarmup`, which goes live and judges the present second with the
   * full window.
   */
  beginWarmup(): void {
    this.placed.ts = NaN;
    this.warming = true;
  }

  /**
   * The back-fill is read: go live with `offset` (the file's newest timestamp
   * against its modification time), let the seconds up to now pass silently,
   * then judge the present once. A log that went quiet minutes ago starts
   * quiet, with no alert and summaries stamped with the current time.
   * `live` false: the clock stays on the counted seconds (a fleet's, see `countSecond`).
   */
  endWarmup(offset: number | null, live = true): void {
    this.placed.ts = NaN;
    if (live) this.goLive(offset);
    const now = this.clock.now();
    if (now === null || this.cursor === null) {
      this.warming = false;
      return;
    }
    const nowSec = Math.floor(now / 1000);
    this.evaluateThrough(nowSec - 1);
    this.traffic.expireThrough(nowSec);
    this.warming = false;
    // The back-filled lines count since start, not in the first interval.
    this.intervalStart = nowSec;
    this.traffic.foldInterval();
    const t = this.evaluator.judge(this.cursor);
    if (t) this.transition(t, this.cursor);
    this.advance(now);
  }

  /**
   * The replayed part of a live log is read (a `--from-start` catch-up, or
   * nothing at all): from now on the clock is the wall clock plus `offset`
   * (null: estimate it from the first lines).
   */
  goLive(offset: number | null): void {
    this.placed.ts = NaN;
    this.clock.goLive(offset);
  }

  /** Feed complete lines (and the heads of lines over the length cap) of source `src`. */
  ingest(lines: readonly string[], overlong: readonly string[] = [], src = this.main): void {
    for (const head of overlong) this.malformed(head, 'line longer than 64 KiB', src);
    const parser = src.parser ?? this.detect(lines, src);
    if (parser === null) return;
    for (const line of lines) this.line(parser, line, src);
  }

  /** A frame or line of `src` that is not a log line (a bad syslog frame), with the reason. */
  ingestMalformed(text: string, reason: string, src = this.main): void {
    this.malformed(text, reason, src);
  }

  /**
   * Feed a block of complete lines, each ending with its `\n` (a follower's
   * raw batch; the block may be reused once this returns). Common and
   * combined lines of the usual shape are counted straight from the bytes;
   * every other line is decoded and parsed as a string. Returns the number
   * of lines.
   */
  ingestBlock(block: Buffer, src = this.main): number {
    const read = src.byteReader;
    const parser = src.parser;
    if (read === null || parser === null) {
      // Every line of a block ends with its `\n`: the last one is not the start of another.
      const lines = block.length === 0 ? [] : decodeLines(block, 0, block.length - 1);
      this.ingest(lines, [], src);
      return lines.length;
    }
    let count = 0;
    const f = this.fields;
    const view = new DataView(block.buffer, block.byteOffset, block.length);
    for (let pos = 0; pos < block.length;) {
      let nl = block.indexOf(10, pos);
      if (nl === -1) nl = block.length;
      if (!read(block, pos, nl, f)) this.parseBytes(parser, block, pos, nl, src);
      else if (!this.countFields(view, f, src)) this.holdAhead(f.time, block, pos, nl, src);
      pos = nl + 1;
      count++;
    }
    return count;
  }

  /**
   * `ingestBlock` for a block whose lines a batch reader's worker has read
   * already (parsed-block.ts): only the counting is left. Returns the number
   * of lines.
   */
  ingestParsed(p: ParsedBlock, src = this.main): number {
    const block = p.bytes;
    const parser = src.parser;
    if (src.byteReader === null || parser === null) {
      const end = p.lines === 0 ? 0 : p.ints[(p.lines - 1) * INTS_PER_LINE + 1]! + 1;
      return this.ingestBlock(block.subarray(0, end), src);
    }
    const f = this.fields;
    const view = new DataView(block.buffer, block.byteOffset, block.length);
    for (let i = 0; i < p.lines; i++) {
      if (unpackLine(p, i, f)) this.countFields(view, f, src);
      else
        this.parseBytes(
          parser,
          block,
          p.ints[i * INTS_PER_LINE]!,
          p.ints[i * INTS_PER_LINE + 1]!,
          src,
        );
    }
    return p.lines;
  }

  /**
   * Count a line the byte reader accepted; its keys are looked up by their
   * bytes in `view`. False when the line is stamped ahead of a live clock
   * (the caller holds it).
   */
  private countFields(view: DataView, f: ClfFields, src: SourceParse): boolean {
    const t = this.traffic;
    const sec = this.place(f.time);
    if (sec === HELD) return false;
    t.addRecords(
      f.status < 0 ? undefined : f.status,
      f.bytes < 0 ? undefined : f.bytes,
      t.sectionKeys.get(view, f.sectionStart, f.sectionEnd, f.sectionHash),
      f.hostStart < 0 ? null : t.hostKeys.get(view, f.hostStart, f.hostEnd, f.hostHash),
      t.methodKeys.get(view, f.methodStart, f.methodEnd, f.methodHash),
      f.status < 0 ? null : t.codeRecord(f.status),
      sec,
      src.key(),
    );
    return true;
  }

  /** Keep the line block[start, end) until the lines around it confirm its time. */
  private holdAhead(ts: number, block: Buffer, start: number, end: number, src: SourceParse): void {
    this.holdText(ts, decodeLine(block, start, end), src);
  }

  private holdText(ts: number, text: string, src: SourceParse): void {
    // Full: the lines held so far may confirm each other (a large backlog) before giving up.
    if (this.ahead.size >= AHEAD_LIMIT) this.drainAhead();
    if (!this.ahead.hold(ts, text, this.opts.wall(), src)) this.countSkewed(text, src);
  }

  /** A line stamped ahead that nothing confirmed: in the totals, not in the window. */
  private countSkewed(text: string, src: SourceParse): void {
    const r = src.parser?.parse(text);
    if (r?.kind === 'hit') this.traffic.add(r.hit, null, src.key());
    this.traffic.note('skewed', null);
  }

  /**
   * Place the held lines that are confirmed (the clock catches up with them)
   * or whose time the clock has reached; count those held too long as skewed.
   */
  private drainAhead(): void {
    if (this.ahead.size === 0) return;
    this.flushWeight();
    this.placed.ts = NaN;
    this.draining = true;
    try {
      this.ahead.drain((ts) => this.clock.isAhead(ts), this.opts.wall(), {
        catchUp: (ts) => this.clock.catchUp(ts),
        // Only lines a parser read are held: the source has one.
        place: (text, src) => this.line(src.parser!, text, src),
        expire: (text, src) => this.countSkewed(text, src),
      });
    } finally {
      this.draining = false;
      this.placed.weight = 0;
      this.placed.ts = NaN;
    }
  }

  /** Parse the line block[start, end) (its `\n` excluded) as a string. */
  private parseBytes(
    parser: LineParser,
    block: Buffer,
    start: number,
    end: number,
    src: SourceParse,
  ): void {
    this.line(parser, decodeLine(block, start, end), src);
  }

  private line(parser: LineParser, line: string, src: SourceParse): void {
    const r = parser.parse(line);
    if (r.kind === 'hit') this.hit(r.hit, line, src);
    else if (r.kind === 'malformed') this.malformed(line, r.reason, src);
  }

  /** Prime a stateful parser (the W3C `#Fields` line found above the back-filled tail). */
  prime(directive: string, src = this.main): void {
    src.parser?.parse(directive);
  }

  /** Format still unknown: the parser these lines decide on, or null (they were counted). */
  private detect(lines: readonly string[], src: SourceParse): LineParser | null {
    const found = src.detector.offer(lines);
    for (const line of found.unrecognised) this.malformed(line, 'log format not recognised', src);
    if (found.format === null) return null;
    src.use(found.format);
    return src.parser;
  }

  /** Use this format for `src` from now on (detected from the file's head). */
  setFormat(format: FormatName, src = this.main): void {
    if (src.parser === null) src.use(format);
  }

  /** Let the clock move with the wall clock: evaluate completed seconds, roll intervals. */
  tick(): void {
    this.placed.ts = NaN;
    if (this.warming) return;
    this.clock.settle();
    this.drainAhead();
    const now = this.clock.now();
    if (now !== null) this.advance(now);
  }

  /** End of a batch run: treat the last second as complete and emit the final summary. */
  finish(): void {
    this.flushWeight();
    this.placed.ts = NaN;
    const now = this.clock.now();
    const nowSec = now === null ? Math.floor(this.opts.wall() / 1000) : Math.floor(now / 1000);
    this.evaluateThrough(nowSec);
    if (this.opts.onSecond) this.recordThrough(nowSec);
    this.emitSummary(nowSec + 1);
  }

  /**
   * A followed run is stopped (SIGINT/SIGTERM): the summary of what was read
   * since the last one. The current second is not judged: it is not complete.
   */
  summariseNow(): void {
    const now = this.clock.now() ?? this.opts.wall();
    this.emitSummary(Math.floor(now / 1000) + 1);
  }

  /**
   * One whole second of a fleet, read from Prometheus (docs/reference/clock.md,
   * "A fleet's clock"): its requests by status class (whole numbers, summing to
   * its hits) and the part of them each section had. Counted as that many lines
   * stamped in second `sec` are, through the same window, evaluator and
   * summaries; the clock (log time, as in a replay) moves to the end of the
   * second, which is complete, so it is evaluated at once.
   */
  countSecond(sec: number, status: StatusClasses, sections: readonly [string, number][]): void {
    this.placed.ts = NaN;
    if (this.cursor === null) {
      this.cursor = sec - 1;
      this.firstSec = sec;
      this.intervalStart = sec;
    }
    const now = this.clock.now();
    const late = now !== null && sec <= Math.floor(now / 1000) - this.opts.window;
    const hits = STATUS_CLASSES.reduce((sum, c) => sum + status[c], 0);
    if (!late && sec <= this.cursor) this.evaluator.addLate(hits);
    if (!late && sec > this.maxHitSec) this.maxHitSec = sec;
    const t = this.traffic;
    // Classes and sections paired in order: both breakdowns stay exact (Prometheus
    // does not say which section had which status).
    let s = 0;
    let left = sections[0]?.[1] ?? 0;
    STATUS_CLASSES.forEach((cls, i) => {
      for (let n = status[cls]; n > 0;) {
        while (s < sections.length && left <= 0) left = sections[++s]?.[1] ?? 0;
        const named = s < sections.length;
        const take = named ? Math.min(n, left) : n;
        const rec = named ? t.sections.touch(sections[s]![0], true) : null;
        t.addRecords(
          CLASS_STATUS[i],
          undefined,
          rec,
          null,
          null,
          null,
          late ? null : sec,
          null,
          take,
        );
        n -= take;
        left -= take;
      }
    });
    this.clock.observe((sec + 1) * 1000);
    this.advance(this.clock.now()!);
    if (this.opts.onSecond) this.recordThrough(this.cursor);
  }

  /** Requests since start by exported section and status class (for /metrics; they only grow). */
  sectionRequests(): SectionRequests[] {
    return this.traffic.sectionClasses.rows();
  }

  /**
   * Everything a snapshot shows but where the input comes from (its `file`
   * and `format`), which the engine adds: `input` is the state of that input.
   */
  picture(input: FileState, paused: boolean): Omit<Snapshot, 'file' | 'format'> {
    return {
      at: this.clock.now(),
      threshold: this.threshold,
      window: this.opts.window,
      interval: this.opts.interval,
      avg: this.avg,
      windowHits: this.windowHits,
      alert: { ...this.alert },
      state: trafficState({
        hasFile: true,
        paused,
        file: input,
        alert: this.alert.active,
        avg: this.avg,
        threshold: this.threshold,
      }),
      paused,
      lastSummary: this.lastSummary,
      stats: this.stats(),
      seconds: this.seconds.slice(-SECONDS_IN_SNAPSHOT),
      malformedSamples: [...this.samples],
      history: [...this.history],
      sectionRequests: this.sectionRequests(),
    };
  }

  /** Figures for the current window and since start. */
  stats(): { window: Stats; total: Stats } {
    const now = this.clock.now();
    const nowSec = now === null ? 0 : Math.floor(now / 1000);
    return this.traffic.current(
      this.firstSec === null ? 0 : Math.max(1, nowSec + 1 - this.firstSec),
    );
  }

  private hit(hit: Hit, line: string, src: SourceParse): void {
    const sec = this.place(hit.time);
    if (sec === HELD) this.holdText(hit.time, line, src);
    else this.traffic.add(hit, sec, src.key());
  }

  /**
   * Where a hit stamped `ts` goes (docs/reference/clock.md): its second when
   * that is inside the window; null when it is late or skewed (counted as
   * such here; it still counts in the interval and totals); HELD when it is
   * stamped ahead of a live clock and must wait for confirmation.
   */
  private place(ts: number): number | null {
    const sec = this.placeOnce(ts);
    // A line read after held ones and not ahead itself speaks against them.
    if (sec !== HELD && !this.draining) this.ahead.pass();
    return sec;
  }

  private placeOnce(ts: number): number | null {
    const p = this.placed;
    if (ts === p.ts && p.clock === this.clock.version) {
      p.weight++;
      if (p.sec === null) {
        this.traffic.note(p.late ? 'late' : 'skewed', p.late ? p.nowSec : null);
        return null;
      }
      if (p.evaluated) this.evaluator.addLate();
      return p.sec;
    }
    this.flushWeight();
    const sec = this.placeAgain(ts);
    p.ts = this.clock.steady ? ts : NaN;
    p.clock = this.clock.version;
    p.sec = sec;
    return sec;
  }

  /** Live: the lines that shared the cached timestamp are samples for the clock's offset. */
  private flushWeight(): void {
    const p = this.placed;
    if (p.weight > 0 && this.clock.live && !this.draining)
      this.clock.observe(p.ts, p.weight, p.sec === HELD);
    p.weight = 0;
  }

  private placeAgain(ts: number): number | null {
    const p = this.placed;
    const live = this.clock.live;
    if (this.clock.isAhead(ts)) {
      if (live) {
        this.clock.observe(ts, 1, true);
        p.late = false;
        return HELD;
      }
      p.late = false;
      this.traffic.note('skewed', null);
      return null;
    }
    // A held line was a sample when read; catching up, it moves the clock like any line.
    if (!this.draining || this.clock.catchingUp) this.clock.observe(ts);
    const sec = Math.floor(ts / 1000);
    if (this.cursor === null) {
      this.cursor = sec - 1;
      this.firstSec = sec;
      this.intervalStart = sec;
    }
    const now = this.clock.now()!;
    this.advance(now);
    const nowSec = Math.floor(now / 1000);
    if (sec <= nowSec - this.opts.window) {
      p.late = true;
      p.nowSec = nowSec;
      this.traffic.note('late', nowSec);
      return null;
    }
    if (sec > this.maxHitSec) this.maxHitSec = sec;
    p.evaluated = sec <= this.cursor;
    if (p.evaluated) this.evaluator.addLate(); // its second was evaluated already
    if (this.firstSec === null || sec < this.firstSec) this.firstSec = sec;
    return sec;
  }

  private malformed(text: string, reason: string, src: SourceParse): void {
    const line = this.opts.anonymizeHosts ? maskHosts(text) : text;
    const now = this.clock.now();
    this.traffic.note('malformed', now === null ? null : Math.floor(now / 1000));
    const event: MalformedEvent = {
      type: 'malformed',
      at: now ?? this.opts.wall(),
      line: line.length > SAMPLE_CHARS ? line.slice(0, SAMPLE_CHARS) : line,
      reason,
      ...(this.opts.nameSources ? { source: src.name } : {}),
    };
    this.samples.push(event);
    if (this.samples.length > SAMPLE_LIMIT) this.samples.shift();
    const wall = this.opts.wall();
    if (wall - this.lastMalformedEmit >= 1000) {
      this.lastMalformedEmit = wall;
      this.opts.emit(event);
    }
  }

  private advance(now: number): void {
    const nowSec = Math.floor(now / 1000);
    this.evaluateThrough(nowSec - 1);
    // Seconds leave the window before a replay records them: leaving brings their keys'
    // history tags up to date (TrafficStats), so recording them reads no key record.
    this.traffic.expireThrough(nowSec);
    if (this.opts.onSecond && this.cursor !== null)
      this.recordThrough(this.clock.live ? this.cursor - 1 : nowSec - this.opts.window);
    this.rollInterval(nowSec);
  }

  /** Evaluate every second after the cursor up to `last`, once each (docs/reference/alerts.md). */
  private evaluateThrough(last: number): void {
    if (this.cursor === null) return;
    const W = this.opts.window;
    const ev = this.evaluator;
    let c = this.cursor;
    while (c < last) {
      if (ev.windowSum === 0 && !ev.active && this.maxHitSec <= c) {
        // Nothing in the window and nothing ahead: every second up to `last` is 0 req/s.
        c = last;
        break;
      }
      c++;
      const t = ev.complete(c, this.traffic.hits(c), this.traffic.hits(c - W), !this.warming);
      if (t) this.transition(t, c);
      const slot = c % this.evaluated.sec.length;
      // A replay records a second once it has left the window; a gap after a few lines can
      // evaluate more seconds than the ring holds before that: record the one this slot holds
      // first (it is older than the window, so complete), or it would never reach the history.
      const held = this.evaluated.sec[slot]!;
      if (this.opts.onSecond && held > this.recordedThrough) this.recordThrough(held);
      this.evaluated.sec[slot] = c;
      this.evaluated.avg[slot] = ev.avg;
      this.evaluated.alert[slot] = ev.active ? 1 : 0;
      const second: SecondEvent = {
        type: 'second',
        at: c * 1000,
        hits: this.traffic.hits(c),
        avg: ev.avg,
        alert: ev.active,
      };
      this.pushSecond(second);
      if (!this.warming) this.opts.emit(second);
    }
    this.cursor = c;
  }

  /** Send the seconds after `recordedThrough` up to `last` that hold anything to `onSecond`. */
  private recordThrough(last: number): void {
    const from = Math.max(this.recordedThrough + 1, this.firstSec ?? last + 1);
    if (last < from) return;
    this.recordedThrough = last;
    const send = this.opts.onSecond!;
    const ev = this.evaluated;
    // Only the ring's seconds can hold anything; a long quiet stretch is not walked second by second.
    const secs: number[] = [];
    if (last - from < ev.sec.length) for (let c = from; c <= last; c++) secs.push(c);
    else {
      for (const c of ev.sec) if (c >= from && c <= last) secs.push(c);
      secs.sort((a, b) => a - b);
    }
    for (const c of secs) {
      const d = this.traffic.secondDetail(c);
      const slot = c % ev.sec.length;
      const known = ev.sec[slot] === c;
      const avg = known ? ev.avg[slot]! : 0;
      if (!d && avg === 0) continue;
      const k = d?.counts;
      send({
        at: c * 1000,
        hits: k?.hits ?? 0,
        bytes: k?.bytes ?? 0,
        status: d?.status ?? statusClasses(emptyCounts()),
        malformed: k?.malformed ?? 0,
        late: k?.late ?? 0,
        skewed: k?.skewed ?? 0,
        avg,
        alert: known && ev.alert[slot] === 1,
        sections: d?.sections ?? noKeys,
        hosts: d?.hosts ?? noKeys,
        codes: d?.codes ?? noKeys,
        methods: d?.methods ?? noKeys,
      });
    }
  }

  private pushSecond(second: SecondEvent): void {
    this.seconds.push(second);
    if (this.seconds.length > SECONDS_LIMIT * 2)
      this.seconds.splice(0, this.seconds.length - SECONDS_LIMIT);
  }

  private transition(type: Transition, sec: number): void {
    const ev = this.evaluator;
    const round = (n: number) => Math.round(n * 1000) / 1000;
    const event: AlertEvent = {
      type,
      at: sec * 1000,
      avg: round(ev.avg),
      peak: round(ev.peak),
      hits: ev.windowSum,
      threshold: ev.threshold,
      window: this.opts.window,
    };
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT)
      this.history.splice(0, this.history.length - HISTORY_LIMIT);
    this.opts.emit(event);
  }

  /** Emit the summary of the interval that the clock has left, if it has left one. */
  private rollInterval(nowSec: number): void {
    if (this.warming) return;
    // Following a log with no line yet (or none that parses): intervals run on the wall clock.
    if (this.intervalStart === null) this.intervalStart = nowSec;
    const I = this.opts.interval;
    const end = (Math.floor(this.intervalStart / I) + 1) * I;
    if (nowSec < end) return;
    this.emitSummary(end);
    // Intervals skipped over in one jump (a replay crossing a gap) had no lines: not reported.
    this.intervalStart = Math.floor(nowSec / I) * I;
  }

  private emitSummary(endSec: number): void {
    const start = this.intervalStart ?? endSec;
    const totalSeconds = this.firstSec === null ? 0 : Math.max(1, endSec - this.firstSec);
    const summary: SummaryEvent = {
      type: 'summary',
      at: endSec * 1000,
      ...this.traffic.endInterval(Math.max(1, endSec - start), totalSeconds),
    };
    this.lastSummary = summary;
    this.intervalStart = endSec;
    this.opts.emit(summary);
  }
}
