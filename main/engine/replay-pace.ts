/**
 * When a piped input (standard input) stops being a replay and becomes a
 * live log (docs/reference/sources.md). `zcat access.log.gz | …` delivers
 * hours of log time in seconds: log time must drive the clock. A web
 * server's piped log delivers lines as they happen: the wall clock must.
 * The input is live once it pauses (no data for `quietMs`), or once its log
 * time advanced no faster than the wall clock over `spanMs`. Pure: the
 * caller passes wall times.
 */

/** Tuning of the rule (defaults: about 1 s of silence, or 2 s of real-time pace). */
export interface ReplayPaceOptions {
  /** Wall ms without data after which the input is live. Default 1000. */
  quietMs?: number;
  /** Wall ms over which log time is compared with the wall clock. Default 2000. */
  spanMs?: number;
}

/** Log timestamps have one-second resolution: a real-time log may seem up to this far ahead. */
const RESOLUTION_MS = 1000;

/** The replay-or-live decision for one input; once live, it stays live. */
export class ReplayPace {
  private readonly quietMs: number;
  private readonly spanMs: number;
  private lastData: number;
  /** Start of the span being measured: wall time and log time then (null: no log time yet). */
  private spanWall: number;
  private spanLog: number | null = null;
  live = false;

  /** `wall`: when reading starts (silence is measured from here until the first data). */
  constructor(wall: number, options: ReplayPaceOptions = {}) {
    this.quietMs = options.quietMs ?? 1000;
    this.spanMs = options.spanMs ?? 2000;
    this.lastData = wall;
    this.spanWall = wall;
  }

  /**
   * Data arrived at `wall`; `logTime` is the newest log timestamp read so far
   * (null when no line carried one). Returns whether the input is live now.
   */
  data(wall: number, logTime: number | null): boolean {
    if (this.live) return true;
    if (wall - this.lastData >= this.quietMs) return this.goLive();
    this.lastData = wall;
    if (logTime === null) return false;
    if (this.spanLog === null) {
      this.spanWall = wall;
      this.spanLog = logTime;
      return false;
    }
    const wallSpan = wall - this.spanWall;
    if (wallSpan < this.spanMs) return false;
    if (logTime - this.spanLog <= wallSpan + RESOLUTION_MS) return this.goLive();
    // Faster than real time: still a replay; measure the next span from here.
    this.spanWall = wall;
    this.spanLog = logTime;
    return false;
  }

  /** The clock ticked at `wall` with no data: live once the input has been quiet long enough. */
  tick(wall: number): boolean {
    if (!this.live && wall - this.lastData >= this.quietMs) this.goLive();
    return this.live;
  }

  private goLive(): boolean {
    this.live = true;
    return true;
  }
}
