/**
 * Real Prometheus for tests: a Debian `prometheus` started as the test's own
 * process on 127.0.0.1 with docs/prometheus/prometheus.yml (intervals 1 s,
 * paths and targets of the test), scraping exporters the test runs. An
 * exporter serves the agents' counter at a known rate; anything with a
 * `host:port` target (a real `http-console agent`) can stand in for one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { readFileSync, writeFileSync, openSync, closeSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AlertEvaluator } from '../../main/engine/alert-evaluator';
import {
  createPrometheusSource,
  type FleetPoint,
  type PrometheusSource,
  type PrometheusState,
} from '../../main/engine/sources/prometheus';
import { startCli, writeTraffic, type Served } from '../e2e/fixtures/serve-cli';
import { promDocs } from './tools';

/** Poll `check` until it returns a value (not undefined/false), or fail naming `what`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  deadlineMs = 60_000,
): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as AddressInfo;
  s.close();
  await once(s, 'close');
  return port;
}

/** A stand-in for one agent's /metrics: counters that grow at a known rate. */
export interface Exporter {
  /** `host:port`, as in a scrape config. */
  target: string;
  /** The counter's value at Unix ms `at` (what a scrape at that time reads). */
  value(at: number): number;
  /** `n` requests at once, as a burst written to the agent's log. */
  burst(n: number): void;
  /** Stop answering (the agent died). */
  kill(): Promise<void>;
}

/**
 * Serve `http_console_requests_total{status_class,section}` growing by `rps`
 * requests per second, and `http_console_threshold_rps`; only to `token`.
 */
