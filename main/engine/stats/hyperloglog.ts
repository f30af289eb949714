/**
 * HyperLogLog distinct counter (p = 12: 4096 one-byte registers, ~1.6 %
 * standard error), used once a key set outgrows its exact map so that a flood
 * of distinct hosts costs 4 KiB, not a string per host.
 */
const P = 12;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);

/** 32-bit FNV-1a followed by a murmur3 finaliser (FNV alone mixes low bits poorly). */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class HyperLogLog {
  readonly registers = new Uint8Array(M);

  add(key: string): void {
    this.addHash(hash32(key));
  }

  /** Add a key by its hash32. */
  addHash(h: number): void {
    const index = h >>> (32 - P);
    const rest = (h << P) >>> 0;
    const rank = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1;
    if (rank > this.registers[index]!) this.registers[index] = rank;
  }

  merge(other: HyperLogLog): void {
    const r = this.registers;
    const o = other.registers;
    for (let i = 0; i < M; i++) if (o[i]! > r[i]!) r[i] = o[i]!;
  }

  estimate(): number {
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < M; i++) {
      const v = this.registers[i]!;
      sum += 2 ** -v;
      if (v === 0) zeros++;
    }
    const raw = (ALPHA * M * M) / sum;
    // Small-range correction (linear counting), as in the original paper.
    if (raw <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros));
    return Math.round(raw);
  }
}
