/**
 * What an agent's /metrics offers is what the shipped rules and the
 * Prometheus source ask for: the same family names, the same label names.
 * A rename on either side breaks this test instead of a fleet's alerting.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import parsePrometheus from 'parse-prometheus-text-format';
import { renderMetrics } from '../../main/web/metrics';
import { emptyStats, makeSnapshot } from '../e2e/fixtures/fake-monitor';
import { promDocs } from './tools';

const snapshot = makeSnapshot({
  stats: {
    window: emptyStats(120),
    total: {
      ...emptyStats(3600),
      hits: 12,
      sections: [{ section: '/a', hits: 12 }],
      status: { '1xx': 0, '2xx': 10, '3xx': 0, '4xx': 1, '5xx': 0, other: 1 },
    },
  },
});
const families = new Map(parsePrometheus(renderMetrics(snapshot)).map((f) => [f.name, f]));
const rules = readFileSync(join(promDocs, 'http-console.rules.yml'), 'utf8');

test('every agent family the rules use is exported, with HELP and TYPE', () => {
  const used = new Set(
    [...rules.matchAll(/(?<![:\w])(http_console_[a-z_]+)(?![:\w])/g)].map((m) => m[1]!),
  );
  assert.ok(used.size >= 2);
  for (const name of used) {
    const f = families.get(name);
    assert.ok(f, `${name} (used by http-console.rules.yml) is exported`);
    assert.ok(f.help.length > 0 && f.type.length > 0, `${name} has HELP and TYPE`);
  }
});

test('the request counter carries the status_class label the rules and the source group by', () => {
  const f = families.get('http_console_requests_total')!;
  assert.equal(f.type, 'COUNTER');
  const byClass = new Map(f.metrics.map((m) => [m.labels!.status_class, Number(m.value)]));
  assert.equal(byClass.get('2xx'), 10);
  assert.equal(byClass.get('4xx'), 1);
  assert.equal(byClass.get('other'), 1, 'hits without a status are "other"');
  assert.ok(rules.includes('status_class'));
});

test('the request counter carries section too: the fleet source reads it from that family alone', () => {
  const f = families.get('http_console_requests_total')!;
  assert.ok(
    f.metrics.every((m) => m.labels!.section !== undefined && m.labels!.status_class !== undefined),
  );
  // The snapshot has no per-section counts: everything is in `other`, every class shown.
  assert.deepEqual(
    f.metrics.map((m) => `${m.labels!.section} ${m.labels!.status_class}`),
    ['1xx', '2xx', '3xx', '4xx', '5xx', 'other'].map((c) => `other ${c}`),
  );
});
