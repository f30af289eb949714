/** The pure parts of the Prometheus source: samples to per-second points, and the selector. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FleetSeconds, type RawSeries } from '../../main/engine/sources/prometheus-fleet';
import { parseSelector, selectorFor } from '../../main/engine/sources/prometheus-selector';

const T0 = 1_700_000_000; // Unix seconds

/** A counter series of one instance: `values[i]` sampled at `T0 + start + i * step` (+ jitter). */
function counter(
  instance: string,
  values: number[],
  { start = 0, step = 1, jitter = 0.3, status = '2xx', section = '/a' } = {},
): RawSeries {
  return {
    metric: {
      __name__: 'http_console_requests_total',
      instance,
      job: 'web',
      status_class: status,
      section,
    },
    values: values.map((v, i) => [T0 + start + i * step + jitter, String(v)]),
  };
}
function up(
  instance: string,
  values: number[],
  { start = 0, step = 1, jitter = 0.3 } = {},
): RawSeries {
  return {
    metric: { __name__: 'up', instance, job: 'web' },
    values: values.map((v, i) => [T0 + start + i * step + jitter, String(v)]),
  };
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≈ ${b}`);

describe('FleetSeconds', () => {
  test('one point per second, each increase in the second its sample closes', () => {
    const f = new FleetSeconds();
    f.ingest([counter('a', [0, 5, 12, 20]), up('a', [1, 1, 1, 1])]);
    const points = f.drain();
    assert.deepEqual(
      points.map((p) => [p.at / 1000 - T0, p.hits]),
      [
        [1, 5],
        [2, 7],
        [3, 8],
      ],
    );
    assert.deepEqual(points[0]!.byInstance, [{ instance: 'a', rps: 5, up: true }]);
    assert.equal(points[1]!.byStatus['2xx'], 7);
    assert.deepEqual(points[1]!.bySection, [{ section: '/a', rps: 7 }]);
    assert.deepEqual(f.drain(), [], 'a second is handed out once');
    assert.equal(f.scrapeIntervalMs(), 1000);
  });

  test('a counter reset counts the new value, as Prometheus does', () => {
    const f = new FleetSeconds();
    f.ingest([counter('a', [100, 110, 3, 9])]);
    assert.deepEqual(
      f.drain().map((p) => p.hits),
      [10, 3, 6],
    );
  });

  test('a scrape interval of several seconds is spread evenly over its seconds', () => {
    const f = new FleetSeconds();
    f.ingest([counter('a', [0, 150, 300], { step: 15 })]);
    const points = f.drain();
    assert.equal(points.length, 30);
    for (const p of points) close(p.hits, 10);
    assert.equal(f.scrapeIntervalMs(), 15_000);
  });

  test('a second waits for every live instance; the fleet sums them', () => {
    const f = new FleetSeconds();
    f.ingest([
      counter('a', [0, 3, 6, 9], { jitter: 0.2 }),
      counter('b', [0, 2, 4], { jitter: 0.7 }),
      up('a', [1, 1, 1, 1], { jitter: 0.2 }),
      up('b', [1, 1, 1], { jitter: 0.7 }),
    ]);
    assert.deepEqual(
      f.drain().map((p) => p.hits),
      [5, 5],
      'second 3 waits for b',
    );
    f.ingest([counter('b', [0, 2, 4, 6], { jitter: 0.7 }), up('b', [1, 1, 1, 1], { jitter: 0.7 })]);
    const [p3] = f.drain();
    assert.equal(p3!.hits, 5);
    assert.deepEqual(
      p3!.byInstance.map((i) => [i.instance, i.rps, i.up]),
      [
        ['a', 3, true],
        ['b', 2, true],
      ],
    );
  });

  test('an instance whose target is down is missing: listed up: false, and it holds nothing back', () => {
    const f = new FleetSeconds();
    f.ingest([
      counter('a', [0, 3, 6, 9, 12, 15, 18]),
      up('a', [1, 1, 1, 1, 1, 1, 1]),
      counter('b', [0, 2, 4]),
      up('b', [1, 1, 1, 0, 0, 0, 0]),
    ]);
    const points = f.drain();
    assert.deepEqual(
      points.map((p) => p.hits),
      [5, 5, 3, 3, 3, 3],
    );
    const last = points.at(-1)!;
    assert.deepEqual(
      last.byInstance.map((i) => [i.instance, i.up]),
      [
        ['a', true],
        ['b', false],
      ],
    );
    assert.ok(
      points.every((p) => p.hits > 0),
      'never a zero for the instances still up',
    );
  });

  test('an increase arriving for a second already handed out goes to the next one', () => {
    const f = new FleetSeconds();
    f.ingest([counter('a', [0, 3, 6], { jitter: 0.1 }), counter('b', [0, 1], { jitter: 0.9 })]);
    f.ingest([up('a', [1, 1, 1], { jitter: 0.1 }), up('b', [1, 0], { jitter: 0.9 })]);
    const first = f.drain();
    // b came back: a late sample covering seconds already out is counted, once, from now on.
    f.ingest([
      counter('a', [0, 3, 6, 9, 12], { jitter: 0.1 }),
      counter('b', [0, 1, 2, 3, 4], { jitter: 0.9 }),
      up('b', [1, 0, 1, 1, 1], { jitter: 0.9 }),
      up('a', [1, 1, 1, 1, 1], { jitter: 0.1 }),
    ]);
    const second = f.drain();
    const all = [...first, ...second];
    const seconds = all.map((p) => p.at / 1000 - T0);
    assert.deepEqual(seconds, [1, 2, 3, 4], 'contiguous, each second once');
    close(sum(all.map((p) => p.hits)), 12 + 4);
  });

  test('after a gap in Prometheus, the first instance scraped again does not leave the others behind', () => {
    const f = new FleetSeconds();
    f.ingest([
      counter('a', [0, 3, 6], { jitter: 0.1 }),
      up('a', [1, 1, 1], { jitter: 0.1 }),
      counter('b', [0, 2, 4], { jitter: 0.6 }),
      up('b', [1, 1, 1], { jitter: 0.6 }),
    ]);
    const before = f.drain();
    // Prometheus was away for 10 s; it has scraped a once since, not b yet.
    f.ingest([
      counter('a', [36], { start: 12, jitter: 0.1 }),
      up('a', [1], { start: 12, jitter: 0.1 }),
    ]);
    assert.deepEqual(f.drain(), [], 'b still holds the gap back');
    f.ingest([
      counter('b', [24], { start: 12, jitter: 0.6 }),
      up('b', [1], { start: 12, jitter: 0.6 }),
    ]);
    const gap = f.drain();
    assert.deepEqual(
      [...before, ...gap].map((p) => p.at / 1000 - T0),
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    for (const p of gap) close(p.hits, 5);
  });

  test('without up series, an instance is live while its counters are fresh', () => {
    const f = new FleetSeconds();
    f.ingest([counter('a', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), counter('b', [0, 1, 2])]);
    const points = f.drain();
    assert.equal(points.at(-1)!.at / 1000 - T0, 9, 'b, silent for 7 scrapes, holds nothing back');
    assert.equal(points.at(-1)!.byInstance.find((i) => i.instance === 'b')!.up, false);
  });

  test('status classes outside 1xx..5xx, and the old class label, are read', () => {
    const f = new FleetSeconds();
    f.ingest([
      counter('a', [0, 4], { status: 'unknown' }),
      counter('a', [0, 2], { status: '1xx', section: '/b' }),
      {
        metric: { __name__: 'http_console_requests_total', instance: 'a', class: '3xx' },
        values: [
          [T0 + 0.3, '0'],
          [T0 + 1.3, '1'],
        ],
      },
    ]);
    const [p] = f.drain();
    assert.deepEqual(p!.byStatus, { '1xx': 2, '2xx': 0, '3xx': 1, '4xx': 0, '5xx': 0, other: 4 });
    assert.deepEqual(p!.bySection, [
      { section: '/a', rps: 4 },
      { section: '/b', rps: 2 },
    ]);
  });

  test('sections from http_console_section_requests_total when the request counter has none', () => {
    const f = new FleetSeconds();
    const family = (section: string, values: number[]): RawSeries => ({
      metric: { __name__: 'http_console_section_requests_total', instance: 'a', section },
      values: values.map((v, i) => [T0 + i + 0.3, String(v)]),
    });
    const plain: RawSeries = {
      metric: { __name__: 'http_console_requests_total', instance: 'a', status_class: '2xx' },
      values: [0, 10, 20].map((v, i) => [T0 + i + 0.3, String(v)]),
    };
    // "other" shrinks by 1 when /b enters the top list: not a reset of 99 requests.
    f.ingest([plain, family('/a', [0, 6, 12]), family('other', [0, 4, 3]), family('/b', [5])]);
    const points = f.drain();
    assert.deepEqual(
      points.map((p) => p.hits),
      [10, 10],
      'hits come from the request counter only',
    );
    assert.deepEqual(points[0]!.bySection, [
      { section: '/a', rps: 6 },
      { section: 'other', rps: 4 },
    ]);
    assert.deepEqual(points[1]!.bySection, [
      { section: '/a', rps: 6 },
      { section: 'other', rps: 0 },
    ]);
  });

  test('an agent with both families: sections from the request counter only, whatever the order', () => {
    const f = new FleetSeconds();
    const sectionFamily: RawSeries = {
      metric: { __name__: 'http_console_section_requests_total', instance: 'a', section: '/a' },
      values: [0, 5, 12].map((v, i) => [T0 + i + 0.3, String(v)]),
    };
    // Listed before the request counter that carries the same requests by section.
    f.ingest([sectionFamily, counter('a', [0, 5, 12])]);
    assert.deepEqual(
      f.drain().map((p) => p.bySection),
      [[{ section: '/a', rps: 5 }], [{ section: '/a', rps: 7 }]],
    );
  });

  test('a long gap keeps only the newest seconds, with every request in them', () => {
    const f = new FleetSeconds(60);
    f.ingest([counter('a', [0, 1000], { step: 7200 })]);
    const points = f.drain();
    assert.equal(points.length, 60);
    close(sum(points.map((p) => p.hits)), 1000);
  });
});

describe('parseSelector', () => {
  test('reads matchers and writes them back after the metric name', () => {
    const m = parseSelector(` { job = "web", instance=~'fe-.*' ,env!="dev",x!~"a\\"b"} `);
    assert.equal(
      selectorFor('__name__="up"', m),
      `{__name__="up",job="web",instance=~'fe-.*',env!="dev",x!~"a\\"b"}`,
    );
    assert.deepEqual(parseSelector(undefined), []);
    assert.deepEqual(parseSelector('{}'), []);
  });

  test('a bad selector is an error that names it and the problem', () => {
    assert.throws(
      () => parseSelector('job="web"'),
      /--prometheus-selector "job=\\"web\\"": expected label matchers in braces/,
    );
    assert.throws(() => parseSelector('{job="web"'), /expected label matchers in braces/);
    assert.throws(() => parseSelector('{job=web}'), /cannot read a label matcher at "job=web"/);
    assert.throws(
      () => parseSelector('{job="a" env="b"}'),
      /expected "," or "}" before "env=\\"b\\""/,
    );
    assert.throws(() => parseSelector('{__name__="x"}'), /metric name is chosen by http-console/);
  });
});
