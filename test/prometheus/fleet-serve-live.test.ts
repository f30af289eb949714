/**
 * `http-console serve --prometheus URL` for real: three built agents follow
 * their own logs, Debian's prometheus scrapes them every second with the
 * shipped config, and the built `serve` watches the fleet through it. Its
 * window average is the sum of the agents' own; a burst in one log raises its
 * alert and, once the burst has left the window, its recovery; a killed agent
 * is listed missing with no false recovery. Every wait is on a condition; the
 * window is 30 s, so the file takes about a minute and a half.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot } from '../../main/common/types';
import { fetchText } from '../e2e/fixtures/http';
import { clfLine, startCli, writeTraffic, type Served } from '../e2e/fixtures/serve-cli';
import {
  freePort,
  prometheusConfig,
  startPrometheus,
  waitFor,
  waitForTargets,
  type TestPrometheus,
} from './live-harness';
import { skipWithout } from './tools';

const TOKEN = 'fleet-agents-token-0123456789';
const AGENTS = 3;
/** Requests per second written to each agent's log (writeTraffic takes multiples of 5). */
const RATE = 5;
const FLEET = RATE * AGENTS;
const WINDOW = 30;
const THRESHOLD = 25;
/** 20 req/s more over the window on one agent: 35, above 25; 30 without the killed agent. */
const BURST = 600;

interface Agent {
  served: Served;
  target: string;
  log: string;
  traffic: { stop(): void };
}

