/**
 * The `source` family of /metrics over many scrapes: with more than 10
 * sources the top 10 change, and still no series falls (Prometheus would read
 * a fall as a restart and count a burst that never happened). Each series is
 * its source's count since start, and `other` the sum of the rest, which
 * cannot fall either: it is the sum of the smallest counts, and each of those
 * only grows as the counts do.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import parsePrometheus from 'parse-prometheus-text-format';
import type { SourceCount } from '../../main/common/types';
import { MAX_SOURCE_LABELS, renderMetrics } from '../../main/web/metrics';
import { emptyStats, makeSnapshot } from '../e2e/fixtures/fake-monitor';

/** One scrape: the source family as label → value. */
function scrape(counts: Map<string, number>): Map<string, number> {
  const sources: SourceCount[] = [...counts]
    .map(([source, hits]) => ({ source, hits }))
    .sort((a, b) => b.hits - a.hits)
    .slice(0, MAX_SOURCE_LABELS); // the engine lists the top 10
  const hits = [...counts.values()].reduce((a, b) => a + b, 0);
  const snapshot = makeSnapshot({
    at: 1_700_000_000_000,
    stats: {
      window: { ...emptyStats(120), hits, sources },
      total: { ...emptyStats(3600), hits, sources },
    },
  });
  const family = parsePrometheus(renderMetrics(snapshot)).find(
    (f) => f.name === 'http_console_source_requests_total',
  )!;
  return new Map(family.metrics.map((m) => [m.labels!.source!, Number(m.value)]));
}

describe('the source family: never falling, whatever the top 10 do', () => {
  test('20 sources taking turns at the top: no series falls, no request counts twice', () => {
    const counts = new Map<string, number>();
    const seen = new Map<string, number>();
    let previous = new Map<string, number>();
    let previousTotal = 0;
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 300; round++) {
      // Each round favours a different few sources, so ranks keep changing.
      for (let i = 0; i < 20; i++) {
        const favoured = (i + Math.floor(round / 15)) % 20 < 4;
        const add = Math.floor(random() * (favoured ? 400 : 3));
        counts.set(`s${i}`, (counts.get(`s${i}`) ?? 0) + add);
      }
      const family = scrape(counts);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      assert.ok(family.size <= MAX_SOURCE_LABELS + 1, `round ${round}: ${family.size} series`);
      for (const [label, value] of family) {
        // A source back in the top 10 comes back at its count, which only grew.
        assert.ok(value >= (seen.get(label) ?? 0), `round ${round}: ${label} fell`);
        seen.set(label, value);
      }
      // What `sum(rate(...))` adds: the increases of the series scraped both times.
      let increase = 0;
      for (const [label, value] of family)
        if (previous.has(label)) increase += value - previous.get(label)!;
      assert.ok(increase <= total - previousTotal, `round ${round}: requests counted twice`);
      assert.ok([...family.values()].reduce((a, b) => a + b, 0) <= total);
      previous = family;
      previousTotal = total;
    }
    assert.ok(seen.size > MAX_SOURCE_LABELS + 1, 'sources did take turns');
  });

  test('10 sources or fewer: each has its exact count and other stays 0', () => {
    const counts = new Map([
      ['a.log', 5],
      ['b.log', 0],
    ]);
    assert.deepEqual(
      [...scrape(counts)],
      [
        ['a.log', 5],
        ['b.log', 0],
        ['other', 0],
      ],
    );
    counts.set('c.log', 7); // a file a glob picked up
    counts.set('a.log', 9);
    assert.deepEqual(
      [...scrape(counts)],
      [
        ['a.log', 9],
        ['c.log', 7],
        ['b.log', 0],
        ['other', 0],
      ],
    );
  });
});
