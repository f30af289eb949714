/**
 * The live chart's data: evaluated seconds in a fixed-size ring (bounded
 * memory however long the page stays open), ordered by time, keyed by the
 * second so that a second received twice (a snapshot after a reconnect) is
 * stored once.
 */
import type { SecondEvent } from '../main/common/types';

/** One hour of seconds: the longest range the chart shows. */
export const RING_SECONDS = 3600;

export interface SecondRing {
  readonly size: number;
  /** Insert or replace the second `e.at`. */
  put(e: SecondEvent): void;
  /** The i-th oldest second (0 ≤ i < size). */
  at(i: number): number;
  hits(i: number): number;
  avg(i: number): number;
  alert(i: number): boolean;
  /** Index of the first second with `at >= t` (size if none). */
  lowerBound(t: number): number;
  last(): SecondEvent | null;
  clear(): void;
}

/** Create an empty ring holding at most `capacity` seconds. */
export function createSecondRing(capacity = RING_SECONDS): SecondRing {
  const at = new Float64Array(capacity);
  const hits = new Float64Array(capacity);
  const avg = new Float64Array(capacity);
  const alert = new Uint8Array(capacity);
  let start = 0;
  let size = 0;
  const idx = (i: number) => (start + i) % capacity;

  function set(j: number, e: SecondEvent) {
    at[j] = e.at;
    hits[j] = e.hits;
    avg[j] = e.avg;
    alert[j] = e.alert ? 1 : 0;
  }

  function lowerBound(t: number): number {
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[idx(mid)]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function append(e: SecondEvent) {
    if (size < capacity) {
      set(idx(size), e);
      size++;
    } else {
      set(start, e);
      start = (start + 1) % capacity;
    }
  }

  return {
    get size() {
      return size;
    },
    put(e) {
      if (size === 0 || e.at > at[idx(size - 1)]!) return append(e);
      const i = lowerBound(e.at);
      if (i < size && at[idx(i)] === e.at) return set(idx(i), e);
      // An older second missing from the middle (rare: a snapshot merged after a gap).
      if (i === 0 && size === capacity) return;
      const tail: SecondEvent[] = [];
      for (let k = i; k < size; k++) tail.push(read(k));
      size = i;
      append(e);
      for (const t of tail) append(t);
    },
    at: (i) => at[idx(i)]!,
    hits: (i) => hits[idx(i)]!,
    avg: (i) => avg[idx(i)]!,
    alert: (i) => alert[idx(i)] === 1,
    lowerBound,
    last: () => (size === 0 ? null : read(size - 1)),
    clear() {
      start = 0;
      size = 0;
    },
  };

  function read(k: number): SecondEvent {
    const j = idx(k);
    return { type: 'second', at: at[j]!, hits: hits[j]!, avg: avg[j]!, alert: alert[j] === 1 };
  }
}
