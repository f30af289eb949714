/**
 * The monitor's clock (docs/reference/clock.md). Two modes:
 * - replay: `now` is the latest timestamp seen, so a replay moves time as
 *   fast as its timestamps do, whatever the speed of reading;
 * - live: `now` is the wall clock plus the estimated offset between the
 *   log's clock and this machine's, so silence moves time and one line
 *   stamped far ahead cannot.
 * A run of a live log starts in replay (the back-filled tail or a
 * `--from-start` catch-up) and goes live at the end of the file.
 * Monotonic in both modes. Null until the first timestamp (or offset).
 */
import { OffsetEstimator } from './offset-estimator';

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
    if (this.liveMode) this.offsets.update(this.wallNow());
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
   * `lines` lines stamped `ts` arrived. Replay: jump forward to it if it is
   * later than now. Live: a sample for the offset (applied at `release`).
   */
  observe(ts: number, lines = 1): void {
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
    if (this.liveMode && this.offsets.update(this.wallNow())) this.version++;
  }
}
