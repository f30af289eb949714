/**
 * The Prometheus source against the real thing: Debian's prometheus on
 * loopback (1 s scrapes, the shipped config and rules) scraping three
 * exporters at known rates. The points feed the app's own alert rule, and
 * Prometheus evaluates the shipped alert on the same traffic.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createPrometheusSource,
  type FleetPoint,
  type PrometheusSource,
  type PrometheusState,
} from '../../main/engine/sources/prometheus';
import {
  freePort,
  prometheusConfig,
  startExporter,
  startPrometheus,
  waitFor,
  waitForTargets,
  watchFleet,
  type Exporter,
  type FleetWatch,
  type TestPrometheus,
} from './live-harness';
import { skipWithout } from './tools';

const TOKEN = 'agents-token-0123456789';
const THRESHOLD = 20;
const RATES = { a: 7, b: 5, c: 3 };
const FLEET = RATES.a + RATES.b + RATES.c;
const BURST = 3000; // 25 req/s over a 2-minute window: above the threshold on its own

/** Seconds [from, to] of the points, in order, each once. */
function span(points: FleetPoint[], from: number, to: number): FleetPoint[] {
  return points.filter((p) => p.at >= from * 1000 && p.at <= to * 1000);
}
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe('Prometheus source, live', { skip: skipWithout('prometheus', true) }, () => {
  let dir: string;
  let prom: TestPrometheus;
  let source: PrometheusSource;
  const ex: Record<'a' | 'b' | 'c', Exporter> = {} as never;
  let points: FleetPoint[];
  let states: PrometheusState[];
  let transitions: FleetWatch['transitions'];
  let burstSecond = 0;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hc-prom-'));
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, TOKEN);
    ex.a = await startExporter({
      rps: RATES.a,
      statusClass: '2xx',
      section: '/a',
      threshold: THRESHOLD,
      token: TOKEN,
    });
    ex.b = await startExporter({
      rps: RATES.b,
      statusClass: '4xx',
      section: '/b',
      threshold: THRESHOLD,
      token: TOKEN,
    });
    ex.c = await startExporter({
      rps: RATES.c,
      statusClass: '2xx',
      section: '/a',
      threshold: THRESHOLD,
      token: TOKEN,
    });
    const config = prometheusConfig({
      targets: [ex.a.target, ex.b.target, ex.c.target],
      tokenFile,
      alertmanager: `127.0.0.1:${await freePort()}`,
    });
    prom = await startPrometheus(dir, config);
    await waitForTargets(prom.url, 3);
    ({ source, points, states, transitions } = watchFleet(prom.url, THRESHOLD));
  });

  after(async () => {
    source?.dispose();
    await prom?.stop();
    for (const e of Object.values(ex)) await e.kill().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  test("the fleet rate is the sum of the agents' own counts, within one scrape interval", async (t) => {
    const first = await waitFor('a first point', () => points[0]);
    const from = first.at / 1000 + 2;
    await waitFor('12 s of points', () => points.at(-1)!.at / 1000 >= from + 11);
    const to = from + 9;
    const got = span(points, from, to);
    assert.equal(got.length, 10, 'one point per second');
    const expected = sum(
      Object.values(ex).map((e) => e.value((to + 1) * 1000) - e.value(from * 1000)),
    );
    const hits = sum(got.map((p) => p.hits));
    t.diagnostic(`10 s: ${hits} requests from Prometheus, ${expected} counted by the agents`);
    assert.ok(Math.abs(hits - expected) <= FLEET, `${hits} requests vs the agents' ${expected}`);
    const share = (name: string) =>
      sum(got.map((p) => p.byInstance.find((i) => i.instance === name)!.rps));
    assert.ok(
      Math.abs(share(ex.a.target) / 10 - RATES.a) <= 1,
      `a at ${share(ex.a.target) / 10} req/s`,
    );
    assert.ok(Math.abs(sum(got.map((p) => p.byStatus['4xx'])) / 10 - RATES.b) <= 1, '4xx is b');
    assert.deepEqual(
      got.at(-1)!.bySection.map((s) => s.section),
      ['/a', '/b'],
    );
    assert.equal(states.at(-1)!.state, 'following');
  });

  test('a burst on one agent raises the alert, here and in Prometheus', async () => {
    burstSecond = Math.floor(Date.now() / 1000);
    ex.a.burst(BURST);
    const alert = await waitFor('our alert', () => transitions.find((t) => t.type === 'alert'));
    assert.ok(
      alert.at >= burstSecond - 1 && alert.at <= burstSecond + 2,
      `alert at ${alert.at - burstSecond} s`,
    );
    const firing = await waitFor('Prometheus firing HttpConsoleHighTraffic', async () => {
      const r = await fetch(`${prom.url}api/v1/alerts`);
      const body = (await r.json()) as {
        data: {
          alerts: {
            state: string;
            labels: Record<string, string>;
            annotations: Record<string, string>;
          }[];
        };
      };
      return body.data.alerts.find(
        (a) => a.labels.alertname === 'HttpConsoleHighTraffic' && a.state === 'firing',
      );
    });
    assert.equal(firing.labels.job, 'web');
    assert.equal(firing.annotations.threshold, String(THRESHOLD));
    assert.ok(Number(firing.annotations.avg) > THRESHOLD);
  });

  test('an agent that dies is listed missing, and the others never drop to zero', async () => {
    const killedAt = Date.now();
    await ex.c.kill();
    const missing = await waitFor('c listed as missing', () =>
      points.find((p) => p.byInstance.some((i) => i.instance === ex.c.target && !i.up)),
    );
    const after = missing.at / 1000;
    await waitFor('5 more seconds', () => points.at(-1)!.at / 1000 >= after + 5);
    const later = span(points, Math.floor(killedAt / 1000), after + 5);
    for (const p of later) {
      for (const name of [ex.a.target, ex.b.target])
        assert.ok(p.byInstance.find((i) => i.instance === name)!.rps > 0, `${name} at ${p.at}`);
    }
    const tail = span(points, after + 1, after + 5);
    const rate = sum(tail.map((p) => p.hits)) / tail.length;
    assert.ok(Math.abs(rate - RATES.a - RATES.b) <= 2, `fleet at ${rate} req/s without c`);
    assert.equal(transitions.filter((t) => t.type === 'recovery').length, 0, 'no false recovery');
  });

  test('a bad selector is an error state naming it', async () => {
    const bad: PrometheusState[] = [];
    const s = createPrometheusSource({
      url: prom.url,
      selector: '{job=~"("}',
      sink: {
        point: () => assert.fail('no points for a bad selector'),
        state: (st) => bad.push(st),
      },
    });
    await s.poll();
    s.dispose();
    assert.equal(bad[0]?.state, 'error');
    assert.equal(bad[0]?.code, 'prometheus-error');
    assert.match(bad[0]!.message, /HTTP 400: .*error parsing regexp.*\(selector \{job=~"\("\}\)/);
  });

  test('Prometheus killed: prometheus-down and no points; restarted: the gap is read back', async (t) => {
    await prom.kill();
    const downAt = states.length;
    await waitFor(
      'two failed attempts',
      () => states.slice(downAt).filter((s) => s.code === 'prometheus-down').length >= 2,
    );
    const frozen = points.length;
    const firstDown = states.slice(downAt).find((s) => s.code === 'prometheus-down')!;
    assert.match(firstDown.message, /unreachable \(ECONNREFUSED\); retrying at/);
    await waitFor(
      'another failed attempt',
      () => states.slice(downAt).filter((s) => s.code === 'prometheus-down').length >= 3,
    );
    assert.equal(points.length, frozen, 'no points while Prometheus is down');
    const lastBefore = points.at(-1)!.at / 1000;
    await prom.restart();
    await waitFor('following again', () => states.at(-1)!.state === 'following');
    await waitFor('points past the outage', () => points.at(-1)!.at / 1000 >= lastBefore + 12);
    const seconds = points.map((p) => p.at / 1000);
    seconds.forEach(
      (s, i) => i === 0 || assert.equal(s, seconds[i - 1]! + 1, `second ${s} follows`),
    );
    const gap = span(points, lastBefore + 1, lastBefore + 8);
    const expected = sum(
      [ex.a, ex.b].map((e) => e.value((lastBefore + 9) * 1000) - e.value((lastBefore + 1) * 1000)),
    );
    const hits = sum(gap.map((p) => p.hits));
    t.diagnostic(`gap: ${hits} requests read back, ${expected} counted by the agents`);
    assert.ok(
      Math.abs(hits - expected) <= RATES.a + RATES.b,
      `gap: ${hits} vs the agents' ${expected}`,
    );
    assert.equal(transitions.filter((t) => t.type === 'recovery').length, 0, 'no false recovery');
  });

  test('the alert recovers once the burst has left the 2-minute window, here and in Prometheus', async () => {
    const recovery = await waitFor(
      'our recovery',
      () => transitions.find((t) => t.type === 'recovery'),
      200_000,
    );
    assert.ok(
      recovery.at >= burstSecond + 119 && recovery.at <= burstSecond + 122,
      `recovered ${recovery.at - burstSecond} s after the burst`,
    );
    assert.deepEqual(
      transitions.map((t) => t.type),
      ['alert', 'recovery'],
    );
    await waitFor(
      'Prometheus resolving HttpConsoleHighTraffic',
      async () => {
        const r = await fetch(`${prom.url}api/v1/alerts`);
        const body = (await r.json()) as { data: { alerts: unknown[] } };
        return body.data.alerts.length === 0;
      },
      30_000,
    );
  });
});
