/**
 * A fleet's figures per instance (see docs/reference/metrics.md, "Reading a
 * fleet"): each instance's requests over the alert window, the current
 * interval and since start, from the per-second rates the Prometheus source
 * hands out, and whether it still reports. Pure: seconds in, figures out.
 */
import type { InstanceStatus, SourceCount } from '../common/types';

/** One instance's rate in one second, as a fleet point gives it. */
export interface InstanceRate {
  instance: string;
  rps: number;
  up: boolean;
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

/** Requests per source, whole, largest first (ties by name). */
function counts(m: Map<string, number>): SourceCount[] {
  return [...m]
    .map(([source, hits]) => ({ source, hits: Math.round(hits) }))
    .sort((a, b) => b.hits - a.hits || (a.source < b.source ? -1 : 1));
}

export class FleetInstances {
  /** The seconds in the window, oldest first. */
  private readonly ring: { sec: number; rates: InstanceRate[] }[] = [];
  private readonly inWindow = new Map<string, number>();
  private readonly total = new Map<string, number>();
  private interval = new Map<string, number>();
  private roster: InstanceRate[] = [];

  /** @param windowSec the alert window, seconds */
  constructor(private readonly windowSec: number) {}

  /** Second `sec` (Unix s) of the fleet: every instance's rate in it. */
  add(sec: number, rates: InstanceRate[]): void {
    this.roster = rates;
    for (const r of rates) {
      add(this.inWindow, r.instance, r.rps);
      add(this.total, r.instance, r.rps);
      add(this.interval, r.instance, r.rps);
    }
    this.ring.push({ sec, rates });
    while (this.ring[0]!.sec <= sec - this.windowSec)
      for (const r of this.ring.shift()!.rates) add(this.inWindow, r.instance, -r.rps);
  }

  /** Each instance: its rate over the window, its share of the fleet's, and whether it reports. */
  status(): InstanceStatus[] {
    const all = [...this.inWindow.values()].reduce((s, v) => s + v, 0);
    const round3 = (x: number) => Math.round(x * 1000) / 1000;
    return this.roster.map(({ instance, up }) => {
      const hits = Math.max(0, this.inWindow.get(instance) ?? 0);
      return {
        instance,
        rps: round3(hits / this.windowSec),
        share: all > 0 ? round3(hits / all) : 0,
        up,
      };
    });
  }

  /** Requests per instance over the window and since start (Stats.sources). */
  sources(): { window: SourceCount[]; total: SourceCount[] } {
    return { window: counts(this.inWindow), total: counts(this.total) };
  }

  /** Requests per instance in the interval that ends now; the next one starts. */
  endInterval(): SourceCount[] {
    const out = counts(this.interval);
    this.interval = new Map();
    return out;
  }
}

/**
 * Whole numbers from a fleet's fractional per-second rates, one key at a time,
 * the remainder carried to the key's next second: each key's running total
 * stays within a half of the exact one, however long the run.
 */
export class CarriedRounding {
  private readonly carry = new Map<string, number>();

  round(key: string, x: number): number {
    const exact = x + (this.carry.get(key) ?? 0);
    const n = Math.max(0, Math.round(exact));
    if (Math.abs(exact - n) < 1e-9) this.carry.delete(key);
    else this.carry.set(key, exact - n);
    return n;
  }
}
