/**
 * Resolves on the first SIGINT or SIGTERM, so the caller can dispose cleanly.
 * SIGHUP calls `onHangup` (reopen the log) instead of ending the process.
 * Until then the process stays alive by itself: the engine's timers do not
 * hold it, and following a log whose directory is missing has nothing else
 * that would (see docs/reference/following.md).
 */
export function untilSignal(onHangup: () => void = () => undefined): Promise<void> {
  return new Promise((resolve) => {
    const keepAlive = setInterval(() => undefined, 2 ** 31 - 1);
    process.on('SIGHUP', onHangup);
    const done = () => {
      clearInterval(keepAlive);
      process.off('SIGHUP', onHangup);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
