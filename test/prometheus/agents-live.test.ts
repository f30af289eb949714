/**
 * A fleet for real: three built `http-console agent` processes following
 * their own temporary logs (lines written as a web server writes them, stamped
 * now), Debian's prometheus on loopback scraping them every second with the
 * shipped config and rules, and the Prometheus source reading the fleet back.
 * Every wait is on a condition; the longest is the burst leaving the rules'
 * 2-minute range, so the whole file takes about two and a half minutes.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FleetPoint, PrometheusSource } from '../../main/engine/sources/prometheus';
import { fetchText } from '../e2e/fixtures/http';
import { clfLine, type Served } from '../e2e/fixtures/serve-cli';
import {
  startAgentFleet,
  stopFleet,
  waitFor,
  watchFleet,
  type FleetWatch,
  type TestPrometheus,
  AGENT_TOKEN,
  killAgent,
} from './live-harness';
import { skipWithout } from './tools';

const THRESHOLD = 20;
/** Requests per second written to each agent's log (writeTraffic takes multiples of 5). */
const RATE = 5;
const AGENTS = 3;
const FLEET = RATE * AGENTS;
/** On one agent: 25 req/s more over the rules' 2 minutes, 40 in all, above 20; 15 without it. */
const BURST = 3000;

interface Agent {
  served: Served;
  /** `host:port`, as Prometheus names the instance. */
  target: string;
  traffic: { stop(): void };
  log: string;
  /** The agent's own `http_console_requests_total` (all status classes), read [Unix ms, value]. */
  readings: [number, number][];
}

/** Sum of the `http_console_requests_total` samples in a /metrics body. */
function requestsTotal(metrics: string): number {
  const values = [...metrics.matchAll(/^http_console_requests_total\{[^}]*\} (\d+)$/gm)];
  assert.ok(values.length > 0, 'the agent exports http_console_requests_total');
  return values.reduce((s, m) => s + Number(m[1]), 0);
}

