import type {
  AlertEvent,
  EngineEvent,
  FormatName,
  FormatOption,
  MalformedEvent,
  SecondEvent,
  Stats,
  SummaryEvent,
} from '../common/types';
import type { AlertMemory } from './api';
import { MonitorClock } from './clock';
import { decodeLines } from './follow/line-splitter';
import { createParser, detectFormat } from './parse';
import { createClfByteReader, emptyClfFields, type ClfFields } from './parse/clf-bytes';
import { INTS_PER_LINE, unpackLine, type ParsedBlock } from './parsed-block';
import type { Hit, LineParser } from './parse/types';
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
  /** false for batch runs: time moves only with timestamps. */
  followWall: boolean;
  memory?: AlertMemory;
  emit: (event: EngineEvent) => void;
}

const HISTORY_LIMIT = 1000;
const SAMPLE_LIMIT = 20;
const SAMPLE_CHARS = 200;
/** Recent seconds kept for late subscribers' charts: one hour. */
const SECONDS_LIMIT = 3600;
/** Lines buffered while the format is still unknown. */
const DETECT_BUFFER = 50;

/**
 * The engine without I/O: parses lines, keeps the clock, the per-second
 * window, interval and since-start tallies, evaluates every completed second
 * against the threshold and emits events. Driven by `ingest` (lines) and
 * `tick` (time), so tests need neither files nor sleeping.
 */
export class MonitorCore {
  readonly clock: MonitorClock;
  private readonly traffic: TrafficStats;
  private parser: LineParser | null = null;
  /** The byte-level reader of common/combined lines in their usual shape; null for other formats. */
  private byteReader: ReturnType<typeof createClfByteReader> | null = null;
  private readonly fields: ClfFields = emptyClfFields();
  private pending: string[] = [];
  private warming = false;

  /** Last evaluated second; null before the first hit. */
  private cursor: number | null = null;
  /** Hits in (cursor - window, cursor]. */
  private windowSum = 0;
  private maxHitSec = -Infinity;
  private firstSec: number | null = null;
  private intervalStart: number | null = null;

