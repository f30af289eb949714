/**
 * ByteKeys (stats/byte-keys.ts), the byte-keyed cache in front of a KeyTable:
 * for any key bytes it must hand out exactly the record `table.touch(key)`
 * would, wherever the bytes sit in the buffer, across evictions, refusals
 * and its own clearing at maxEntries.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashBytes } from '../../main/engine/hash';
import { ByteKeys } from '../../main/engine/stats/byte-keys';
import { KeyTable, type KeyRecord } from '../../main/engine/stats/key-table';
import { rng } from './helpers';

const viewOf = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** The key `key` looked up from a buffer of its own (the view ends where the key ends). */
function getKey(keys: ByteKeys, key: string): KeyRecord<string> | null {
  const b = Buffer.from(key, 'latin1');
  return keys.get(viewOf(b), 0, b.length, hashBytes(b, 0, b.length));
}

/** A buffer holding `keys` separated by spaces after `lead` bytes, with the range of each key. */
function packed(keys: string[], lead = 0): { view: DataView; at: [number, number][] } {
  const text = ' '.repeat(lead) + keys.join(' ');
  // An exact ArrayBuffer: reading past its end throws a RangeError instead of reading the pool.
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  bytes.set(Buffer.from(text, 'latin1'));
  const at: [number, number][] = [];
  let pos = lead;
  for (const k of keys) {
    at.push([pos, pos + k.length]);
    pos += k.length + 1;
  }
  return { view: viewOf(bytes), at };
}

function hashIn(view: DataView, s: number, e: number): number {
  return hashBytes(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), s, e);
}

/** Varied keys: IPv4 and IPv6 hosts, sections of 1..80 bytes, prefixes, near twins. */
function variedKeys(): string[] {
  const keys = new Set<string>();
  for (let i = 0; i < 2000; i++) keys.add(`10.${(i >> 8) & 255}.${i & 255}.${(i * 7) % 256}`);
  for (let i = 0; i < 500; i++) keys.add(`2001:db8:85a3::8a2e:370:${i.toString(16)}`); // > 20 bytes
  const path = 'abcdefghijklmnopqrstuvwxyz0123456789-_.~ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop';
  // Every prefix of one long section: keys that are prefixes of each other, 1..81 bytes.
  for (let n = 0; n <= path.length; n++) keys.add('/' + path.slice(0, n));
  // Same length, one byte different, at every position (every word and lane of a slot).
  for (const len of [1, 3, 4, 5, 8, 16, 19, 20, 21, 24, 40, 64]) {
    const base = '/' + 'x'.repeat(len - 1);
    for (let p = 0; p < len; p++) {
      for (const c of ['y', 'X', '\x7e', '\x21'])
        keys.add(base.slice(0, p) + c + base.slice(p + 1));
    }
  }
  const random = rng(99);
  while (keys.size < 5000) {
    const len = 1 + Math.floor(random() * 48);
    let k = '/';
    for (let i = 1; i < len; i++) k += String.fromCharCode(0x21 + Math.floor(random() * 94));
    keys.add(k);
  }
  return [...keys];
}