async function snapshotOf(url: string, token?: string): Promise<Snapshot> {
  const r = await fetchText(new URL('/api/snapshot', url).href, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  assert.equal(r.status, 200, r.body);
  return JSON.parse(r.body) as Snapshot;
}

describe(
  'serve --prometheus watching a fleet of agents',
  { skip: skipWithout('prometheus', true) },
  () => {
    let dir: string;
    let prom: TestPrometheus;
    let fleet: Served;
    const agents: Agent[] = [];
    let burstSecond = 0;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'hc-fleet-serve-'));
      const tokenFile = join(dir, 'token');
      writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
      for (let i = 0; i < AGENTS; i++) {
        const log = join(dir, `web${i + 1}.log`);
        writeFileSync(log, '');
        const served = await startCli('agent', log, [
          '--window',
          String(WINDOW),
          '--token-file',
          tokenFile,
        ]);
        agents.push({
          served,
          target: new URL(served.url).host,
          log,
          traffic: writeTraffic(log, RATE),
        });
      }
      prom = await startPrometheus(
        dir,
        prometheusConfig({
          targets: agents.map((a) => a.target),
          tokenFile,
          alertmanager: `127.0.0.1:${await freePort()}`,
        }),
      );
      await waitForTargets(prom.url, AGENTS);
      // The reader's token: this Prometheus asks for none, and ignores it.
      const readerToken = join(dir, 'prometheus-token');
      writeFileSync(readerToken, 'prometheus-reader-token\n', { mode: 0o600 });
      fleet = await startCli('serve', null, [
        '--prometheus',
        prom.url,
        '--prometheus-selector',
        '{job="web"}',
        '--prometheus-token-file',
        readerToken,
        '-m',
        String(THRESHOLD),
        '--window',
        String(WINDOW),
        '--no-db',
      ]);
    });

    after(async () => {
      await fleet?.stop();
      await prom?.stop();
      for (const a of agents) {
        a.traffic.stop();
        await a.served.stop();
      }
      rmSync(dir, { recursive: true, force: true });
    });

    test("the window average is the sum of the agents' own, within one scrape interval", async (t) => {
      const started = Date.now();
      // A window of steady traffic on every agent, and the fleet's clock past it.
      await waitFor(
        'a full window of steady traffic',
        async () => {
          const s = await snapshotOf(fleet.url);
          return s.at !== null && s.at >= started + (WINDOW + 3) * 1000 && s;
        },
        90_000,
      );
      const own = await Promise.all(agents.map((a) => snapshotOf(a.served.url, TOKEN)));
      const s = await snapshotOf(fleet.url);
      const sum = own.reduce((x, a) => x + a.avg, 0);
      t.diagnostic(`fleet ${s.avg} req/s, agents ${own.map((a) => a.avg).join(' + ')} = ${sum}`);
      assert.ok(Math.abs(sum - FLEET) <= 1, `the agents read what was written: ${sum}`);
      assert.ok(
        Math.abs(s.avg - sum) <= FLEET / WINDOW,
        `fleet ${s.avg} vs the agents' ${sum}: more than one scrape interval apart`,
      );
      assert.equal(s.file.state, 'following');
      assert.equal(s.inputs?.[0]?.kind, 'prometheus');
      assert.deepEqual(
        s.instances?.map((i) => [i.instance, i.up]).sort(),
        agents.map((a) => [a.target, true]).sort(),
      );
      for (const i of s.instances!)
        assert.ok(
          Math.abs(i.rps - RATE) <= 1 && Math.abs(i.share - 1 / AGENTS) < 0.1,
          JSON.stringify(i),
        );
      const total = s.stats.total.sources?.reduce((x, r) => x + r.hits, 0);
      assert.equal(total, s.stats.total.hits, 'the instances (as sources) add up to the fleet');
    });

    test('a burst in one log raises the alert', async () => {
      burstSecond = Math.floor(Date.now() / 1000);
      appendFileSync(
        agents[0]!.log,
        Array.from({ length: BURST }, () => clfLine(Date.now(), '/burst')).join(''),
      );
      const s = await waitFor('the fleet alert', async () => {
        const snap = await snapshotOf(fleet.url);
        return snap.alert.active && snap;
      });
      const alert = s.history.at(-1)!;
      assert.equal(alert.type, 'alert');
      assert.ok(
        alert.at / 1000 >= burstSecond && alert.at / 1000 <= burstSecond + 3,
        `alert ${alert.at / 1000 - burstSecond} s after the burst`,
      );
      assert.match(fleet.output(), /High traffic generated an alert/);
    });

    test('a killed agent is listed missing; the fleet never drops to zero; no false recovery', async () => {
      const dead = agents[2]!;
      const killedAt = Date.now();
      dead.traffic.stop();
      const exited = once(dead.served.child, 'exit');
      dead.served.child.kill('SIGKILL');
      await exited;
      const s = await waitFor('the killed agent listed missing', async () => {
        const snap = await snapshotOf(fleet.url);
        return snap.instances?.some((i) => i.instance === dead.target && !i.up) && snap;
      });
      assert.ok(
        s.at! / 1000 < burstSecond + WINDOW - 2,
        'checked while the burst is still in the window',
      );
      for (const live of agents.slice(0, 2))
        assert.ok(s.instances!.find((i) => i.instance === live.target)?.up, live.target);
      assert.equal(s.alert.active, true, 'the alert holds: 30 req/s without it');
      assert.deepEqual(
        s.history.map((e) => e.type),
        ['alert'],
        'no false recovery',
      );
      const since = s.seconds.filter((x) => x.at >= Math.floor(killedAt / 1000) * 1000);
      assert.ok(since.length > 0);
      for (const x of since) assert.ok(x.hits > 0, `the fleet at zero at ${x.at}`);
    });

    test('the alert recovers once the burst has left the window', async () => {
      const s = await waitFor(
        'the recovery',
        async () => {
          const snap = await snapshotOf(fleet.url);
          return !snap.alert.active && snap;
        },
        WINDOW * 1000 + 30_000,
      );
      const recovery = s.history.at(-1)!;
      assert.deepEqual(
        s.history.map((e) => e.type),
        ['alert', 'recovery'],
      );
      const after = recovery.at / 1000 - burstSecond;
      assert.ok(after >= WINDOW - 1 && after <= WINDOW + 4, `recovered ${after} s after the burst`);
      assert.match(fleet.output(), /High traffic alert recovered/);
    });
  },
);
