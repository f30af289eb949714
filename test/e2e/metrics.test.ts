import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import parsePrometheus from 'parse-prometheus-text-format';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_SECTION_LABELS, renderMetrics } from '../../main/web/metrics';
import { startWebServer, type WebServer } from '../../main/web/server';
import { createFakeMonitor, emptyStats, makeSnapshot } from './fixtures/fake-monitor';
import { fetchText } from './fixtures/http';
import { emptyStatusClasses } from '../../main/common/status-classes';

// A busy log: more sections than get their own label, one with characters that need escaping.
const sections = [
  { section: '/api', hits: 500 },
  { section: '/we"ird\\path\nx', hits: 200 },
  ...Array.from({ length: 30 }, (_, i) => ({ section: `/s${i}`, hits: 30 - i })),
];
const total = {
  ...emptyStats(3600),
  hits: 1300,
  sections,
  status: { '1xx': 3, '2xx': 1000, '3xx': 100, '4xx': 150, '5xx': 40, other: 7 },
  bytes: 123456789,
  malformed: 7,
  late: 3,
  skewed: 1,
};
// As the engine exports them: the top sections, then other; the status classes split across them.
const other = { ...emptyStatusClasses(), '2xx': 98, '3xx': 100, '4xx': 150, '5xx': 40 };
const sectionRequests = [
  { section: '/api', status: { ...emptyStatusClasses(), '1xx': 3, '2xx': 490, other: 7 } },
  { section: '/we"ird\\path\nx', status: { ...emptyStatusClasses(), '2xx': 200 } },
  ...sections.slice(2, MAX_SECTION_LABELS).map((r) => ({
    section: r.section,
    status: { ...emptyStatusClasses(), '2xx': r.hits },
  })),
  { section: 'other', status: other },
];
const snapshot = makeSnapshot({
  sectionRequests,
  at: 1_700_000_000_000,
  avg: 12.5,
  windowHits: 1500,
  threshold: 10,
  state: 'alert',
  alert: { active: true, since: 1_699_999_990_000 },
  stats: { window: emptyStats(120), total },
});

function families(text: string) {
  return new Map(parsePrometheus(text).map((f) => [f.name, f]));
}

describe('GET /metrics', () => {
  let dir: string;
  let server: WebServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hc-metrics-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    server = await startWebServer({
      monitor: createFakeMonitor(snapshot),
      port: 0,
      rendererDir: dir,
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('is served as exposition format 0.0.4 that a Prometheus parser reads', async () => {
    const r = await fetchText(server.url.replace(/\?.*/, 'metrics'));
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const parsed = parsePrometheus(r.body);
    assert.ok(parsed.length >= 10);
    const names = new Set<string>();
    for (const f of parsed) {
      assert.ok(!names.has(f.name), `family ${f.name} appears once`);
      names.add(f.name);
      assert.match(f.type, /^(COUNTER|GAUGE)$/, `${f.name} has a TYPE line`);
      assert.ok(f.help.length > 0, `${f.name} has a HELP line`);
      if (f.type === 'COUNTER') assert.match(f.name, /_total$/);
      for (const m of f.metrics)
        assert.ok(Number.isFinite(Number(m.value)), `${f.name} value ${m.value}`);
    }
  });

  test('every line follows the text format grammar', () => {
    const text = renderMetrics(snapshot);
    assert.ok(text.endsWith('\n'));
    const sample =
      /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_]\w*="([^"\\\n]|\\[\\"n])*",?)*\})? [-+]?(\d+(\.\d+)?(e[-+]?\d+)?|Inf|NaN)$/;
    for (const line of text.trimEnd().split('\n')) {
      if (line.startsWith('#'))
        assert.match(line, /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* \S/, line);
      else assert.match(line, sample, line);
    }
  });

  test('counts requests by status class, and they add up to the hits', () => {
    const f = families(renderMetrics(snapshot)).get('http_console_requests_total')!;
    const byClass: Record<string, number> = {};
    for (const m of f.metrics)
      byClass[m.labels!.status_class!] = (byClass[m.labels!.status_class!] ?? 0) + Number(m.value);
    assert.deepEqual(byClass, {
      '1xx': 3,
      '2xx': 1000,
      '3xx': 100,
      '4xx': 150,
      '5xx': 40,
      other: 7,
    });
    assert.equal(
      f.metrics.reduce((sum, m) => sum + Number(m.value), 0),
      total.hits,
    );
  });

  test('bounds the section labels: the top sections, the rest summed as other', () => {
    const f = families(renderMetrics(snapshot)).get('http_console_section_requests_total')!;
    assert.equal(f.metrics.length, MAX_SECTION_LABELS + 1);
    const bySection = new Map(f.metrics.map((m) => [m.labels!.section, Number(m.value)]));
    assert.equal(bySection.get('/api'), 500);
    assert.equal(bySection.get('/we"ird\\path\nx'), 200, 'label escaping round-trips');
    const listed = sections.slice(0, MAX_SECTION_LABELS).reduce((s, r) => s + r.hits, 0);
    assert.equal(bySection.get('other'), 1300 - listed);
  });

  test('labels the request counter with section too: top sections and other, every class', () => {
    const f = families(renderMetrics(snapshot)).get('http_console_requests_total')!;
    assert.equal(f.metrics.length, (MAX_SECTION_LABELS + 1) * 6);
    const value = (section: string, cls: string) =>
      Number(
        f.metrics.find((m) => m.labels!.section === section && m.labels!.status_class === cls)
          ?.value,
      );
    assert.equal(value('/api', '2xx'), 490);
    assert.equal(value('/api', 'other'), 7);
    assert.equal(value('/we"ird\\path\nx', '2xx'), 200);
    assert.equal(value('other', '4xx'), 150);
  });

  test('reports window average, threshold, alert state and malformed lines', () => {
    const f = families(renderMetrics(snapshot));
    const value = (name: string) => Number(f.get(name)?.metrics[0]?.value);
    assert.equal(value('http_console_window_average_rps'), 12.5);
    assert.equal(value('http_console_threshold_rps'), 10);
    assert.equal(value('http_console_alert_active'), 1);
    assert.equal(value('http_console_malformed_lines_total'), 7);
    assert.equal(value('http_console_bytes_sent_total'), 123456789);
    const states = f.get('http_console_state')!.metrics.filter((m) => m.value === '1');
    assert.deepEqual(
      states.map((m) => m.labels!.state),
      ['alert'],
    );
    const quiet = families(renderMetrics(makeSnapshot()));
    assert.equal(Number(quiet.get('http_console_alert_active')?.metrics[0]?.value), 0);
  });
});
