import { Tally, type TallyLimits } from './tally';

interface Slot {
  sec: number;
  tally: Tally;
}

/**
 * Per-second tallies for the seconds of the alert window, in a ring of
 * `window + 2` slots indexed by second: a slot is reused (expired) when a
 * newer second maps onto it, so memory is bounded by the window length.
 */
export class SecondWindow {
  private readonly ring: (Slot | undefined)[];
  private readonly size: number;
  private readonly limits: TallyLimits;

  constructor(readonly seconds: number) {
    this.size = seconds + 2;
    this.ring = new Array<Slot | undefined>(this.size);
    // Bound the window's total key count (~40k per dimension) whatever its length.
    const cap = Math.max(8, Math.min(256, Math.floor(40_000 / seconds)));
    this.limits = { sections: cap, hosts: cap };
  }

  /** The tally of second `sec`, created (replacing an expired one) if needed. */
  at(sec: number): Tally {
    const i = ((sec % this.size) + this.size) % this.size;
    const slot = this.ring[i];
    if (slot && slot.sec === sec) return slot.tally;
    const tally = new Tally(this.limits);
    this.ring[i] = { sec, tally };
    return tally;
  }

  /** Hits of second `sec`, 0 if it has none or has expired. */
  hits(sec: number): number {
    const slot = this.ring[((sec % this.size) + this.size) % this.size];
    return slot && slot.sec === sec ? slot.tally.hits : 0;
  }

  /** A new tally holding the seconds in (to - window, to]. */
  sum(to: number): Tally {
    const out = new Tally();
    for (const slot of this.ring) {
      if (slot && slot.sec > to - this.seconds && slot.sec <= to) out.merge(slot.tally);
    }
    return out;
  }

  clear(): void {
    this.ring.fill(undefined);
  }
}
