/**
 * One second's keys and the hits of each, as the engine hands them to the
 * history recorder: the engine's own per-second lists, lent for the call,
 * so that recording a second builds nothing (see docs/reference/history.md).
 */

/** A key as the engine holds it: one object per key for as long as the key is counted. */
export interface KeyRef<K extends string | number> {
  readonly key: K;
  /**
   * The history recorder's number for this key (0: none yet), kept here so
   * that finding the key again is no lookup. Another object may stand for
   * the same key later (after an eviction), so a tag is only a cache.
   */
  tag: number;
}

/**
 * Where a list's KeyRefs come from (the engine's KeyTable). While
 * `approximate` is false no key has been evicted, so the space has made one
 * KeyRef per key: a consumer that numbers keys can take a KeyRef without its
 * tag for a key it has not numbered yet, without looking the key up by name.
 * `tagOwner`: the one consumer that writes tags on this space's KeyRefs (two
 * would overwrite each other's).
 */
export interface KeySpace {
  readonly approximate: boolean;
  tagOwner: object | null;
}

/**
 * Keys and their hits in the first `n` places of `keys` and `hits`, each key
 * once, with each key's tag as it was when the second counted it (`tags`: a
 * dense array, so a consumer that knows the key reads no record). From the
 * engine, valid only during the call it is passed to (its arrays are reused
 * by a later second): copy with `keyList` to keep it.
 */
export interface KeyCounts<K extends string | number> {
  readonly n: number;
  readonly keys: ReadonlyArray<KeyRef<K>>;
  readonly hits: ReadonlyArray<number>;
  readonly tags: ReadonlyArray<number>;
  /** Where `keys` come from; without it, a consumer cannot rely on one KeyRef per key. */
  readonly space?: KeySpace;
}

/** No keys. */
export const noKeys: KeyCounts<never> = Object.freeze({ n: 0, keys: [], hits: [], tags: [] });

/** KeyCounts of `[key, hits]` pairs, each key a new KeyRef (tests, benchmarks). */
export function keyCounts<K extends string | number>(
  pairs: ReadonlyArray<readonly [K, number]>,
): KeyCounts<K> {
  return {
    n: pairs.length,
    keys: pairs.map(([key]) => ({ key, tag: 0 })),
    hits: pairs.map(([, n]) => n),
    tags: pairs.map(() => 0),
  };
}

/** The `[key, hits]` pairs of `c`, copied: kept past the call that lent them. */
export function keyList<K extends string | number>(c: KeyCounts<K>): [K, number][] {
  const out: [K, number][] = [];
  for (let i = 0; i < c.n; i++) out.push([c.keys[i]!.key, c.hits[i]!]);
  return out;
}
