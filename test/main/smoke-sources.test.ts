/**
 * Main-process smoke test of what the app watches: the built main bundle runs
 * in Node against the recording `electron` stand-in. Two files chosen in the
 * dialog are listed in the menu and followed by one monitor; "Watch a
 * Prometheus Server…" asks for a URL, then runs the fleet engine against an
 * unreachable loopback port: the state says Prometheus is down, nothing crashes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Snapshot } from '../../main/common/types';
import { buildAppBundles } from './build-bundles';
import { startApp, type AppProcess, type Report } from './app-process';

type MenuItem = { label?: string; type?: string; enabled?: boolean; submenu?: MenuItem[] };
const menuOf = (r: Report) => r.items as MenuItem[];
const stored = (dir: string) => JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));

/** Common Log Format lines stamped now, for `path` in the request so each file is told apart. */
function lines(n: number, section: string): string {
  const d = new Date();
  const months = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
  const p = (x: number) => String(x).padStart(2, '0');
  const ts = `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
  return `10.0.0.1 - - [${ts}] "GET /${section}/x HTTP/1.1" 200 10\n`.repeat(n);
}

/** A loopback port nobody listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Ask the app for snapshots (as the page) until `pred` holds; fails naming `what`. */
async function snapshotWhere(
  app: AppProcess,
  page: string,
  pred: (s: Snapshot) => boolean,
  what: string,
): Promise<Snapshot> {
  const deadline = Date.now() + 20_000;
  let last: Snapshot | null = null;
  while (Date.now() < deadline) {
    last = (await app.command('invoke', { channel: 'stats:snapshot', args: [], url: page }))
      .result as Snapshot;
    if (pred(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `timed out waiting for ${what}; last snapshot file: ${JSON.stringify(last?.file)}`,
  );
}

let appDir = '';
let work = '';
let page = '';
before(async () => {
  appDir = await buildAppBundles();
  work = mkdtempSync(join(tmpdir(), 'hc-smoke-sources-'));
  page = pathToFileURL(join(appDir, 'dist/renderer/index.html')).href;
});
after(() => {
  rmSync(appDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('tray app: several files and a fleet (built bundle, stand-in electron)', () => {
  test('an older single log file is migrated; two files chosen are listed and followed by one monitor', async (t) => {
    const userData = join(work, 'two-files');
    mkdirSync(userData);
    const a = join(work, 'a.log');
    const b = join(work, 'b.log');
    writeFileSync(a, '');
    writeFileSync(b, '');
    // The shape versions up to 0.2 stored: one `logFile`.
    writeFileSync(join(userData, 'config.json'), JSON.stringify({ window: 10, logFile: a }));
    const app = startApp(appDir, [], {
      HC_STANDIN_USERDATA: userData,
      HC_STANDIN_DIALOG_PATH: [a, b].join(delimiter),
    });
    t.after(() => app.kill());

    await app.waitFor(
      (r) => r.kind === 'tray-tooltip' && String(r.text).startsWith('HTTP Console — a.log\n'),
      'the migrated file followed',
    );
    assert.deepEqual(stored(userData).logFiles, [a]);
    assert.equal('logFile' in stored(userData), false, 'the old key is gone');

    const mark = app.reports.length;
    await app.command('click', { labels: ['Choose Log File…'] });
    const dialog = await app.waitFor((r) => r.kind === 'dialog-open', 'dialog', { from: mark });
    assert.ok((dialog.properties as string[]).includes('multiSelections'), 'several may be chosen');
    const menu = menuOf(
      await app.waitFor(
        (r) => r.kind === 'tray-menu' && menuOf(r)[0]?.label === 'Traffic normal — a.log + 1 more',
        'menu naming both files',
        { from: mark },
      ),
    );
    assert.deepEqual(
      menu.slice(1, 3).map((i) => [i.label, i.enabled]),
      [
        [a, false],
        [b, false],
      ],
    );
    assert.deepEqual(stored(userData).logFiles, [a, b]);
    assert.deepEqual(stored(userData).recentFiles, [a, b]);

    // One monitor over both: each file's lines are counted, under its own name.
    appendFileSync(a, lines(2, 'from-a'));
    appendFileSync(b, lines(3, 'from-b'));
    const snap = await snapshotWhere(
      app,
      page,
      (s) => s.stats.total.hits === 5,
      'the lines of both files counted',
    );
    assert.deepEqual(
      snap.inputs?.map((i) => i.source),
      [a, b],
    );
    assert.deepEqual(
      Object.fromEntries((snap.stats.total.sources ?? []).map((s) => [s.source, s.hits])),
      { [a]: 2, [b]: 3 },
    );
    assert.ok(
      readdirSync(join(userData, 'history')).some((f) => /^a\.log\+1-[0-9a-f]{12}\.db$/.test(f)),
      'one history database for the set',
    );

    await app.command('quit');
    assert.equal(await app.exited(), 0, app.stderr());
  });

  test('Watch a Prometheus Server… asks for the URL, then watches the fleet: Prometheus down is a state, not a crash', async (t) => {
    const userData = join(work, 'fleet');
    mkdirSync(userData);
    writeFileSync(join(userData, 'config.json'), JSON.stringify({ window: 10 }));
    const log = join(work, 'fleet-fallback.log');
    writeFileSync(log, '');
    const app = startApp(appDir, [], {
      HC_STANDIN_USERDATA: userData,
      HC_STANDIN_DIALOG_PATH: log,
    });
    t.after(() => app.kill());
    await app.waitFor((r) => r.kind === 'tray-menu', 'menu');

    // No URL stored yet: the preferences view opens to ask for it.
    let mark = app.reports.length;
    await app.command('click', { labels: ['Watch a Prometheus Server…'] });
    const load = await app.waitFor((r) => r.kind === 'loadFile', 'preferences view', {
      from: mark,
    });
    assert.equal(load.hash, 'prefs');

    // The page stores a URL (a bad one is refused naming the field), then the menu switches.
    const refused = (
      await app.command('invoke', {
        channel: 'prefs:set',
        args: [{ prometheusUrl: 'prometheus:9090' }],
        url: page,
      })
    ).result as { ok: boolean; field: string };
    assert.deepEqual([refused.ok, refused.field], [false, 'prometheusUrl']);
    const url = `http://127.0.0.1:${await closedPort()}`;
    const saved = (
      await app.command('invoke', {
        channel: 'prefs:set',
        args: [{ prometheusUrl: url, prometheusSelector: '{job="web"}' }],
        url: page,
      })
    ).result as { ok: boolean };
    assert.equal(saved.ok, true);
    mark = app.reports.length;
    await app.command('click', { labels: ['Watch a Prometheus Server…'] });
    await app.waitFor(
      (r) => r.kind === 'tray-menu' && menuOf(r)[1]?.label === `Prometheus: ${url} {job="web"}`,
      'menu naming the Prometheus server',
      { from: mark },
    );
    assert.equal(stored(userData).source, 'prometheus');
    const down = await snapshotWhere(
      app,
      page,
      (s) => s.inputs?.[0]?.code === 'prometheus-down',
      'the fleet engine saying Prometheus is down',
    );
    assert.equal(down.inputs?.[0]?.kind, 'prometheus');
    assert.notEqual(down.state, 'normal', 'no traffic state is invented while Prometheus is down');
    assert.deepEqual(down.instances ?? [], []);
    await app.waitFor(
      (r) => r.kind === 'tray-menu' && /^Waiting for Prometheus /.test(menuOf(r)[0]?.label ?? ''),
      'the state line saying it waits for Prometheus',
      { from: mark },
    );
    assert.ok(
      existsSync(join(userData, 'history')) &&
        readdirSync(join(userData, 'history')).some((f) => f.startsWith('prometheus-127.0.0.1_')),
      'the fleet has a history database of its own',
    );

    // Choosing a file goes back to logs.
    mark = app.reports.length;
    await app.command('click', { labels: ['Choose Log File…'] });
    await app.waitFor(
      (r) =>
        r.kind === 'tray-menu' && menuOf(r)[0]?.label === 'Traffic normal — fleet-fallback.log',
      'back to the log file',
      { from: mark },
    );
    assert.equal(stored(userData).source, 'files');

    await app.command('quit');
    assert.equal(await app.exited(), 0, app.stderr());
    assert.doesNotMatch(app.stderr(), /Error|failed/);
  });
});
