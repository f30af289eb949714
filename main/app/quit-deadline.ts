/**
 * Quit waits for the engine and the database to shut down, but never longer
 * than a deadline: the database is consistent after every commit, so leaving
 * mid-shutdown loses nothing that was written.
 */

/** Longest quit waits for the shutdown, ms. */
export const QUIT_DEADLINE_MS = 3000;

/** Wait for `work` or `ms`, whichever comes first; never rejects. */
export function withDeadline(
  work: Promise<unknown>,
  ms: number,
  timers: { setTimer: (fn: () => void, ms: number) => unknown; clearTimer: (h: unknown) => void },
): Promise<'done' | 'timeout' | `failed: ${string}`> {
  return new Promise((resolve) => {
    const timer = timers.setTimer(() => resolve('timeout'), ms);
    work.then(
      () => {
        timers.clearTimer(timer);
        resolve('done');
      },
      (err: unknown) => {
        timers.clearTimer(timer);
        resolve(`failed: ${String(err)}`);
      },
    );
  });
}