describe('ByteKeys', () => {
  test('gives the record table.touch gives for the same key, once looked up or many times', () => {
    const table = new KeyTable<string>(10_000);
    const keys = new ByteKeys(table, 100_000);
    for (const key of ['1.2.3.4', '/', '/index.html', 'GET', '2001:db8::1234:5678:9abc:def0']) {
      const rec = getKey(keys, key);
      assert.ok(rec);
      assert.equal(rec.key, key);
      assert.equal(rec, table.touch(key), key);
      assert.equal(getKey(keys, key), rec, `${key}, second lookup`);
    }
    // A key the table had before the cache saw it: the same record, not a new one.
    const old = table.touch('/already');
    assert.equal(getKey(keys, '/already'), old);
    assert.equal(table.size, 6);
    assert.equal(keys.size, 6);
  });

  test('5000 varied keys map to their own records, looked up from anywhere in a buffer', () => {
    const all = variedKeys();
    assert.equal(new Set(all).size, all.length);
    assert.ok(all.length >= 5000);
    assert.ok(all.some((k) => k.length > 20) && all.some((k) => k.length <= 4));
    const table = new KeyTable<string>(10_000);
    const keys = new ByteKeys(table, 100_000);
    const first = new Map<string, KeyRecord<string>>();
    const { view, at } = packed(all);
    all.forEach((key, i) => {
      const [s, e] = at[i]!;
      const rec = keys.get(view, s, e, hashIn(view, s, e));
      assert.ok(rec, key);
      assert.equal(rec.key, key);
      first.set(key, rec);
    });
    assert.equal(table.size, all.length);
    assert.equal(keys.size, all.length);
    // Again, shuffled and at other offsets (lead 1..3 shifts every word boundary).
    const random = rng(5);
    for (const lead of [1, 2, 3]) {
      const order = [...all].sort(() => random() - 0.5);
      const again = packed(order, lead);
      order.forEach((key, i) => {
        const [s, e] = again.at[i]!;
        const rec = keys.get(again.view, s, e, hashIn(again.view, s, e));
        assert.equal(rec, first.get(key), `${key} at lead ${lead}`);
      });
    }
    assert.equal(table.size, all.length, 'no key was created twice');
    assert.equal(keys.size, all.length);
  });

  test('keys whose hashes are equal still get their own records', () => {
    const all = ['/a', '/b', '/ab', '/abc', '/abcd', '/abce', '/abcdefg', '/abcdefghijk'];
    // Prefixes of each other at every word boundary, inline and in the arena.
    for (const n of [16, 19, 20, 21, 24, 28, 29, 30]) all.push('/' + 'q'.repeat(n - 1));
    all.push('/' + 'q'.repeat(28) + 'r');
    for (let i = 0; i < 200; i++) all.push(`/k${i}`, `/${'long'.repeat(6)}${i}`);
    // Shorter keys first, then longer first: either may sit earlier on the probe path.
    for (const order of [all, [...all].reverse()]) {
      const table = new KeyTable<string>(10_000);
      const keys = new ByteKeys(table, 100_000);
      const { view, at } = packed(order);
      for (let round = 0; round < 2; round++) {
        order.forEach((key, i) => {
          // One hash for every key: only the bytes can tell them apart.
          const rec = keys.get(view, at[i]![0], at[i]![1], 12345);
          assert.ok(rec);
          assert.equal(rec.key, key, `round ${round}`);
        });
      }
      assert.equal(table.size, all.length);
    }
  });

  test('a key at the very end of its buffer, at every length and alignment', () => {
    const table = new KeyTable<string>(10_000);
    const keys = new ByteKeys(table, 100_000);
    for (let len = 1; len <= 45; len++) {
      const key = '/' + 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.slice(0, len - 1);
      const want = table.touch(key);
      for (let lead = 0; lead <= 7; lead++) {
        // The view ends with the key; the ArrayBuffer too, so no word can be read past it.
        const bytes = new Uint8Array(new ArrayBuffer(lead + len));
        bytes.fill(0x7a, 0, lead);
        bytes.set(Buffer.from(key, 'latin1'), lead);
        const view = viewOf(bytes);
        const h = hashBytes(bytes, lead, lead + len);
        assert.equal(keys.get(view, lead, lead + len, h), want, `len ${len} lead ${lead}`);
      }
      // Inside a larger buffer, the view ending with the key: other bytes follow in memory.
      const big = Buffer.alloc(len + 64, 0x41);
      big.write(key, 8, 'latin1');
      const tight = new DataView(big.buffer, big.byteOffset + 8, len);
      assert.equal(keys.get(tight, 0, len, hashBytes(big, 8, 8 + len)), want, `len ${len}`);
    }
  });

  test('the bytes after a key do not matter, whatever they are', () => {
    const table = new KeyTable<string>(10_000);
    const keys = new ByteKeys(table, 100_000);
    const random = rng(3);
    for (let len = 1; len <= 30; len++) {
      const key = '/' + 'p'.repeat(len - 1);
      let want: KeyRecord<string> | null = null;
      for (let trial = 0; trial < 8; trial++) {
        const b = Buffer.alloc(len + 8);
        b.write(key, 0, 'latin1');
        for (let i = len; i < b.length; i++) b[i] = Math.floor(random() * 256);
        const rec = keys.get(viewOf(b), 0, len, hashBytes(b, 0, len));
        assert.ok(rec);
        want ??= rec;
        assert.equal(rec, want, `len ${len} trial ${trial}`);
        assert.equal(rec.key, key);
      }
    }
    assert.equal(table.size, 30);
  });

  test('the caller may reuse its buffer: cached keys are copies', () => {
    const table = new KeyTable<string>(10_000);
    const keys = new ByteKeys(table, 100_000);
    for (const [a, b] of [
      ['/short', '/shorT'],
      ['/' + 'a'.repeat(40), '/' + 'a'.repeat(39) + 'b'],
    ] as const) {
      const buf = Buffer.from(a, 'latin1');
      const view = viewOf(buf);
      const recA = keys.get(view, 0, buf.length, hashBytes(buf, 0, buf.length));
      buf.write(b, 0, 'latin1');
      const recB = keys.get(view, 0, buf.length, hashBytes(buf, 0, buf.length));
      assert.equal(recA?.key, a);
      assert.equal(recB?.key, b);
      assert.notEqual(recA, recB);
      assert.equal(getKey(keys, a), recA);
    }
  });

  test('maxEntries: the cache starts over and keeps giving the right records', () => {
    const table = new KeyTable<string>(10_000);
    const keys = new ByteKeys(table, 8);
    const all = Array.from({ length: 50 }, (_, i) =>
      i % 2 === 0 ? `/s${i}` : `/${'long-section-name-'.repeat(2)}${i}`,
    );
    const random = rng(11);
    for (let i = 0; i < 3000; i++) {
      const key = all[Math.floor(random() * all.length)]!;
      const rec = getKey(keys, key);
      assert.ok(rec);
      assert.equal(rec.key, key);
      assert.equal(rec, table.touch(key), key);
      assert.ok(keys.size <= 8, `cache holds ${keys.size}`);
    }
    assert.equal(table.size, all.length);
  });

  test('a record the table evicted is never handed out; the new one is', () => {
    const table = new KeyTable<string>(2);
    const keys = new ByteKeys(table, 100_000);
    const old = getKey(keys, '/old');
    assert.ok(old);
    // Four more keys, counted: the fifth new key makes the table evict the least counted.
    for (const k of ['/b', '/c', '/d']) {
      const r = getKey(keys, k)!;
      for (let n = 0; n < 5; n++) table.count(r);
    }
    table.nextInterval(); // nothing is in the current interval: all idle
    assert.ok(getKey(keys, '/e'));
    assert.equal(old.evicted, true, 'the table evicted /old');
    // Once approximate, the table may want a key seen more than once before it
    // takes it back (its admission policy): until then the answer is null, never `old`.
    let fresh: KeyRecord<string> | null = null;
    for (let i = 0; i < 4 && fresh === null; i++) fresh = getKey(keys, '/old');
    assert.ok(fresh, 'the table took /old back');
    assert.notEqual(fresh, old);
    assert.equal(fresh.evicted, false);
    assert.equal(fresh.key, '/old');
    assert.equal(table.touch('/old'), fresh);
    assert.equal(getKey(keys, '/old'), fresh, 'the cache now holds the new record');
  });

  for (const maxEntries of [100_000, 7]) {
    test(`eviction and floods (maxEntries ${maxEntries}): the same records and counts as the string path`, () => {
      // `bytes` is driven through ByteKeys, `strings` through touch(key), with the same hits.
      const bytes = new KeyTable<string>(10);
      const strings = new KeyTable<string>(10);
      const keys = new ByteKeys(bytes, maxEntries);
      const all = Array.from({ length: 40 }, (_, i) =>
        i % 3 === 0 ? `/${'x'.repeat(20)}${i}` : `10.0.0.${i}`,
      );
      const random = rng(maxEntries);
      const seen: KeyRecord<string>[] = [];
      let refused = 0;
      let intervalLeft = 0;
      let flood = false;
      const inWindow: [KeyRecord<string>, KeyRecord<string>, number][] = [];
      for (let i = 0; i < 6000; i++) {
        if (intervalLeft-- <= 0) {
          bytes.nextInterval();
          strings.nextInterval();
          // Now and then a long interval over all 40 keys: more than 2 x 10 stay busy, a flood.
          flood = random() < 0.2;
          intervalLeft = flood ? 100 : 3 + Math.floor(random() * 40);
        }
        // Mostly a working set of 12 keys, sometimes any of the 40.
        const key: string =
          all[Math.floor(random() * (!flood && random() < 0.8 ? 12 : all.length))]!;
        const rec = getKey(keys, key);
        const ref = strings.touch(key);
        assert.equal(rec === null, ref === null, `op ${i}: ${key}`);
        if (rec === null || ref === null) {
          refused++;
          continue;
        }
        assert.equal(rec.evicted, false, `op ${i}: evicted record for ${key}`);
        assert.equal(rec.key, key);
        assert.equal(bytes.touch(key), rec, `op ${i}: not the table's record for ${key}`);
        bytes.count(rec);
        strings.count(ref);
        // Some hits enter the window for a while (a key in the window is never evicted).
        if (random() < 0.1) inWindow.push([rec, ref, i + 30]);
        if (inWindow.length > 0 && inWindow[0]![2] <= i) {
          const [r, s] = inWindow.shift()!;
          bytes.window(r, -1);
          strings.window(s, -1);
        }
        if (inWindow.at(-1)?.[0] === rec && inWindow.at(-1)?.[2] === i + 30) {
          bytes.window(rec, 1);
          strings.window(ref, 1);
        }
        seen.push(rec);
        assert.equal(bytes.size, strings.size, `op ${i}`);
        if (i % 97 === 0) assert.deepEqual(bytes.tops(50), strings.tops(50), `op ${i}`);
      }
      assert.deepEqual(bytes.tops(50), strings.tops(50));
      assert.equal(bytes.totalDistinct(), strings.totalDistinct());
      assert.equal(bytes.approximate, true);
      assert.ok(seen.filter((r) => r.evicted).length > 100, 'the table evicted records');
      assert.ok(refused > 10, `${refused} refused`);
    });
  }

  test('null while the table refuses new keys (a flood), a record once it takes them', () => {
    const table = new KeyTable<string>(4);
    const keys = new ByteKeys(table, 100_000);
    // Eight keys, all counted in the current interval: none can be evicted.
    for (let i = 0; i < 8; i++) table.count(getKey(keys, `/busy${i}`)!);
    assert.equal(getKey(keys, '/new'), null);
    assert.equal(getKey(keys, '/new'), null, 'a refused key is not cached');
    assert.equal(getKey(keys, `/${'n'.repeat(30)}`), null);
    assert.equal(keys.size, 8);
    // Known keys keep their records during the flood.
    assert.equal(getKey(keys, '/busy3'), table.touch('/busy3'));
    table.nextInterval();
    let rec: KeyRecord<string> | null = null;
    for (let i = 0; i < 5 && rec === null; i++) rec = getKey(keys, '/new');
    assert.ok(rec, 'taken once the busy keys are idle');
    assert.equal(rec.key, '/new');
    assert.equal(table.touch('/new'), rec);
  });
});
