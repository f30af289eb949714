import { HyperLogLog } from './hyperloglog';
import { LARGE_LIMITS, Tally, type TallyLimits } from './tally';

interface Slot {
  sec: number;
  tally: Tally;
}

/**
 * The alert window's figures, kept incrementally: a line is counted once, in
 * the tally of its second; when a second completes its tally is merged into
 * the window total, and the second that leaves the window is subtracted. The
 * per-second tallies live in a ring of `window + 2` slots, so memory is
 * bounded by the window length whatever the traffic.
 */
export class SecondWindow {
  private readonly ring: (Slot | undefined)[];
  private readonly size: number;
  private readonly limits: TallyLimits;
  /** Figures of the completed seconds in the window. */
  total = new Tally(LARGE_LIMITS);

  constructor(readonly seconds: number) {
    this.size = seconds + 2;
    this.ring = new Array<Slot | undefined>(this.size);
    // Bound the key count of all per-second tallies together (~40k per dimension).
    const cap = Math.max(8, Math.min(256, Math.floor(40_000 / seconds)));
    this.limits = { sections: cap, hosts: cap, ownKeys: false };
  }

  private slot(sec: number): Slot | undefined {
    const slot = this.ring[((sec % this.size) + this.size) % this.size];
    return slot && slot.sec === sec ? slot : undefined;
  }

  /** The tally of second `sec`, created (replacing an expired one) if needed. */
  at(sec: number): Tally {
    const found = this.slot(sec);
    if (found) return found.tally;
    const tally = new Tally(this.limits);
    this.ring[((sec % this.size) + this.size) % this.size] = { sec, tally };
    return tally;
  }

  /** The tally of `sec` if it exists. */
  peek(sec: number): Tally | undefined {
    return this.slot(sec)?.tally;
  }

  /** Hits of second `sec`, 0 if it has none or has expired. */
  hits(sec: number): number {
    return this.slot(sec)?.tally.hits ?? 0;
  }

  /** Second `sec` is complete: it enters the window total and `sec - window` leaves it. */
  complete(sec: number): void {
    const entering = this.slot(sec);
    if (entering) this.total.merge(entering.tally);
    const leaving = this.slot(sec - this.seconds);
    if (leaving) this.total.subtract(leaving.tally);
  }

  /** Tallies of the seconds in (from, to] that exist, in no particular order. */
  between(from: number, to: number): Tally[] {
    const out: Tally[] = [];
    for (const slot of this.ring)
      if (slot && slot.sec > from && slot.sec <= to) out.push(slot.tally);
    return out;
  }

  /** Forget everything (the window emptied over a long gap). */
  reset(): void {
    this.ring.fill(undefined);
    this.total = new Tally(LARGE_LIMITS);
  }

  /**
   * The window total plus the seconds in (completed, to], which are not
   * complete yet, as a new tally. Distinct hosts stay right under a flood by
   * merging the per-second key sets.
   */
  view(completed: number, to: number): Tally {
    const out = this.total.clone();
    for (let s = completed + 1; s <= to; s++) {
      const t = this.peek(s);
      if (t) out.merge(t);
    }
    if (out.hosts.pruned) {
      const hll = new HyperLogLog();
      for (const slot of this.ring) {
        if (slot && slot.sec > to - this.seconds && slot.sec <= to) slot.tally.hosts.addKeysTo(hll);
      }
      out.hosts.overrideDistinct(hll.estimate());
    }
    return out;
  }
}
