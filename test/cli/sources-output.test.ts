/**
 * How the console shows several sources: a `sources` line in the block and
 * `sources` in --json only when the run reads more than one plain file, and
 * each UDP listener's kernel drop count where the platform gives it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InputStatus, Stats, SummaryEvent } from '../../main/common/types';
import { createConsolePrinter } from '../../main/cli/console-printer';
import { createPaint, formatReport, formatSummary } from '../../main/cli/human';
import { lastKnownDrops, udpDropsOf, type UdpDrops } from '../../main/cli/udp-drops-report';
import { emptyStats } from '../../main/engine/monitor';

const plain = createPaint(null);

const SOURCES = [
  { source: '/var/log/a.log', hits: 6 },
  { source: 'web1/nginx', hits: 3 },
  { source: 'stdin\x1b[2J', hits: 1 },
];

function stats(over: Partial<Stats> = {}): Stats {
  return { ...emptyStats(10), hits: 10, sources: SOURCES, ...over };
}

const summary: SummaryEvent = {
  type: 'summary',
  at: 1549573960000,
  interval: stats(),
  window: stats({ seconds: 120 }),
  total: stats({ seconds: 600 }),
};

function printed(severalSources: boolean, json: boolean, drops: UdpDrops[] = []): string[] {
  const lines: string[] = [];
  const printer = createConsolePrinter({
    json,
    follow: true,
    threshold: () => 10,
    paint: plain,
    write: (l) => lines.push(l),
    severalSources,
    udpDrops: () => drops,
  });
  printer.event(summary);
  return lines;
}

describe('the sources breakdown', () => {
  test('the block lists each source with its share, log text escaped', () => {
    const block = formatSummary(summary, 10, null, plain);
    assert.match(
      block,
      /^ {2}sources {3}\/var\/log\/a\.log 6 \(60%\) {2}web1\/nginx 3 \(30%\) {2}stdin\\x1b\[2J 1 \(10%\)$/m,
    );
  });

  test('a batch report over several sources lists them too', () => {
    const report = formatReport(summary, 10, { count: 0, recent: [] }, plain);
    assert.match(report, /^ {2}sources {3}\/var\/log\/a\.log 6/m);
  });

  test('several sources: the block and --json carry them', () => {
    assert.match(printed(true, false).join('\n'), /^ {2}sources /m);
    const json = JSON.parse(printed(true, true)[0]!) as SummaryEvent;
    assert.deepEqual(json.total.sources, SOURCES);
    assert.deepEqual(json.interval.sources, SOURCES);
  });

  test('one plain file: no sources line and no sources field, as before', () => {
    assert.doesNotMatch(printed(false, false).join('\n'), /sources/);
    const json = JSON.parse(printed(false, true)[0]!) as Record<string, Record<string, unknown>>;
    for (const span of ['interval', 'window', 'total'])
      assert.equal('sources' in json[span]!, false, span);
  });
});

describe('UDP drops', () => {
  const inputs: InputStatus[] = [
    {
      source: 'udp://127.0.0.1:5514',
      kind: 'syslog',
      state: 'following',
      code: 'syslog-listening',
      message: '',
      format: null,
    },
    {
      source: 'udp://[::1]:5515',
      kind: 'syslog',
      state: 'following',
      code: 'syslog-listening',
      message: '',
      format: null,
    },
    {
      source: 'tcp://127.0.0.1:5516',
      kind: 'syslog',
      state: 'following',
      code: 'syslog-listening',
      message: '',
      format: null,
    },
    {
      source: 'web1/nginx',
      kind: 'syslog',
      state: 'following',
      code: '',
      message: '',
      format: null,
    },
    { source: '/x.log', kind: 'file', state: 'following', code: '', message: '', format: null },
  ];

  test('each bound UDP listener is read by its port and family; TCP and senders are not', () => {
    const asked: string[] = [];
    const drops = udpDropsOf(inputs, (port, family) => {
      asked.push(`${port}/${family}`);
      return port === 5514 ? 7 : 0;
    });
    assert.deepEqual(asked, ['5514/ipv4', '5515/ipv6']);
    assert.deepEqual(drops, [
      { listener: 'udp://127.0.0.1:5514', drops: 7 },
      { listener: 'udp://[::1]:5515', drops: 0 },
    ]);
  });

  test('unknown (no /proc/net/udp) is left out, never shown as 0', () => {
    assert.deepEqual(
      udpDropsOf(inputs, () => null),
      [],
    );
    assert.doesNotMatch(printed(true, false, []).join('\n'), /udp drops/);
    assert.equal('udpDrops' in JSON.parse(printed(true, true, [])[0]!), false);
  });

  test('a listener closed by the stop keeps its last count for the final summary', () => {
    let open = true;
    let count = 4;
    const report = lastKnownDrops(
      () => inputs,
      (port) => (open && port === 5514 ? count : null),
    );
    assert.deepEqual(report(), [{ listener: 'udp://127.0.0.1:5514', drops: 4 }]);
    count = 9;
    assert.deepEqual(report(), [{ listener: 'udp://127.0.0.1:5514', drops: 9 }]);
    open = false; // the stop closed the socket: /proc/net/udp no longer lists it
    assert.deepEqual(report(), [{ listener: 'udp://127.0.0.1:5514', drops: 9 }]);
  });

  test('known counts: a line after the block, and udpDrops in the --json summary', () => {
    const drops = [{ listener: 'udp://127.0.0.1:5514', drops: 7 }];
    assert.match(
      printed(true, false, drops).join('\n'),
      /^ {2}udp drops udp:\/\/127\.0\.0\.1:5514 7$/m,
    );
    assert.deepEqual(JSON.parse(printed(true, true, drops)[0]!).udpDrops, drops);
  });
});
