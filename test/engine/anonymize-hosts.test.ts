/**
 * `anonymizeHosts`: client hosts are anonymised before they are counted, on
 * both paths (the byte reader of common/combined lines and the string parsers
 * of the other formats), so one /24, /48 or registrable domain is one host in
 * the top lists, the distinct counts and the seconds sent to the history; and
 * every client address in a malformed line's sample is masked.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineEvent, FormatName, MalformedEvent, Stats } from '../../main/common/types';
import { keyList } from '../../main/engine/stats/key-counts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PREFS } from '../../main/common/prefs';
import { MonitorCore } from '../../main/engine/core';
import { createMonitor, sameSettings, settingsOf } from '../../main/engine/monitor';
import { clf, waitFor } from './helpers';

const T0 = 1_700_000_000;

type Feed = 'block' | 'strings';

/** Replay `lines` through a batch core; the figures since start, the seconds and the samples. */
function replay(lines: string[], format: FormatName, feed: Feed, anonymizeHosts?: boolean) {
  const events: EngineEvent[] = [];
  // The engine lends each second's lists for the call only: keep a copy.
  const seconds: Array<{ hosts: [string, number][] }> = [];
  const core = new MonitorCore({
    threshold: 1000,
    window: 10,
    interval: 10,
    format,
    live: false,
    wall: () => (T0 + 100) * 1000,
    emit: (e) => events.push(e),
    onSecond: (s) => seconds.push({ hosts: keyList(s.hosts) }),
    ...(anonymizeHosts === undefined ? {} : { anonymizeHosts }),
  });
  if (feed === 'block') core.ingestBlock(Buffer.from(lines.map((l) => l + '\n').join('')));
  else core.ingest(lines);
  core.finish();
  return { total: core.stats().total, seconds, samples: core.samples, events };
}

const hostsOf = (s: Stats) => Object.fromEntries(s.hosts.map((h) => [h.host, h.hits]));

/** Hosts of every kind, with what each should count as once anonymised. */
const HOSTS: [string, number][] = [
  ['203.0.113.7', 3],
  ['203.0.113.200', 2],
  ['198.51.100.1', 1],
  ['2001:db8:1:2::1', 2],
  ['2001:db8:1:ffff::9', 1],
  ['piweba3y.prodigy.com', 2],
  ['www-c4.proxy.prodigy.com', 1],
];
const ANONYMISED = {
  '203.0.113.0/24': 5,
  '198.51.100.0/24': 1,
  '2001:db8:1::/48': 3,
  'prodigy.com': 3,
};
const AS_LOGGED = Object.fromEntries(HOSTS);

function clfLines(): string[] {
  const lines: string[] = [];
  let i = 0;
  for (const [host, n] of HOSTS)
    for (let k = 0; k < n; k++) lines.push(clf(T0 + (i++ % 3), '/a/b', 200, host));
  return lines;
}

function csvLines(): string[] {
  const lines = ['"remotehost","rfc931","authuser","date","request","status","bytes"'];
  let i = 0;
  for (const [host, n] of HOSTS)
    for (let k = 0; k < n; k++)
      lines.push(`"${host}","-","-",${T0 + (i++ % 3)},"GET /a/b HTTP/1.0",200,100`);
  return lines;
}

function w3cLines(): string[] {
  const lines = ['#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes'];
  let i = 0;
  for (const [host, n] of HOSTS)
    for (let k = 0; k < n; k++) {
      const at = new Date((T0 + (i++ % 3)) * 1000).toISOString();
      lines.push(`${at.slice(0, 10)} ${at.slice(11, 19)} ${host} GET /a/b 200 100`);
    }
  return lines;
}

const CASES: [string, FormatName, Feed, () => string[]][] = [
  ['common, byte reader', 'common', 'block', clfLines],
  ['common, string parser', 'common', 'strings', clfLines],
  ['csv', 'csv', 'block', csvLines],
  ['w3c', 'w3c', 'strings', w3cLines],
];

