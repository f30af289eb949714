/**
 * The recorder finds a host by the tag it left on the engine's record, and
 * by name whenever that tag cannot be trusted: a host is never counted under
 * another host's name, nor twice.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KeyCounts, KeyRef, KeySpace } from '../../main/engine/api';
import { HOST_SLOTS, HostTable, type MinuteHosts } from '../../main/history/host-table';
import { hostKeeping } from '../../main/history/minute-accumulator';

/** A second's hosts as the engine lends them: each record's tag as it is now. */
const lend = (
  refs: KeyRef<string>[],
  hits = refs.map(() => 1),
  space?: KeySpace,
): KeyCounts<string> => ({
  n: refs.length,
  keys: refs,
  hits,
  tags: refs.map((r) => r.tag),
  ...(space ? { space } : {}),
});

/** An engine's host table as the recorder sees it (no key evicted yet). */
const keySpace = (): { approximate: boolean; tagOwner: object | null } => ({
  approximate: false,
  tagOwner: null,
});

const ref = (key: string): KeyRef<string> => ({ key, tag: 0 });

const listed = (m: MinuteHosts, hits: number) =>
  Object.fromEntries([...m.summary(hits, null)!.entries].map(([k, e]) => [k, e.hits]));

test('a host seen again is found by its tag, also through a list made before it was tagged', () => {
  const table = new HostTable(hostKeeping('full'));
  const a = ref('192.0.2.1');
  const early = lend([a]); // counted by the engine before the recorder first saw the host
  const m = table.minute();
  m.addAll(lend([a, ref('192.0.2.2')]));
  assert.notEqual(a.tag, 0, 'the record is tagged');
  m.addAll(early);
  m.addAll(lend([a], [5]));
  assert.equal(m.distinct, 2);
  assert.deepEqual(listed(m, 9), { '192.0.2.1': 7, '192.0.2.2': 1 });
});

test('two records of one host (the engine evicted the first) are one host', () => {
  const table = new HostTable(hostKeeping('full'));
  const m = table.minute();
  m.addAll(lend([ref('192.0.2.1')], [2]));
  m.addAll(lend([ref('192.0.2.1')], [3]));
  assert.equal(m.distinct, 1);
  assert.deepEqual(listed(m, 5), { '192.0.2.1': 5 });
});

test("another table's tags are not taken for its own", () => {
  // Two recorders over the same records (a monitor restarted on a new database).
  const refs = ['192.0.2.1', '192.0.2.2', '192.0.2.3'].map(ref);
  const one = new HostTable(hostKeeping('full')).minute();
  one.addAll(lend(refs));
  const two = new HostTable(hostKeeping('full')).minute();
  two.addAll(lend([refs[2]!, refs[0]!], [4, 6]));
  assert.deepEqual(listed(two, 10), { '192.0.2.3': 4, '192.0.2.1': 6 });
  assert.equal(two.distinct, 2);
});

test('tags from before the table was emptied are not trusted', () => {
  const table = new HostTable(hostKeeping('full'));
  const old = ref('198.51.100.7');
  const first = table.minute();
  first.addAll(lend([old]));
  // More than half the table of new hosts: it is emptied when the next minute starts.
  const many: KeyRef<string>[] = [];
  for (let i = 0; i <= HOST_SLOTS / 2; i++) many.push(ref(`h${i}`));
  first.addAll(lend(many));
  const next = table.minute();
  next.addAll(lend([ref('203.0.113.1'), ref('203.0.113.2')]));
  next.addAll(lend([old], [3]));
  assert.deepEqual(listed(next, 5), { '198.51.100.7': 3, '203.0.113.1': 1, '203.0.113.2': 1 });
  assert.equal(next.distinct, 3);
});

test('anonymized: hosts of one group found by tag are summed under the group', () => {
  const table = new HostTable(hostKeeping('anonymized'));
  const refs = ['192.0.2.1', '192.0.2.2', '198.51.100.9'].map(ref);
  const first = table.minute();
  first.addAll(lend(refs));
  const next = table.minute();
  next.addAll(lend(refs, [2, 3, 1]));
  next.addAll(lend(refs.slice(0, 1), [4]));
  assert.deepEqual(listed(next, 10), { '192.0.2.0/24': 9, '198.51.100.0/24': 1 });
  assert.equal(next.distinct, 3);
});

