/**
 * One interval timer per clock and period, shared by every follower that
 * polls at that period: fifty followed files made fifty timers that each woke
 * the process once a second at its own moment (bench/sources-files-cpu.ts);
 * now they wake it once.
 */
import type { Clock, TimerHandle } from '../api';

interface Ticker {
  handle: TimerHandle;
  subscribers: Set<() => void>;
}

const tickers = new WeakMap<Clock, Map<number, Ticker>>();

/** Calls `fn` every `ms` on `clock`'s shared timer; returns the unsubscribe. */
export function onTick(clock: Clock, ms: number, fn: () => void): () => void {
  let byPeriod = tickers.get(clock);
  if (!byPeriod) tickers.set(clock, (byPeriod = new Map()));
  let ticker = byPeriod.get(ms);
  if (!ticker) {
    const subscribers = new Set<() => void>();
    // A subscriber added during a tick waits for the next one.
    const handle = clock.setInterval(() => {
      for (const s of [...subscribers]) s();
    }, ms);
    ticker = { handle, subscribers };
    byPeriod.set(ms, ticker);
  }
  const own = ticker;
  const subscription = () => fn();
  own.subscribers.add(subscription);
  return () => {
    if (!own.subscribers.delete(subscription) || own.subscribers.size > 0) return;
    clock.clearInterval(own.handle);
    if (byPeriod.get(ms) === own) byPeriod.delete(ms);
  };
}
