/** Resolves on the first SIGINT or SIGTERM, so the caller can dispose cleanly. */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