  threshold: number;
  readonly alert: { active: boolean; since: number | null };
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
  };
  private lastAvg = 0;

  constructor(private readonly opts: CoreOptions) {
    this.clock = new MonitorClock(opts.wall, opts.followWall);
    this.traffic = new TrafficStats(opts.window);
    this.threshold = opts.threshold;
    this.alert = { active: opts.memory?.active ?? false, since: opts.memory?.since ?? null };
    this.history = (opts.memory?.history ?? []).slice(-HISTORY_LIMIT);
    if (opts.format !== 'auto') this.useParser(opts.format);
  }

  private useParser(format: FormatName): void {
    this.parser = createParser(format);
    this.byteReader = format === 'common' || format === 'combined' ? createClfByteReader() : null;
  }

  get format(): FormatName | null {
    return this.parser?.format ?? null;
  }

  /** Current window average (req/s) as of the last evaluated second. */
  get avg(): number {
    return this.lastAvg;
  }

  /** Hits in the window as of the last evaluated second. */
  get windowHits(): number {
    return this.windowSum;
  }

  /**
   * Lines read before following starts (the back-filled tail): they fill the
   * window and the totals silently (no transitions, summaries or events), so a
   * restart does not replay a half-read window into false recoveries. End
   * with `endWarmup`, which judges the present second with the full window.
   */
  beginWarmup(): void {
    this.placed.ts = NaN;
    this.warming = true;
  }

  endWarmup(): void {
    this.placed.ts = NaN;
    this.warming = false;
    const now = this.clock.now();
    if (now === null || this.cursor === null) return;
    // The back-filled lines count since start, not in the first interval.
    this.intervalStart = Math.floor(now / 1000);
    this.traffic.foldInterval();
    const avg = this.windowSum / this.opts.window;
    if (!this.alert.active && avg > this.threshold) this.transition('alert', this.cursor, avg);
    else if (this.alert.active && avg <= this.threshold)
      this.transition('recovery', this.cursor, avg);
    this.advance(now);
  }

  /** Feed complete lines (and the heads of lines over the length cap). */
  ingest(lines: readonly string[], overlong: readonly string[] = []): void {
    for (const head of overlong) this.malformed(head, 'line longer than 64 KiB');
    if (this.parser === null) {
      this.pending.push(...lines);
      this.tryDetect();
      return;
    }
    for (const line of lines) this.line(this.parser, line);
  }

  /**
   * Feed a block of complete lines, each ending with its `\n` (a follower's
   * raw batch; the block may be reused once this returns). Common and
   * combined lines of the usual shape are counted straight from the bytes;
   * every other line is decoded and parsed as a string. Returns the number
   * of lines.
   */
  ingestBlock(block: Buffer): number {
    const read = this.byteReader;
    if (read === null || this.parser === null) {
      // Every line of a block ends with its `\n`: the last one is not the start of another.
      const lines = block.length === 0 ? [] : decodeLines(block, 0, block.length - 1);
      this.ingest(lines);
      return lines.length;
    }
    let count = 0;
    const f = this.fields;
    const view = new DataView(block.buffer, block.byteOffset, block.length);
    for (let pos = 0; pos < block.length;) {
      let nl = block.indexOf(10, pos);
      if (nl === -1) nl = block.length;
      if (read(block, pos, nl, f)) this.countFields(view, f);
      else this.decodeLine(this.parser, block, pos, nl);
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
  ingestParsed(p: ParsedBlock): number {
    const block = p.bytes;
    if (this.byteReader === null || this.parser === null) {
      const end = p.lines === 0 ? 0 : p.ints[(p.lines - 1) * INTS_PER_LINE + 1]! + 1;
      return this.ingestBlock(block.subarray(0, end));
    }
    const f = this.fields;
    const view = new DataView(block.buffer, block.byteOffset, block.length);
    for (let i = 0; i < p.lines; i++) {
      if (unpackLine(p, i, f)) this.countFields(view, f);
      else
        this.decodeLine(
          this.parser,
          block,
          p.ints[i * INTS_PER_LINE]!,
          p.ints[i * INTS_PER_LINE + 1]!,
        );
    }
    return p.lines;
  }

  /** Count a line the byte reader accepted; its keys are looked up by their bytes in `view`. */
  private countFields(view: DataView, f: ClfFields): void {
    const t = this.traffic;
    const sec = this.place(f.time);
    t.addRecords(
      f.status < 0 ? undefined : f.status,
      f.bytes < 0 ? undefined : f.bytes,
      t.sectionKeys.get(view, f.sectionStart, f.sectionEnd, f.sectionHash),
      f.hostStart < 0 ? null : t.hostKeys.get(view, f.hostStart, f.hostEnd, f.hostHash),
      t.methodKeys.get(view, f.methodStart, f.methodEnd, f.methodHash),
      f.status < 0 ? null : t.codeRecord(f.status),
      sec,
    );
  }

  /** Parse the line block[start, end) (its `\n` excluded) as a string. */
  private decodeLine(parser: LineParser, block: Buffer, start: number, end: number): void {
    if (end > start && block[end - 1] === 13) end--;
    this.line(parser, block.toString('utf8', start, end));
  }

  private line(parser: LineParser, line: string): void {
    const r = parser.parse(line);
    if (r.kind === 'hit') this.hit(r.hit);
    else if (r.kind === 'malformed') this.malformed(line, r.reason);
  }

  /** Prime a stateful parser (the W3C `#Fields` line found above the back-filled tail). */
  prime(directive: string): void {
    this.parser?.parse(directive);
  }

  /** Use this format from now on (detected from the file's head). */
  setFormat(format: FormatName): void {
    if (this.parser === null) {
      this.useParser(format);
      const pending = this.pending;
      this.pending = [];
      this.ingest(pending);
    }
  }

  /** Let the clock move with the wall clock: evaluate completed seconds, roll intervals. */
  tick(): void {
    this.placed.ts = NaN;
    const now = this.clock.now();
    if (now !== null && !this.warming) this.advance(now);
  }

  /** End of a batch run: treat the last second as complete and emit the final summary. */
  finish(): void {
    this.placed.ts = NaN;
    if (this.parser === null && this.pending.length > 0) {
      const pending = this.pending;
      this.pending = [];
      for (const line of pending)
        if (line.trim() !== '') this.malformed(line, 'log format not recognised');
    }
    const now = this.clock.now();
    const nowSec = now === null ? Math.floor(this.opts.wall() / 1000) : Math.floor(now / 1000);
    this.evaluateThrough(nowSec);
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

  /** Figures for the current window and since start. */
  stats(): { window: Stats; total: Stats } {
    const now = this.clock.now();
    const nowSec = now === null ? 0 : Math.floor(now / 1000);
    return this.traffic.current(
      this.firstSec === null ? 0 : Math.max(1, nowSec + 1 - this.firstSec),
    );
  }

  private tryDetect(): void {
    const format = detectFormat(this.pending.slice(0, DETECT_BUFFER));
    if (format !== null) {
      this.setFormat(format);
      return;
    }
    if (this.pending.length >= DETECT_BUFFER) {
      // Nothing recognisable: count these as malformed and keep trying on later lines.
      const pending = this.pending;
      this.pending = [];
      for (const line of pending)
        if (line.trim() !== '') this.malformed(line, 'log format not recognised');
    }
  }

  private hit(hit: Hit): void {
    this.traffic.add(hit, this.place(hit.time));
  }

  /**
   * A hit stamped `ts` moves the clock (SPEC section 4). Returns its second
   * when that is inside the window, or null when the hit is skewed or late
   * (counted as such here; it still counts in the interval and totals).
   */
  private place(ts: number): number | null {
    const p = this.placed;
    if (ts === p.ts && p.clock === this.clock.version) {
      if (p.sec === null) {
        this.traffic.note(p.late ? 'late' : 'skewed', p.late ? p.nowSec : null);
        return null;
      }
      if (p.evaluated) this.windowSum++;
      return p.sec;
    }
    const sec = this.placeAgain(ts);
    p.ts = this.clock.steady ? ts : NaN;
    p.clock = this.clock.version;
    p.sec = sec;
    return sec;
  }

  private placeAgain(ts: number): number | null {
    const p = this.placed;
    if (this.clock.isSkewed(ts)) {
      p.late = false;
      this.traffic.note('skewed', null);
      return null;
    }
    this.clock.observe(ts);
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
    if (p.evaluated) this.windowSum++; // its second was evaluated already
    if (this.firstSec === null || sec < this.firstSec) this.firstSec = sec;
    return sec;
  }

  private malformed(line: string, reason: string): void {
    const now = this.clock.now();
    this.traffic.note('malformed', now === null ? null : Math.floor(now / 1000));
    const event: MalformedEvent = {
      type: 'malformed',
      at: now ?? this.opts.wall(),
      line: line.length > SAMPLE_CHARS ? line.slice(0, SAMPLE_CHARS) : line,
      reason,
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
    this.traffic.expireThrough(nowSec);
    this.rollInterval(nowSec);
  }

  /** Evaluate every second after the cursor up to `last`, once each (SPEC section 5). */
  private evaluateThrough(last: number): void {
    if (this.cursor === null) return;
    const W = this.opts.window;
    let c = this.cursor;
    while (c < last) {
      if (this.windowSum === 0 && !this.alert.active && this.maxHitSec <= c) {
        // Nothing in the window and nothing ahead: every second up to `last` is 0 req/s.
        c = last;
        this.lastAvg = 0;
        break;
      }
      c++;
      this.windowSum += this.traffic.hits(c) - this.traffic.hits(c - W);
      const avg = this.windowSum / W;
      this.lastAvg = avg;
      if (!this.warming) {
        if (!this.alert.active && avg > this.threshold) this.transition('alert', c, avg);
        else if (this.alert.active && avg <= this.threshold) this.transition('recovery', c, avg);
      }
      const second: SecondEvent = {
        type: 'second',
        at: c * 1000,
        hits: this.traffic.hits(c),
        avg,
        alert: this.alert.active,
      };
      this.pushSecond(second);
      if (!this.warming) this.opts.emit(second);
    }
    this.cursor = c;
  }

  private pushSecond(second: SecondEvent): void {
    this.seconds.push(second);
    if (this.seconds.length > SECONDS_LIMIT * 2)
      this.seconds.splice(0, this.seconds.length - SECONDS_LIMIT);
  }

  private transition(type: 'alert' | 'recovery', sec: number, avg: number): void {
    this.alert.active = type === 'alert';
    this.alert.since = type === 'alert' ? sec * 1000 : null;
    const event: AlertEvent = {
      type,
      at: sec * 1000,
      avg: Math.round(avg * 1000) / 1000,
      hits: this.windowSum,
      threshold: this.threshold,
      window: this.opts.window,
    };
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT)
      this.history.splice(0, this.history.length - HISTORY_LIMIT);
    this.opts.emit(event);
  }

  /** Emit the summary of the interval that the clock has left, if it has left one. */
  private rollInterval(nowSec: number): void {
    if (this.intervalStart === null || this.warming) return;
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
