/**
 * The monitor's clock (docs/reference/clock.md). Two modes:
 * - replay: `now` is the latest timestamp seen, so a replay moves time as
 *   fast as its timestamps do, whatever the speed of reading;
 * - live: `now` is the wall clock plus the estimated offset between the
 *   log's clock and this machine's, so silence moves time and one line
 *   stamped far ahead cannot;
 * - catching up (live): a backlog read faster than real time, confirmed by
 *   its own lines (ahead-lines.ts), is replayed in log time until its pace
 *   is the wall clock's again.
 * A run of a live log starts in replay (the back-filled tail or a
 * `--from-start` catch-up) and goes live at the end of the file.
 * Monotonic in both modes. Null until the first timestamp (or offset).
 */
import { OffsetEstimator } from './offset-estimator';
import { ReplayPace } from './replay-pace';

/** Replay: a line more than an hour ahead of the wall clock does not move the clock. */
export const SKEW_LIMIT_MS = 3_600_000;
/** Live: a line stamped more than this ahead of `now` waits for confirmation. */
export const AHEAD_MS = 5000;

export class MonitorClock {
  private liveMode = false;
  /** Replay: the latest timestamp seen. */
  private anchor: number | null = null;
  /** Live: the last value of now() handed out (monotonic). */
  private floor = -Infinity;
  /** The wall clock read once for a whole batch of lines (see `hold`). */
  private held: number | null = null;
  private readonly offsets = new OffsetEstimator();
  /** Live, catching up a backlog: its pace says when it is live again. Null otherwise. */
  private backlog: ReplayPace | null = null;
  /** Changes whenever `now()` may have changed (a new anchor, a new wall reading, a new offset). */
  version = 0;

  /** @param wall the injected wall clock (Unix ms) */
  constructor(private readonly wall: () => number) {}

  get live(): boolean {
    return this.liveMode;
  }

  /**
   * Go live. `offset` (log time minus wall time, ms) is the estimate made at
   * the end of a file: its newest timestamp against its modification time;
   * null when there was nothing to estimate from (the first line will say).
   */
  goLive(offset: number | null): void {
    if (offset !== null) this.offsets.seed(offset);
    else if (this.anchor !== null) this.offsets.seed(this.anchor - this.wallNow());
    this.liveMode = true;
    if (this.anchor !== null) this.floor = this.anchor;
    this.version++;
  }

  /**
   * Read the wall clock once for the lines of one batch (a read takes a
   * millisecond or so) instead of once per line; `release` reads it live again
   * and, live, re-estimates the offset from the batch's lines.
   */
  hold(): void {
    this.held = this.wall();
    this.version++;
  }

  release(): void {
    if (this.backlog?.data(this.wallNow(), this.floor)) this.caughtUp();
    else if (this.liveMode) this.offsets.update(this.wallNow());
    this.held = null;
    this.version++;
  }

  /** True when `now()` changes only with `version` (no live wall clock reads). */
  get steady(): boolean {
    return this.held !== null || !this.liveMode;
  }

  private wallNow(): number {
    return this.held ?? this.wall();
  }

  /**
   * Unix ms. Replay: null before the first timestamp. Live: the wall clock
   * until the first line gives the offset (a quiet or unreadable log still
   * has summaries stamped with the current time).
   */
  now(): number | null {
    if (!this.liveMode) return this.anchor;
    const offset = this.offsets.offset;
    if (offset === null) return this.wallNow();
    const now = Math.max(this.floor, this.wallNow() + offset);
    this.floor = now;
    return now;
  }

  /**
   * Replay: true when `ts` is more than an hour ahead of the wall clock.
   * Live: true when `ts` is more than a few seconds ahead of `now` (until the
   * offset has moved to it, if it is a lasting change).
   */
  isAhead(ts: number): boolean {
    if (!this.liveMode) return ts > this.wallNow() + SKEW_LIMIT_MS;
    // The first line of a live log sets the offset: it cannot be ahead of it.
    if (this.offsets.offset === null) return false;
    return ts > this.now()! + AHEAD_MS;
  }

  /**
   * `lines` lines stamped `ts` arrived. Replay, or catching up: jump forward
   * to it if it is later than now, unless they are held `ahead` of it (they
   * wait for confirmation). Live: a sample for the offset (applied at
   * `release`).
   */
  observe(ts: number, lines = 1, ahead = false): void {
    if (this.backlog !== null) {
      if (!ahead) this.follow(ts);
      return;
    }
    if (this.liveMode) {
      const first = this.offsets.offset === null;
      this.offsets.add(ts, this.wallNow(), lines);
      if (first) this.version++;
      return;
    }
    if (this.anchor === null || ts > this.anchor) {
      this.anchor = ts;
      this.version++;
    }
  }

  /** Live: re-estimate the offset now (outside a batch, e.g. on a timer). */
  settle(): void {
    if (this.backlog?.tick(this.wallNow())) this.caughtUp();
    else if (this.liveMode && this.offsets.update(this.wallNow())) this.version++;
  }

  /** True while a backlog is being caught up: lines not ahead move `now`, as in a replay. */
  get catchingUp(): boolean {
    return this.backlog !== null;
  }

  /**
   * Live: a line ahead of `now` was confirmed by the lines read after it: a
   * backlog arrives faster than real time, or the server's clock jumped.
   * `now` moves to its time and, until the lines come no faster than the
   * wall clock (or stop for a second), follows the lines' time as a replay
   * does; then the offset goes on from there.
   */
  catchUp(ts: number): void {
    if (!this.liveMode) return;
    this.backlog ??= new ReplayPace(this.wallNow());
    this.follow(ts);
  }

  /** Catching up: `now` moves to `ts` if it is later. */
  private follow(ts: number): void {
    if (ts <= this.now()!) return;
    this.floor = ts;
    this.version++;
  }

  /** The backlog is read: live again, on the wall clock from where its lines left `now`. */
  private caughtUp(): void {
    this.offsets.restart(this.floor - this.wallNow());
    this.backlog = null;
    this.version++;
  }
}
