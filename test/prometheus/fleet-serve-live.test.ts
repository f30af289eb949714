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
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot } from '../../main/common/types';
import { fetchText } from '../e2e/fixtures/http';
import { clfLine, startCli, type Served } from '../e2e/fixtures/serve-cli';
import {
  startAgentFleet,
  stopFleet,
  waitFor,
  type LiveAgent,
  type TestPrometheus,
  AGENT_TOKEN,
  killAgent,
} from './live-harness';
import { skipWithout } from './tools';

const AGENTS = 3;
/** Requests per second written to each agent's log (writeTraffic takes multiples of 5). */
const RATE = 5;
const FLEET = RATE * AGENTS;
const WINDOW = 30;
const THRESHOLD = 25;
/** 20 req/s more over the window on one agent: 35, above 25; 30 without the killed agent. */
const BURST = 600;

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
    let agents: LiveAgent[] = [];
    let burstSecond = 0;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'hc-fleet-serve-'));
      ({ agents, prom } = await startAgentFleet(dir, {
        count: AGENTS,
        rate: RATE,
        args: ['--window', String(WINDOW)],
      }));
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
      await stopFleet(prom, agents, dir);
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
      const own = await Promise.all(agents.map((a) => snapshotOf(a.served.url, AGENT_TOKEN)));
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
      const killedAt = await killAgent(dead);
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
