/**
 * Serializes polls: a poll requested while one runs makes exactly one more
 * run after it (requests merge), and every caller's promise resolves only
 * after a run that started after its request.
 */

export interface PollLoop {
  /** Request a poll; resolves when a poll begun after this request has finished. */
  run(): Promise<void>;
  /** From inside a poll: run once more when this one ends. */
  again(): void;
  /** Resolves when no poll is running. */
  idle(): Promise<void>;
}

/** `once` must not throw; `stopped()` ends the loop early (dispose). */
export function createPollLoop(once: () => Promise<void>, stopped: () => boolean): PollLoop {
  let running: Promise<void> | null = null;
  let pending = false;

  async function loop(): Promise<void> {
    try {
      do {
        pending = false;
        await once();
      } while (pending && !stopped());
    } finally {
      running = null;
    }
  }

  return {
    run() {
      if (stopped()) return Promise.resolve();
      if (running) {
        pending = true;
        return running;
      }
      running = loop();
      return running;
    },
    again() {
      pending = true;
    },
    idle() {
      return running ?? Promise.resolve();
    },
  };
}