describe('anonymizeHosts: hosts are anonymised before counting', () => {
  for (const [name, format, feed, lines] of CASES) {
    test(`${name}: one entry per /24, /48 and domain, with the sum of its hosts' hits`, () => {
      const { total, seconds } = replay(lines(), format, feed, true);
      assert.equal(total.hits, 12);
      assert.deepEqual(hostsOf(total), ANONYMISED);
      assert.equal(total.distinctHosts, 4);
      // The seconds for the history hold the anonymised hosts only.
      const sent = new Map<string, number>();
      for (const s of seconds) for (const [h, n] of s.hosts) sent.set(h, (sent.get(h) ?? 0) + n);
      assert.deepEqual(Object.fromEntries(sent), ANONYMISED);
    });

    test(`${name}: off by default, hosts are counted as logged`, () => {
      const { total } = replay(lines(), format, feed);
      assert.deepEqual(hostsOf(total), AS_LOGGED);
      assert.equal(total.distinctHosts, HOSTS.length);
    });
  }

  test('the byte reader and the string parser agree when many hosts share a /24', () => {
    const lines = Array.from({ length: 600 }, (_, i) =>
      clf(T0 + (i % 5), '/a', 200, `10.${i % 3}.${i % 7}.${i % 251}`),
    );
    const bytes = replay(lines, 'common', 'block', true).total;
    const strings = replay(lines, 'common', 'strings', true).total;
    assert.deepEqual(bytes, strings);
    assert.equal(bytes.distinctHosts, 21);
  });
});

describe('anonymizeHosts: malformed samples', () => {
  const bad = [
    '203.0.113.7 - - [garbage',
    '2001:db8:1:2::1 - - nonsense here',
    'piweba3y.prodigy.com - - [01/Jul/1995 half a line',
  ];
  const lines = (feed: Feed) => replay(bad, 'common', feed, true).samples.map((s) => s.line);

  for (const feed of ['block', 'strings'] as const) {
    test(`${feed}: the leading host of a sample is masked, the rest kept`, () => {
      assert.deepEqual(lines(feed), [
        '203.0.113.0/24 - - [garbage',
        '2001:db8:1::/48 - - nonsense here',
        'prodigy.com - - [01/Jul/1995 half a line',
      ]);
    });
  }

  test('the emitted malformed event is masked too', () => {
    const { events } = replay(bad, 'common', 'strings', true);
    const emitted = events.filter((e): e is MalformedEvent => e.type === 'malformed');
    assert.ok(emitted.length > 0);
    for (const e of emitted) assert.doesNotMatch(e.line, /203\.0\.113\.7|2001:db8:1:2::1|piweba3y/);
  });

  test('a W3C sample loses its c-ip and the other addresses in it, not only a leading host', () => {
    const w3c = [
      '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken',
      '2023-11-14 22:13:20 10.0.0.5 GET /a - 443 - 198.51.100.23 Mozilla/5.0 - - -',
    ];
    const samples = replay(w3c, 'w3c', 'strings', true).samples.map((s) => s.line);
    assert.equal(samples.length, 1, 'the line without a status is malformed');
    assert.doesNotMatch(samples[0]!, /198\.51\.100\.23|10\.0\.0\.5/);
    assert.match(samples[0]!, /198\.51\.100\.0\/24/);
  });

  test('off: samples are kept as logged', () => {
    assert.deepEqual(
      replay(bad, 'common', 'strings').samples.map((s) => s.line),
      bad,
    );
  });
});

describe('anonymizeHosts: the monitor (the app preference)', () => {
  test('turning it on restarts the engine, which then counts anonymised hosts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hc-anon-monitor-'));
    const file = join(dir, 'access.log');
    const now = Math.floor(Date.now() / 1000);
    writeFileSync(file, clf(now, '/a', 200, '203.0.113.7') + '\n');
    const settings = { file, threshold: 1000, window: 60, interval: 10, format: 'auto' as const };
    const m = createMonitor({ settings, watch: false, pollMs: 30 });
    try {
      const hostsNow = () => m.snapshot().stats.total.hosts.map((h) => h.host);
      await waitFor(() => hostsNow().length === 1, 'the line counted');
      assert.deepEqual(hostsNow(), ['203.0.113.7']);
      assert.equal(sameSettings(settings, { ...settings, anonymizeHosts: true }), false);
      await m.apply({ ...settings, anonymizeHosts: true });
      await waitFor(() => hostsNow().length === 1, 'the line counted');
      assert.deepEqual(hostsNow(), ['203.0.113.0/24']);
      assert.equal(settingsOf({ ...DEFAULT_PREFS, anonymizeHosts: true }).anonymizeHosts, true);
    } finally {
      await m.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
