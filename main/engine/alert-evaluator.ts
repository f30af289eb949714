/**
 * The alert rule (docs/reference/alerts.md), on completed seconds: each
 * second that completes brings the hits it holds and takes out the hits of
 * the second that leaves the window; the average over the window against the
 * threshold decides the transitions. Pure: no clock, no I/O, no events.
 */

export type Transition = 'alert' | 'recovery';

export interface AlertState {
  active: boolean;
  /** Unix ms of the second whose evaluation started the active alert. */
  since: number | null;
  /** The active alert's highest average so far (carried over a restart). */
  peak?: number;
}

export class AlertEvaluator {
  /** Hits in (c - window, c] for the last completed second c (late hits in it included). */
  windowSum = 0;
  /** Highest average since the active alert started (the alert's own average when it starts). */
  peak = 0;
  active: boolean;
  since: number | null;

  constructor(
    readonly window: number,
    public threshold: number,
    memory?: AlertState,
  ) {
    this.active = memory?.active ?? false;
    this.since = memory?.since ?? null;
    if (this.active) this.peak = memory?.peak ?? 0;
  }

  /**
   * windowSum / window, req/s: derived, so a late hit counts in it at once.
   * (Kept apart, it lagged: two files' tails read one after the other at a
   * restart left the average at the first file's, and a false recovery.)
   */
  get avg(): number {
    return this.windowSum / this.window;
  }

  /** A hit landed in a second that was evaluated already and is still inside the window. */
  addLate(hits = 1): void {
    this.windowSum += hits;
    this.notePeak();
  }

  /**
   * Second `sec` (Unix s) is complete: `entering` hits are stamped in it and
   * `leaving` in `sec - window`. With `judge` false (a silent warm-up) the
   * figures move but no transition is decided.
   */
  complete(sec: number, entering: number, leaving: number, judge = true): Transition | null {
    this.windowSum += entering - leaving;
    this.notePeak();
    return judge ? this.judge(sec) : null;
  }

  private notePeak(): void {
    if (this.active && this.avg > this.peak) this.peak = this.avg;
  }

  /** Decide on the current average, as of second `sec`: strict `>` starts, `<=` recovers. */
  judge(sec: number): Transition | null {
    if (!this.active && this.avg > this.threshold) {
      this.active = true;
      this.since = sec * 1000;
      this.peak = this.avg;
      return 'alert';
    }
    if (this.active && this.avg <= this.threshold) {
      this.active = false;
      this.since = null;
      return 'recovery';
    }
    return null;
  }
}
