/**
 * Lines of a live log stamped more than a few seconds ahead of the monitor's
 * clock (docs/reference/clock.md). They wait here, bounded, for the lines
 * read after them to confirm them: a backlog, or a server clock that jumped,
 * goes on at their time or later, while a stray line is followed by lines at
 * the old time. A confirmed line moves the clock to it (a backlog is
 * replayed in log time); a line the clock has reached meanwhile (its offset
 * moved) is counted in its second; unconfirmed after a while, it is counted
 * as skewed. One line stamped far ahead therefore never moves time.
 */
import { partitionPoint } from '../common/partition-point';
import { AHEAD_MS } from './clock';
import { MIN_WEIGHT } from './offset-estimator';

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
  /** `passed` when it was held: the clock's lines read after it are the difference. */
  passed: number;
  /** Held lines read after it that left before it, each older than it (they disagree). */
  against: number;
}

/** What becomes of the held lines when they are looked at again. */
export interface AheadOutcome<F> {
  /** The line is confirmed: move the clock to `ts` (before `place`). */
  catchUp(ts: number): void;
  /** Count the line in its second. */
  place(text: string, from: F): void;
  /** Count the line as skewed. */
  expire(text: string, from: F): void;
}

/** The held lines, in the order they were read; `F` says whose each one is. */
export class AheadLines<F> {
  private held: Held<F>[] = [];
  /** Lines counted at the clock (not held) while any line was held. */
  private passed = 0;

  get size(): number {
    return this.held.length;
  }

  /** Hold a line; false when full (the caller counts it as skewed). */
  hold(ts: number, text: string, wall: number, from: F): boolean {
    if (this.held.length >= AHEAD_LIMIT) return false;
    this.held.push({ ts, text, wall, from, passed: this.passed, against: 0 });
    return true;
  }

  /** A line read after the held ones was not ahead: it speaks against all of them. */
  pass(): void {
    if (this.held.length > 0) this.passed++;
  }

  /**
   * Look at every held line again, in the order they were read: a confirmed
   * one moves the clock to it and is placed; one that is no longer ahead
   * (`isAhead` asks the clock as it is now) is placed; one held longer than
   * CONFIRM_MS is given up; the rest are kept.
   */
  drain(isAhead: (ts: number) => boolean, wall: number, out: AheadOutcome<F>): void {
    if (this.held.length === 0) return;
    const held = this.held;
    const confirmed = confirmations(held, this.passed);
    this.held = [];
    const stays = new Uint8Array(held.length);
    held.forEach((h, i) => {
      if (confirmed[i]) {
        out.catchUp(h.ts);
        out.place(h.text, h.from);
      } else if (!isAhead(h.ts)) out.place(h.text, h.from);
      else if (wall - h.wall >= CONFIRM_MS) out.expire(h.text, h.from);
      else stays[i] = 1;
    });
    // The clock may have caught up with lines before the one that moved it.
    held.forEach((h, i) => {
      if (stays[i] && !isAhead(h.ts)) {
        stays[i] = 0;
        out.place(h.text, h.from);
      }
    });
    // A line that stays is still ahead of the clock: every line read after it that
    // left was placed at or before the clock's time, so is older: evidence against it.
    let leftAfter = 0;
    for (let i = held.length - 1; i >= 0; i--) {
      if (stays[i]) held[i]!.against += leftAfter;
      else leftAfter++;
    }
    this.held = held.filter((_, i) => stays[i] === 1);
  }
}

/**
 * Whether each held line is confirmed by the lines read after it: at least
 * MIN_WEIGHT of them are stamped no more than AHEAD_MS before it, and they
 * outnumber the rest (older held lines, and the lines counted at the clock).
 */
function confirmations<F>(held: readonly Held<F>[], passed: number): Uint8Array {
  const n = held.length;
  const out = new Uint8Array(n);
  if (n <= MIN_WEIGHT) return out;
  const times = [...new Set(held.map((h) => h.ts))].sort((a, b) => a - b);
  // Fenwick tree over the distinct times: how many lines after this one are stamped at each.
  const tree = new Int32Array(times.length + 1);
  /** The number of distinct times below `ts`. */
  const rankOf = (ts: number) => partitionPoint(times.length, (k) => times[k]! < ts);
  const countBelow = (rank: number) => {
    let sum = 0;
    for (let i = rank; i > 0; i -= i & -i) sum += tree[i]!;
    return sum;
  };
  for (let i = n - 1, after = 0; i >= 0; i--, after++) {
    const h = held[i]!;
    const agree = after - countBelow(rankOf(h.ts - AHEAD_MS));
    const against = after - agree + (passed - h.passed) + h.against;
    if (agree >= MIN_WEIGHT && agree > against) out[i] = 1;
    for (let r = rankOf(h.ts) + 1; r < tree.length; r += r & -r) tree[r] = tree[r]! + 1;
  }
  return out;
}
