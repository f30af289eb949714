/**
 * FNV-1a over bytes, 32-bit, the hash of the byte-keyed caches
 * (stats/byte-keys.ts). The byte parser folds it into the loops that scan a
 * key anyway: `h = fnvStep(h, byte)` from FNV_OFFSET, then `fnvFinish(h)`.
 */
export const FNV_OFFSET = 0x811c9dc5 | 0;

export function fnvStep(h: number, byte: number): number {
  return Math.imul(h ^ byte, 0x01000193);
}

/** Mixes the high bits into the low ones, which pick the slot; 30 bits stay small integers in V8. */
export function fnvFinish(h: number): number {
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/** The hash of b[start, end). */
export function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = fnvStep(h, b[i]!);
  return fnvFinish(h);
}
