/**
 * Lines of a live log stamped more than a few seconds ahead of the monitor's
 * clock (docs/reference/clock.md). They wait here, bounded, for the lines
 * around them to confirm the jump (the clock's offset then moves and they
 * are counted in their seconds); unconfirmed after a while, they are
 * counted as skewed. One line stamped far ahead therefore never moves time.
 */

/** How long a line may wait for confirmation, wall ms. */
export const CONFIRM_MS = 10_000;
/** Lines held at most; more are counted as skewed at once. */
export const AHEAD_LIMIT = 10_000;

interface Held<F> {
  ts: number;
  text: string;
  wall: number;
  /** Whose line it is (the source that will parse it). */
  from: F;
}

/** The held lines; `F` says whose each one is. */
export class AheadLines<F> {
  private held: Held<F>[] = [];

  get size(): number {
    return this.held.length;
  }

  /** Hold a line; false when full (the caller counts it as skewed). */
  hold(ts: number, text: string, wall: number, from: F): boolean {
    if (this.held.length >= AHEAD_LIMIT) return false;
    this.held.push({ ts, text, wall, from });
    return true;
  }

  /**
   * Hand back the lines that are no longer ahead (`place`), and give up on
   * those held longer than CONFIRM_MS (`expire`); keep the rest.
   */
  drain(
    isAhead: (ts: number) => boolean,
    wall: number,
    place: (text: string, from: F) => void,
    expire: (text: string, from: F) => void,
  ): void {
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    for (const h of held) {
      if (!isAhead(h.ts)) place(h.text, h.from);
      else if (wall - h.wall >= CONFIRM_MS) expire(h.text, h.from);
      else this.held.push(h);
    }
  }
}
