/**
 * The monitor's clock (SPEC section 4): it follows the log's timestamps and,
 * between them, the wall clock. Monotonic. Null until the first timestamp.
 */
export const SKEW_LIMIT_MS = 3_600_000;

export class MonitorClock {
  private anchor: number | null = null;
  private anchorWall = 0;
  /** The wall clock read once for a whole batch of lines (see `hold`). */
  private held: number | null = null;
  /** Changes whenever `now()` may have changed (a new anchor, a new held wall reading). */
  version = 0;

  /**
   * @param wall the injected wall clock (Unix ms)
   * @param followWall false for a batch run (`--no-follow`): time moves only
   *   with timestamps, so a report does not depend on how fast it was read
   */
  constructor(
    private readonly wall: () => number,
    private readonly followWall = true,
  ) {}

  /**
   * Read the wall clock once for the lines of one batch (a read takes a
   * millisecond or so) instead of once per line; `release` reads it live again.
   */
  hold(): void {
    this.held = this.wall();
    this.version++;
  }

  release(): void {
    this.held = null;
    this.version++;
  }

  /** True when `now()` and `isSkewed()` change only with `version` (no live wall clock reads). */
  get steady(): boolean {
    return this.held !== null || !this.followWall;
  }

  private wallNow(): number {
    return this.held ?? this.wall();
  }

  /** Unix ms, or null before the first timestamp. */
  now(): number | null {
    if (this.anchor === null) return null;
    if (!this.followWall) return this.anchor;
    return this.anchor + Math.max(0, this.wallNow() - this.anchorWall);
  }

  /** True when `ts` is more than an hour ahead of the wall clock: it must not move the clock. */
  isSkewed(ts: number): boolean {
    return ts > this.wallNow() + SKEW_LIMIT_MS;
  }

  /** A line stamped `ts` arrived: jump forward to it if it is later than now. */
  observe(ts: number): void {
    const now = this.now();
    if (now === null || ts > now) {
      this.anchor = ts;
      this.anchorWall = this.wallNow();
      this.version++;
    }
  }
}