test("a space's new records are new hosts, until it evicts: then a second record of a host is found by name", () => {
  const space = keySpace();
  const table = new HostTable(hostKeeping('full'));
  const m = table.minute();
  const a = ref('192.0.2.1');
  m.addAll(lend([a, ref('192.0.2.2')], [1, 1], space));
  m.addAll(lend([a], [2], space));
  assert.equal(space.tagOwner, table, 'the table tags the space');
  // The engine evicts 192.0.2.1 and makes a new record of it.
  space.approximate = true;
  m.addAll(lend([ref('192.0.2.1'), ref('192.0.2.3')], [4, 1], space));
  assert.equal(m.distinct, 3);
  assert.deepEqual(listed(m, 9), { '192.0.2.1': 7, '192.0.2.2': 1, '192.0.2.3': 1 });
});

test('a new engine under the same recorder (its own space): its records of known hosts are found by name', () => {
  const table = new HostTable(hostKeeping('full'));
  const m = table.minute();
  m.addAll(lend([ref('192.0.2.1')], [2], keySpace()));
  const second = keySpace();
  m.addAll(lend([ref('192.0.2.1'), ref('192.0.2.2')], [3, 1], second));
  // And the first engine's space is not trusted again for the rest of the table's life.
  m.addAll(lend([ref('192.0.2.2')], [1], second));
  assert.equal(m.distinct, 2);
  assert.deepEqual(listed(m, 7), { '192.0.2.1': 5, '192.0.2.2': 2 });
});

test('two tables over one space at once: the second reads by name and leaves the tags to the first', () => {
  const space = keySpace();
  const refs = ['192.0.2.1', '192.0.2.2'].map(ref);
  const one = new HostTable(hostKeeping('full'));
  const two = new HostTable(hostKeeping('full'));
  const m1 = one.minute();
  const m2 = two.minute();
  for (let i = 0; i < 3; i++) {
    m1.addAll(lend(refs, [1, 2], space));
    m2.addAll(lend(refs, [1, 2], space));
  }
  for (const m of [m1, m2]) {
    assert.equal(m.distinct, 2);
    assert.deepEqual(listed(m, 9), { '192.0.2.1': 3, '192.0.2.2': 6 });
  }
  // Once the first is done (its recorder closed), a new table takes the space over.
  one.release();
  const three = new HostTable(hostKeeping('full'));
  three.minute().addAll(lend(refs, [1, 1], space));
  assert.equal(space.tagOwner, three);
});

test('anonymized: IPv4 hosts are grouped by their /24, other hosts by what they are kept as', () => {
  const space = keySpace();
  const table = new HostTable(hostKeeping('anonymized'));
  const m = table.minute();
  const hosts = ['192.0.2.1', '192.0.2.200', '192.0.20.1', 'a.example.com', 'b.example.com', '::1'];
  m.addAll(lend(hosts.map(ref), [1, 2, 4, 8, 16, 32], space));
  assert.deepEqual(listed(m, 63), {
    '192.0.2.0/24': 3,
    '192.0.20.0/24': 4,
    'example.com': 24,
    '::/48': 32,
  });
  assert.equal(m.distinct, 6);
});

test('the table grows as hosts come, keeping every count', () => {
  const table = new HostTable(hostKeeping('full'));
  const m = table.minute();
  const refs = Array.from({ length: 5000 }, (_, i) => ref(`10.0.${i >> 8}.${i & 255}`));
  // In lists of 100, each host twice: once new, once known, across several growths.
  for (let i = 0; i < refs.length; i += 100) m.addAll(lend(refs.slice(i, i + 100)));
  for (let i = 0; i < refs.length; i += 100) m.addAll(lend(refs.slice(i, i + 100)));
  assert.equal(m.distinct, 5000);
  const top = listed(m, 10_000);
  assert.equal(Object.keys(top).length, 50);
  assert.ok(Object.values(top).every((n) => n === 2));
  const next = table.minute();
  next.addAll(lend([refs[4999]!], [3]));
  assert.deepEqual(listed(next, 3), { '10.0.19.135': 3 });
});
