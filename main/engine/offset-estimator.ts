/**
 * The estimated difference between a live log's clock and this machine's
 * (docs/reference/clock.md): the weighted median of `timestamp - wall time
 * read` over the lines of the last few seconds. One line, or a minority of
 * lines, cannot move it; a lasting change moves it within a few seconds.
 * Pure: the caller passes the wall time with every call.
 */
import { partitionPoint } from '../common/partition-point';

/** Samples younger than this (wall ms) make the estimate... */
const RECENT_MS = 4000;
/**
 * ...together with older ones until they weigh at least this many lines; and
 * fewer lines than this never move an estimate (a sparse log's one slow
 * request, logged late with its start time, is no evidence of a new clock).
 */
export const MIN_WEIGHT = 10;
/** Samples kept at most (the oldest go first). */
const MAX_SAMPLES = 256;
/** The estimate changes only when the median differs from it by more than this. */
export const OFFSET_DEADBAND_MS = 1000;

interface Sample {
  wall: number;
  offset: number;
  weight: number;
}

export class OffsetEstimator {
  /** Oldest first (the order they expire in). */
  private samples: Sample[] = [];
  /** The same samples by offset, kept sorted as they come and go: no sort per update. */
  private byOffset: Sample[] = [];
  private dirty = false;
  /** The current estimate, ms (log time minus wall time); null before the first sample. */
  offset: number | null = null;

  /** Start from an estimate made elsewhere (a file's newest line against its modification time). */
  seed(offset: number): void {
    this.offset = offset;
  }

  /**
   * Start again from `offset`, forgetting every sample: the lines read after
   * the samples confirmed a new time (a backlog caught up, a clock that jumped).
   */
  restart(offset: number): void {
    this.samples = [];
    this.byOffset = [];
    this.dirty = false;
    this.offset = offset;
  }

  /** `weight` lines stamped `ts` were read at wall time `wall`. */
  add(ts: number, wall: number, weight: number): void {
    if (weight <= 0) return;
    const offset = ts - wall;
    const last = this.samples[this.samples.length - 1];
    if (last && last.offset === offset && last.wall === wall) last.weight += weight;
    else {
      const sample = { wall, offset, weight };
      this.samples.push(sample);
      this.byOffset.splice(upperBound(this.byOffset, offset), 0, sample);
    }
    if (this.samples.length > MAX_SAMPLES) this.dropOldest(this.samples.length - MAX_SAMPLES);
    this.dirty = true;
    if (this.offset === null) this.offset = offset;
  }

  /**
   * Re-estimate from the recent samples. Returns true when the estimate moved
   * (by more than the dead band, so that the jitter of lines within their
   * second does not shake the clock).
   */
  update(wall: number): boolean {
    if (!this.dirty) return false;
    this.dirty = false;
    const weight = this.keepRecent(wall);
    if (weight < MIN_WEIGHT) return false;
    const median = weightedMedian(this.byOffset, weight);
    if (this.offset !== null && Math.abs(median - this.offset) <= OFFSET_DEADBAND_MS) return false;
    this.offset = median;
    return true;
  }

  /**
   * Keeps the samples of the last RECENT_MS, extended back until they weigh
   * MIN_WEIGHT lines; returns their weight.
   */
  private keepRecent(wall: number): number {
    let weight = 0;
    let i = this.samples.length;
    while (i > 0) {
      const s = this.samples[i - 1]!;
      if (wall - s.wall > RECENT_MS && weight >= MIN_WEIGHT) break;
      weight += s.weight;
      i--;
    }
    // Older samples can never count again: later calls are later still and weigh more.
    if (i > 0) this.dropOldest(i);
    return weight;
  }

  private dropOldest(count: number): void {
    for (const s of this.samples.splice(0, count)) {
      // Among equal offsets, find this very sample.
      let j = upperBound(this.byOffset, s.offset) - 1;
      while (this.byOffset[j] !== s) j--;
      this.byOffset.splice(j, 1);
    }
  }
}

/** The index after the last sample whose offset is <= `offset` (samples sorted by offset). */
const upperBound = (sorted: readonly Sample[], offset: number) =>
  partitionPoint(sorted.length, (k) => sorted[k]!.offset <= offset);

/** The offset below and above which lie at most half of `total`, the samples' weight. */
function weightedMedian(sorted: readonly Sample[], total: number): number {
  let acc = 0;
  for (const s of sorted) {
    acc += s.weight;
    if (acc * 2 >= total) return s.offset;
  }
  return sorted[sorted.length - 1]!.offset;
}