/** The agent's counter as last read at or before Unix ms `at`. */
function counterAt(agent: Agent, at: number): number {
  const before = agent.readings.filter(([t]) => t <= at);
  assert.ok(before.length > 0, `a reading of ${agent.target} before ${at}`);
  return before.at(-1)![1];
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

type FiringAlert = { state: string; labels: Record<string, string> };

/** Prometheus's HttpConsoleHighTraffic alert for job web, when it is firing. */
async function firing(prom: TestPrometheus): Promise<FiringAlert | undefined> {
  const r = await fetch(`${prom.url}api/v1/alerts`);
  const body = (await r.json()) as { data: { alerts: FiringAlert[] } };
  return body.data.alerts.find(
    (a) => a.labels.alertname === 'HttpConsoleHighTraffic' && a.state === 'firing',
  );
}

describe('a fleet of agents behind Prometheus', { skip: skipWithout('prometheus', true) }, () => {
  let dir: string;
  let prom: TestPrometheus;
  let source: PrometheusSource;
  const agents: Agent[] = [];
  let points: FleetPoint[];
  // The app's own alert rule over the fleet points, as the monitor applies it.
  let transitions: FleetWatch['transitions'];
  let sampling: NodeJS.Timeout | null = null;
  let burstSecond = 0;

  /** Read every live agent's counter, with the time of the reading. */
  async function readCounters(): Promise<void> {
    for (const agent of agents) {
      if (agent.served.child.exitCode !== null || agent.served.child.signalCode !== null) continue;
      const at = Date.now();
      const r = await fetchText(new URL('/metrics', agent.served.url).href, {
        headers: { Authorization: `Bearer ${AGENT_TOKEN}` },
      });
      if (r.status === 200) agent.readings.push([at, requestsTotal(r.body)]);
    }
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hc-agents-'));
    const fleet = await startAgentFleet(dir, {
      count: AGENTS,
      rate: RATE,
      args: ['-m', String(THRESHOLD), '--window', '120'],
    });
    prom = fleet.prom;
    agents.push(...fleet.agents.map((a) => ({ ...a, readings: [] })));
    ({ source, points, transitions } = watchFleet(prom.url, THRESHOLD));
  });

  after(async () => {
    if (sampling) clearInterval(sampling);
    source?.dispose();
    await stopFleet(prom, agents, dir);
  });

  test("the fleet's rate is the sum of the agents' own counters, within one scrape interval", async (t) => {
    let reading: Promise<void> = Promise.resolve();
    sampling = setInterval(() => (reading = reading.then(readCounters)), 200);
    const first = await waitFor('a first point', () => points[0]);
    const from = Math.max(first.at / 1000, Math.ceil(Date.now() / 1000)) + 2;
    const to = from + 9;
    await waitFor('the ten seconds read back', () => points.at(-1)!.at / 1000 >= to + 2);
    clearInterval(sampling);
    sampling = null;
    await reading;
    const got = points.filter((p) => p.at >= from * 1000 && p.at <= to * 1000);
    assert.equal(got.length, 10, 'one point per second');
    const own = agents.map((a) => counterAt(a, (to + 1) * 1000) - counterAt(a, from * 1000));
    const fleet = sum(got.map((p) => p.hits));
    t.diagnostic(`10 s: ${fleet} requests from Prometheus, ${sum(own)} counted by the agents`);
    assert.ok(sum(own) >= 9 * FLEET, `the agents read the traffic written: ${own.join(', ')}`);
    assert.ok(Math.abs(fleet - sum(own)) <= FLEET, `${fleet} requests vs the agents' ${sum(own)}`);
    for (const [i, agent] of agents.entries()) {
      const share = sum(got.map((p) => p.byInstance.find((x) => x.instance === agent.target)!.rps));
      assert.ok(Math.abs(share - own[i]!) <= RATE, `${agent.target}: ${share} vs ${own[i]}`);
    }
  });

  test('a burst in one log fires the shipped alert; our own rule raises it too', async () => {
    burstSecond = Math.floor(Date.now() / 1000);
    const lines = Array.from({ length: BURST }, () => clfLine(Date.now(), '/burst'));
    appendFileSync(agents[0]!.log, lines.join(''));
    const alert = await waitFor('HttpConsoleHighTraffic firing', () => firing(prom));
    assert.equal(alert.labels.job, 'web');
    const ours = await waitFor('our alert', () => transitions.find((x) => x.type === 'alert'));
    assert.ok(
      ours.at >= burstSecond - 1 && ours.at <= burstSecond + 3,
      `alert ${ours.at - burstSecond} s after the burst`,
    );
  });

  test('a killed agent is listed down, the others never drop to zero, and nothing recovers', async () => {
    const dead = agents[2]!;
    const killedAt = await killAgent(dead);
    const missing = await waitFor('the killed agent listed down', () =>
      points.find((p) => p.byInstance.some((i) => i.instance === dead.target && !i.up)),
    );
    const after = missing.at / 1000;
    await waitFor('5 more seconds', () => points.at(-1)!.at / 1000 >= after + 5);
    const since = points.filter((p) => p.at >= Math.floor(killedAt / 1000) * 1000);
    for (const p of since) {
      assert.ok(p.hits > 0, `the fleet at zero at ${p.at}`);
      for (const live of agents.slice(0, 2)) {
        const i = p.byInstance.find((x) => x.instance === live.target);
        assert.ok(i && i.up && i.rps > 0, `${live.target} at ${p.at}: ${JSON.stringify(i)}`);
      }
    }
    assert.ok(await firing(prom), 'the shipped alert is still firing');
    assert.deepEqual(
      transitions.map((x) => x.type),
      ['alert'],
      'no false recovery',
    );
  });

  test('the alert recovers once the burst has left the 2-minute window, in Prometheus and here', async () => {
    await waitFor(
      'HttpConsoleHighTraffic resolved',
      async () => (await firing(prom)) === undefined,
      150_000,
    );
    const resolved = Math.floor(Date.now() / 1000);
    assert.ok(
      resolved >= burstSecond + 119,
      `resolved ${resolved - burstSecond} s after the burst`,
    );
    const ours = await waitFor(
      'our recovery',
      () => transitions.find((x) => x.type === 'recovery'),
      30_000,
    );
    assert.ok(
      ours.at >= burstSecond + 119 && ours.at <= burstSecond + 123,
      `recovered ${ours.at - burstSecond} s after`,
    );
    assert.deepEqual(
      transitions.map((x) => x.type),
      ['alert', 'recovery'],
    );
  });
});
