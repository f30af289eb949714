/**
 * The one typed event emitter every listener set in the project uses (engine,
 * monitor, follower, preferences, the web bridge). A listener that throws is
 * reported and skipped: a subscriber's bug never stops the engine or the
 * other subscribers. Runs in Node and in the browser page.
 */

/** Event names mapped to their argument lists, e.g. `{ state: [FileState, string] }`. */
export type EventMap<E> = { [K in keyof E]: unknown[] };

/** Subscribe, emit and drop listeners of a fixed set of typed events. */
export interface Emitter<E extends EventMap<E>> {
  /** Call `listener` on every `name` event; returns the unsubscribe function (idempotent). */
  on<K extends keyof E>(name: K, listener: (...args: E[K]) => void): () => void;
  /** Call the listeners of `name` subscribed before this call, in subscription order. */
  emit<K extends keyof E>(name: K, ...args: E[K]): void;
  /** How many listeners `name` has now. */
  listenerCount(name: keyof E): number;
  /** Drop every listener of every event. */
  clear(): void;
}

export interface EmitterOptions {
  /** Where a throwing listener is reported. Default: console.error. */
  onListenerError?: (error: unknown, name: string) => void;
}

const logError = (error: unknown, name: string) =>
  console.error(`http-console: a '${name}' listener threw:`, error);

/** Create an emitter for the events `E`. */
export function createEmitter<E extends EventMap<E>>(options: EmitterOptions = {}): Emitter<E> {
  const report = options.onListenerError ?? logError;
  // One record per subscription (not per function), so the same function subscribed twice
  // is called twice and each unsubscribe removes only its own.
  const sets = new Map<keyof E, Set<{ fn: (...args: unknown[]) => void }>>();

  return {
    on(name, listener) {
      let set = sets.get(name);
      if (!set) sets.set(name, (set = new Set()));
      const entry = { fn: listener as unknown as (...args: unknown[]) => void };
      set.add(entry);
      return () => void sets.get(name)?.delete(entry);
    },
    emit(name, ...args) {
      const set = sets.get(name);
      if (!set || set.size === 0) return;
      // A copy, so listeners added meanwhile wait for the next emit; `has` skips ones removed meanwhile.
      for (const entry of [...set]) {
        if (!set.has(entry)) continue;
        try {
          entry.fn(...args);
        } catch (error) {
          try {
            report(error, String(name));
          } catch {
            // The reporter itself failed; there is nowhere left to report to, and emit must go on.
          }
        }
      }
    },
    listenerCount: (name) => sets.get(name)?.size ?? 0,
    clear: () => sets.clear(),
  };
}
