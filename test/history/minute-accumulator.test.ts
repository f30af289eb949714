import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOST_SLOTS, HostTable } from '../../main/history/host-table';
import { hostKeeping, MinuteAccumulator } from '../../main/history/minute-accumulator';
import { second, T0 } from './helpers';

test('hosts are counted as logged, kept as their group, one minute at a time', () => {
  const table = new HostTable(hostKeeping('anonymized'));
  const first = new MinuteAccumulator(T0, table.minute());
  first.add(
    second(T0, 3, {
      hosts: [
        ['192.0.2.1', 2],
        ['192.0.2.2', 1],
      ],
    }),
  );
  first.add(second(T0 + 1000, 1, { hosts: [['192.0.2.1', 1]] }));
  const row = first.row();
  assert.equal(row.distinctHosts, 2);
  assert.deepEqual([...row.hosts!.entries], [['192.0.2.0/24', { hits: 4, missed: 0 }]]);
  // The next minute starts from zero for the same hosts.
  const next = new MinuteAccumulator(T0 + 60_000, table.minute());
  next.add(second(T0 + 60_000, 1, { hosts: [['192.0.2.2', 1]] }));
  assert.deepEqual([...next.row().hosts!.entries], [['192.0.2.0/24', { hits: 1, missed: 0 }]]);
  assert.equal(next.row().distinctHosts, 1);
});

test('a flood of hosts beyond the table is counted in other, with an error bound', () => {
  const table = new HostTable(hostKeeping('full'));
  const m = new MinuteAccumulator(T0, table.minute());
  const flood = HOST_SLOTS + 1000;
  for (let s = 0; s < 10; s++) {
    const hosts: Array<[string, number]> = [];
    for (let i = (s * flood) / 10; i < ((s + 1) * flood) / 10; i++) hosts.push([`h${i}`, 1]);
    m.add(second(T0 + s * 1000, hosts.length, { hosts }));
  }
  const row = m.row();
  assert.equal(row.distinctHosts, HOST_SLOTS, 'a lower bound once the table is full');
  const listed = [...row.hosts!.entries.values()].reduce((n, e) => n + e.hits, 0);
  assert.equal(listed + row.hosts!.other, flood, 'the list and other still sum to the hits');
  assert.ok(row.hosts!.unseen >= 1000, 'unlisted hosts may have had the hits past the table');
});