export async function startExporter(o: {
  rps: number;
  statusClass: string;
  section: string;
  threshold: number;
  token: string;
}): Promise<Exporter> {
  const started = Date.now();
  const bursts: { at: number; n: number }[] = [];
  const value = (at: number) =>
    Math.floor((o.rps * Math.max(0, at - started)) / 1000) +
    bursts.filter((b) => b.at <= at).reduce((s, b) => s + b.n, 0);
  const server: Server = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${o.token}`) {
      res.writeHead(401).end('token needed\n');
      return;
    }
    const labels = `status_class="${o.statusClass}",section="${o.section}"`;
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
    res.end(
      [
        '# HELP http_console_requests_total Requests read since start.',
        '# TYPE http_console_requests_total counter',
        `http_console_requests_total{${labels}} ${value(Date.now())}`,
        '# HELP http_console_threshold_rps Window average above which an alert is raised.',
        '# TYPE http_console_threshold_rps gauge',
        `http_console_threshold_rps ${o.threshold}`,
        '',
      ].join('\n'),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    target: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    value,
    burst: (n) => bursts.push({ at: Date.now(), n }),
    async kill() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Replace `from` in `text`, insisting it is there (the shipped file must not drift). */
function swap(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`docs/prometheus/prometheus.yml no longer has ${from}`);
  return text.split(from).join(to);
}

/** docs/prometheus/prometheus.yml with the test's intervals, paths and targets. */
export function prometheusConfig(o: {
  targets: string[];
  tokenFile: string;
  alertmanager: string;
}): string {
  let text = readFileSync(join(promDocs, 'prometheus.yml'), 'utf8');
  text = swap(text, 'interval: 15s', 'interval: 1s');
  text = swap(
    text,
    '/etc/prometheus/http-console.rules.yml',
    join(promDocs, 'http-console.rules.yml'),
  );
  text = swap(text, '/etc/prometheus/http-console-token', o.tokenFile);
  text = swap(text, "'localhost:9093'", `'${o.alertmanager}'`);
  return swap(
    text,
    "['web1:8377', 'web2:8377', 'web3:8377']",
    `[${o.targets.map((t) => `'${t}'`).join(', ')}]`,
  );
}

/** A running Prometheus of the test's own. */
export interface TestPrometheus {
  url: string;
  /** SIGKILL: the server vanishes without a goodbye. */
  kill(): Promise<void>;
  /** Start again on the same port and storage. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Start `prometheus` in `dir` and wait until it is ready. */
export async function startPrometheus(dir: string, config: string): Promise<TestPrometheus> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  writeFileSync(join(dir, 'prometheus.yml'), config);
  let child: ChildProcess | null = null;
  const launch = async () => {
    const log = openSync(join(dir, 'prometheus.log'), 'a');
    child = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    const exited = once(child, 'exit').then(() => {
      throw new Error(`prometheus exited early; see ${join(dir, 'prometheus.log')}`);
    });
    exited.catch(() => {});
    await Promise.race([
      exited,
      waitFor('prometheus to be ready', async () => {
        const r = await fetch(`${url}-/ready`).catch(() => null);
        return r?.ok === true;
      }),
    ]);
  };
  const halt = async (signal: NodeJS.Signals) => {
    const c = child as ChildProcess | null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = once(c, 'exit');
    c.kill(signal);
    await gone;
  };
  await launch();
  return { url, kill: () => halt('SIGKILL'), restart: launch, stop: () => halt('SIGTERM') };
}

/** The token the agents of `startAgentFleet` ask every request for. */
export const AGENT_TOKEN = 'fleet-agents-token-0123456789';

/** A built `http-console agent` following its own log, with live traffic written to it. */
export interface LiveAgent {
  served: Served;
  /** `host:port`, as Prometheus names the instance. */
  target: string;
  log: string;
  traffic: { stop(): void };
}

/**
 * `count` agents on their own logs in `dir`, each written `rate` req/s and run with
 * `args` and `--token-file dir/token` (holding AGENT_TOKEN), and a Prometheus of the
 * test's own scraping them with the shipped config; resolves once every target is up.
 */
export async function startAgentFleet(
  dir: string,
  o: { count: number; rate: number; args: string[] },
): Promise<{ agents: LiveAgent[]; prom: TestPrometheus }> {
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, `${AGENT_TOKEN}\n`, { mode: 0o600 });
  const agents: LiveAgent[] = [];
  for (let i = 0; i < o.count; i++) {
    const log = join(dir, `web${i + 1}.log`);
    writeFileSync(log, '');
    const served = await startCli('agent', log, [...o.args, '--token-file', tokenFile]);
    const target = new URL(served.url).host;
    agents.push({ served, target, log, traffic: writeTraffic(log, o.rate) });
  }
  const config = prometheusConfig({
    targets: agents.map((a) => a.target),
    tokenFile,
    alertmanager: `127.0.0.1:${await freePort()}`,
  });
  const prom = await startPrometheus(dir, config);
  await waitForTargets(prom.url, o.count);
  return { agents, prom };
}

/** SIGKILL an agent (its traffic stops first); resolves with the Unix ms of the kill once it is gone. */
export async function killAgent(agent: LiveAgent): Promise<number> {
  const at = Date.now();
  agent.traffic.stop();
  const exited = once(agent.served.child, 'exit');
  agent.served.child.kill('SIGKILL');
  await exited;
  return at;
}

/** Stop Prometheus, every agent and its traffic, and remove the test's folder. */
export async function stopFleet(
  prom: TestPrometheus | undefined,
  agents: { traffic: { stop(): void }; served: { stop(): Promise<void> } }[],
  dir: string,
): Promise<void> {
  await prom?.stop();
  for (const a of agents) {
    a.traffic.stop();
    await a.served.stop();
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Wait until every target is scraped successfully. */
export async function waitForTargets(url: string, count: number): Promise<void> {
  await waitFor(`${count} targets up`, async () => {
    const r = await fetch(`${url}api/v1/targets?state=active`);
    const body = (await r.json()) as { data: { activeTargets: { health: string }[] } };
    return body.data.activeTargets.filter((t) => t.health === 'up').length === count;
  });
}

/** The Prometheus source following job `web`, and what it handed out. */
export interface FleetWatch {
  source: PrometheusSource;
  points: FleetPoint[];
  states: PrometheusState[];
  /** The app's own alert rule (2-minute window) applied to the points, as the monitor does. */
  transitions: { type: 'alert' | 'recovery'; at: number; avg: number }[];
}

/** Start the Prometheus source on `url` and record its points, states and alert transitions. */
export function watchFleet(url: string, threshold: number): FleetWatch {
  const watch: Omit<FleetWatch, 'source'> = { points: [], states: [], transitions: [] };
  const evaluator = new AlertEvaluator(120, threshold);
  const bySecond = new Map<number, number>();
  const source = createPrometheusSource({
    url,
    selector: '{job="web"}',
    timeoutMs: 3000,
    sink: {
      point(p) {
        watch.points.push(p);
        const sec = p.at / 1000;
        bySecond.set(sec, p.hits);
        const t = evaluator.complete(sec, p.hits, bySecond.get(sec - 120) ?? 0);
        if (t) watch.transitions.push({ type: t, at: sec, avg: evaluator.avg });
      },
      state: (st) => watch.states.push(st),
    },
  });
  source.start();
  return { source, ...watch };
}
