/** The signals the console and `serve` obey. See docs/reference/command-line.md. */

export interface StopSignal {
  /** Resolves with the first SIGINT or SIGTERM. */
  stopped: Promise<NodeJS.Signals>;
  /** Stop listening: a second Ctrl-C then ends the process the usual way. */
  dispose(): void;
}

/**
 * Listen for SIGINT and SIGTERM (stop: the caller prints the final summary
 * and exits 0) and, when `reopen` is given, SIGHUP (re-stat and reopen the
 * file, the conventional request after a log rotation). Until then the
 * process stays alive by itself: the engine's timers do not hold it, and
 * following a log whose directory is missing has nothing else that would
 * (see docs/reference/following.md).
 */
export function onStopSignal(hooks: { reopen?: () => void } = {}): StopSignal {
  let resolve!: (s: NodeJS.Signals) => void;
  const stopped = new Promise<NodeJS.Signals>((r) => (resolve = r));
  const keepAlive = setInterval(() => undefined, 2 ** 31 - 1);
  const stop = (signal: NodeJS.Signals) => {
    dispose();
    resolve(signal);
  };
  const hup = () => hooks.reopen?.();
  const dispose = () => {
    clearInterval(keepAlive);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    if (hooks.reopen) process.off('SIGHUP', hup);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (hooks.reopen) process.on('SIGHUP', hup);
  return { stopped, dispose };
}
