import type { KeyRecord, KeyTable } from './key-table';

const INITIAL_SLOTS = 1024;
/** Int32 words per slot: hash, entry + 1, length, then the key's bytes (up to INLINE). */
const STRIDE = 8;
const INLINE = (STRIDE - 3) * 4;

/** The little-endian word of up to 4 bytes at v[i, end), zero-padded. */
function wordAt(v: DataView, i: number, end: number): number {
  if (i + 4 <= v.byteLength) {
    const w = v.getInt32(i, true);
    const n = end - i;
    return n >= 4 ? w : w & ((1 << (n * 8)) - 1);
  }
  let w = 0;
  for (let k = 0; i + k < end && k < 4; k++) w |= v.getUint8(i + k) << (k * 8);
  return w;
}

/**
 * Finds the KeyTable record of a key given as ASCII bytes (a host or a
 * section still in the read buffer) without making a string of it: a string
 * is made only the first time a key is seen. An open-addressing table keyed
 * by the FNV-1a hash of the bytes (../hash.ts), which the byte parser computes
 * while it scans them.
 *
 * A slot holds the hash, the length and a key of up to 20 bytes (any IPv4
 * address, most sections) in 32 bytes, compared four bytes at a time through
 * a DataView, so a lookup stays on one cache line; longer keys are compared
 * with a copy kept in an arena. (Comparing byte by byte cost twice as much.)
 *
 * It is a cache in front of the KeyTable, which stays the owner of the
 * records: a record the table evicted is looked up in the table again, and
 * once the cache holds `maxEntries` keys it starts over, so its memory is
 * bounded whatever the traffic.
 *
 * `name`, when given, is what a key is counted as (an anonymised host): it is
 * worked out once per new key, and keys with the same name share one record,
 * so a hit still costs one lookup here.
 */
export class ByteKeys {
  private slots = new Int32Array(INITIAL_SLOTS * STRIDE);
  private records: KeyRecord<string>[] = [];
  /** Keys longer than INLINE: their bytes, at `longAt[entry]`. */
  private arena = new Uint8Array(4096);
  private arenaUsed = 0;
  private longAt: number[] = [];
  private count = 0;

  constructor(
    private readonly table: KeyTable<string>,
    private readonly maxEntries: number,
    private readonly name: ((key: string) => string) | null = null,
  ) {}

  /**
   * The record of the key v[start, end) (ASCII) whose hash is `h`, or null
   * when the table refuses new keys (a flood).
   */
  get(v: DataView, start: number, end: number, h: number): KeyRecord<string> | null {
    const slots = this.slots;
    const mask = slots.length / STRIDE - 1;
    const len = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const at = s * STRIDE;
      const e = slots[at + 1]! - 1;
      if (e < 0) break;
      if (slots[at] === h && slots[at + 2] === len && this.same(v, start, end, at, e)) {
        const rec = this.records[e]!;
        if (!rec.evicted) return rec;
        // Evicted by the table since: ask it again (it may refuse under a flood).
        const again = this.table.touch(rec.key, true);
        if (again) this.records[e] = again;
        return again;
      }
    }
    // ASCII, so latin1 decoding gives exactly the string the string parser makes.
    const bytes = Buffer.from(v.buffer, v.byteOffset + start, len);
    const key = bytes.toString('latin1');
    const rec = this.table.touch(this.name ? this.name(key) : key, true);
    if (rec) this.insert(bytes, h, rec);
    return rec;
  }

  /** Number of keys cached. */
  get size(): number {
    return this.count;
  }

  private same(v: DataView, start: number, end: number, at: number, e: number): boolean {
    if (end - start > INLINE) {
      const a = this.arena;
      const j = this.longAt[e]! - start;
      for (let i = start; i < end; i++) if (a[j + i] !== v.getUint8(i)) return false;
      return true;
    }
    const slots = this.slots;
    for (let i = start, w = at + 3; i < end; i += 4, w++) {
      if (wordAt(v, i, end) !== slots[w]) return false;
    }
    return true;
  }

  private insert(bytes: Uint8Array, h: number, rec: KeyRecord<string>) {
    if (this.count >= this.maxEntries) this.clear();
    const e = this.count++;
    this.records[e] = rec;
    const len = bytes.length;
    if (len > INLINE) {
      if (this.arenaUsed + len > this.arena.length) {
        const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
        bigger.set(this.arena.subarray(0, this.arenaUsed));
        this.arena = bigger;
      }
      this.arena.set(bytes, this.arenaUsed);
      this.longAt[e] = this.arenaUsed;
      this.arenaUsed += len;
    }
    // At most half full, so probes stay short.
    if (this.count * 2 * STRIDE > this.slots.length) this.rehash(this.slots.length * 2);
    const at = this.freeSlot(h) * STRIDE;
    this.slots[at] = h;
    this.slots[at + 1] = e + 1;
    this.slots[at + 2] = len;
    if (len <= INLINE) {
      const v = new DataView(bytes.buffer, bytes.byteOffset, len);
      for (let i = 0; i < len; i += 4) this.slots[at + 3 + (i >> 2)] = wordAt(v, i, len);
    }
  }

  private freeSlot(h: number): number {
    const mask = this.slots.length / STRIDE - 1;
    let s = h & mask;
    while (this.slots[s * STRIDE + 1] !== 0) s = (s + 1) & mask;
    return s;
  }

  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size);
    for (let at = 0; at < old.length; at += STRIDE) {
      if (old[at + 1] === 0) continue;
      const to = this.freeSlot(old[at]!) * STRIDE;
      this.slots.set(old.subarray(at, at + STRIDE), to);
    }
  }

  private clear(): void {
    this.count = 0;
    this.arenaUsed = 0;
    this.records = [];
    this.longAt = [];
    this.slots.fill(0);
  }
}
