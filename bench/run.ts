/**
 * `npm run bench`: figures for the engine's targets, measured against a peer
 * (GoAccess, when installed) in the same run. Prints; asserts nothing.
 *
 *   batch throughput (lines/s) and peak RSS on 1,000,000 combined lines
 *   the same file through `goaccess` and the ratio
 *   peak RSS on a 1,000,000-line flood of distinct paths and hosts
 *   append-to-ingest latency while following (median, p99)
 *   idle CPU while following a quiet file
 *   RSS over a long run (bench/soak.ts): 1,000 lines/s of ordinary traffic and 5,000 lines/s
 *   of new paths, BENCH_SOAK_MIN minutes (default 10; 0 skips)
 *   CPU following at 1,000 lines/s, empty directory vs 5,000 files (bench/follow-cpu.ts)
 *   the dashboard page under an accelerated replay (bench/page.ts), if present (BENCH_PAGE=0
 *   leaves it out: it takes about half an hour)
 *   syslog listeners: UDP loss by rate, TCP throughput, rsyslogd as the peer (bench/syslog.ts)
 *   CPU following 50 files at 1 line/s each, tail -F as the peer (bench/sources-files-cpu.ts)
 *   the scrape cost of /metrics after 10,000 distinct sections (bench/metrics.ts)
 *   the history database (bench/history.ts), if present
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../main/engine/engine';
import { clfTime, generate } from './generate';
import { report, soak } from './soak';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'bench/out');
const cli = process.env.BENCH_CLI ?? join(root, 'dist/cli/http-console.js');
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = 3;
const results: Record<string, unknown> = {};

function line(label: string, value: string) {
  console.log(`${label.padEnd(44)} ${value}`);
}

async function ensureLog(name: string, flood: boolean): Promise<string> {
  const path = join(out, `${name}-${LINES}.log`);
  if (!existsSync(path)) {
    process.stdout.write(`generating ${path} ... `);
    await generate(path, LINES, { flood });
    console.log(`${(statSync(path).size / 1e6).toFixed(0)} MB`);
  }
  return path;
}

/**
 * Run the built CLI over a file in batch mode; best wall time of RUNS and its
 * peak RSS. `threads: 1` keeps the CLI from reading on a second thread.
 */
function batch(path: string, threads: 1 | 2 = 2): { ms: number; rssMB: number } {
  let best = { ms: Infinity, rssMB: 0 };
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(
      process.execPath,
      ['--import', join(root, 'bench/rss-report.mjs'), cli, '-f', path, '--no-follow', '--json'],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
        env: { ...process.env, HTTP_CONSOLE_THREADS: String(threads) },
      },
    );
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`http-console failed: ${r.stderr}`);
    const m = /@@bench (.*)/.exec(r.stderr);
    const rssMB = m ? (JSON.parse(m[1]!) as { maxRssMB: number }).maxRssMB : NaN;
    if (ms < best.ms) best = { ms, rssMB };
  }
  return best;
}

function goaccess(path: string): number | null {
  const probe = spawnSync('goaccess', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return null;
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(
      'goaccess',
      [path, '--log-format=COMBINED', '--no-progress', '-o', join(out, 'goaccess.json')],
      {
        encoding: 'utf8',
      },
    );
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`goaccess failed: ${r.stderr}`);
    best = Math.min(best, ms);
  }
  return best;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** Append one line at a time to a followed file; time until the engine has counted it. */
async function latency(samples = 200): Promise<{ median: number; p99: number }> {
  const path = join(out, 'latency.log');
  writeFileSync(path, '');
  const engine = createEngine({ file: path, window: 120 });
  let resolveIngest: (() => void) | null = null;
  engine.onIngest(() => resolveIngest?.());
  await engine.start();
  await new Promise((r) => setTimeout(r, 500)); // let the watcher settle
  const delays: number[] = [];
  for (let i = 0; i < samples; i++) {
    const seen = new Promise<void>((r) => (resolveIngest = r));
    const t0 = performance.now();
    appendFileSync(
      path,
      `10.0.0.1 - - [${clfTime(Math.floor(Date.now() / 1000))}] "GET /a/${i} HTTP/1.1" 200 1\n`,
    );
    await seen;
    delays.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  await engine.dispose();
  delays.sort((a, b) => a - b);
  return { median: pct(delays, 0.5), p99: pct(delays, 0.99) };
}

/** CPU used by a CLI following a quiet file, as % of one core over `seconds`. */
async function idleCpu(seconds = 10): Promise<number> {
  const path = join(out, 'quiet.log');
  writeFileSync(
    path,
    `10.0.0.1 - - [${clfTime(Math.floor(Date.now() / 1000))}] "GET / HTTP/1.1" 200 1\n`,
  );
  const child = spawn(process.execPath, [cli, '-f', path], { stdio: 'ignore' });
  const ticks = () => {
    const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100/s on Linux)
  };
  await new Promise((r) => setTimeout(r, 2000));
  const t0 = ticks();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const used = ticks() - t0;
  child.kill('SIGTERM');
  return (used / 100 / seconds) * 100;
}

async function main() {
  if (!existsSync(cli)) throw new Error('dist/cli missing: run npm run build first');
  mkdirSync(out, { recursive: true });
  console.log(
    `http-console benchmark · ${LINES} lines · node ${process.version} · best of ${RUNS}\n`,
  );

  const normal = await ensureLog('combined', false);
  const flood = await ensureLog('flood', true);

  const eng = batch(normal);
  const lps = LINES / (eng.ms / 1000);
  line(
    'batch, ordinary traffic: throughput',
    `${Math.round(lps).toLocaleString('en')} lines/s (${eng.ms.toFixed(0)} ms)`,
  );
  line('batch, ordinary traffic: peak RSS', `${eng.rssMB.toFixed(0)} MB (target <= 100 MB)`);
  results.batch = { linesPerSec: lps, ms: eng.ms, peakRssMB: eng.rssMB };
  const one = batch(normal, 1);
  line(
    'same, on one thread (HTTP_CONSOLE_THREADS=1)',
    `${Math.round(LINES / (one.ms / 1000)).toLocaleString('en')} lines/s (${one.ms.toFixed(0)} ms), ${one.rssMB.toFixed(0)} MB`,
  );
  results.batchOneThread = {
    linesPerSec: LINES / (one.ms / 1000),
    ms: one.ms,
    peakRssMB: one.rssMB,
  };

  const ga = goaccess(normal);
  if (ga === null) line('goaccess', 'not installed (apt-get install goaccess): no ratio');
  else {
    line(
      'goaccess, same file',
      `${Math.round(LINES / (ga / 1000)).toLocaleString('en')} lines/s (${ga.toFixed(0)} ms)`,
    );
    line('ratio http-console / goaccess', `${(ga / eng.ms).toFixed(2)}x (target >= 20x)`);
    line('ratio on one thread', `${(ga / one.ms).toFixed(2)}x`);
    results.goaccess = { ms: ga, ratio: ga / eng.ms, ratioOneThread: ga / one.ms };
  }

  const fl = batch(flood);
  line(
    'flood of distinct paths and hosts: peak RSS',
    `${fl.rssMB.toFixed(0)} MB (target <= 200 MB)`,
  );
  line('flood: throughput', `${Math.round(LINES / (fl.ms / 1000)).toLocaleString('en')} lines/s`);
  results.flood = { linesPerSec: LINES / (fl.ms / 1000), peakRssMB: fl.rssMB };

  const lat = await latency();
  line('append-to-ingest latency, median', `${lat.median.toFixed(1)} ms (target <= 100 ms)`);
  line('append-to-ingest latency, p99', `${lat.p99.toFixed(1)} ms`);
  results.latency = lat;

  const cpu = await idleCpu();
  line('idle CPU following a quiet file', `${cpu.toFixed(2)} % of a core (target < 1 %)`);
  results.idleCpuPercent = cpu;

  const soakMin = Number(process.env.BENCH_SOAK_MIN ?? 10);
  if (soakMin > 0) {
    console.log(`(soak: ${soakMin} min, both kinds of traffic at once)`);
    const soaks = await Promise.all([
      soak('ordinary', 1000, soakMin, false),
      soak('flood', 5000, soakMin, true),
    ]);
    for (const s of soaks) report(s, line);
    results.soak = soaks;
  }

  writeFileSync(join(out, 'results.json'), JSON.stringify(results, null, 2));

  console.log('\nfollowing a busy log (bench/follow-cpu.ts):');
  const followCpu = spawnSync(process.execPath, ['--import', 'tsx', 'bench/follow-cpu.ts'], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, BENCH_CLI: cli },
  });
  if (followCpu.status !== 0) process.exitCode = 1;

  const page = join(root, 'bench/page.ts');
  // The page's accelerated hour takes half an hour of wall time: BENCH_PAGE=0 leaves it out.
  if (existsSync(page) && process.env.BENCH_PAGE !== '0') {
    console.log('\ndashboard page (bench/page.ts):');
    const r = spawnSync(process.execPath, ['--import', 'tsx', page], {
      stdio: 'inherit',
      cwd: root,
    });
    if (r.status !== 0) process.exitCode = 1;
  }

  console.log('\nsyslog listeners (bench/syslog.ts):');
  const syslog = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/syslog.ts')], {
    stdio: 'inherit',
    cwd: root,
  });
  if (syslog.status !== 0) process.exitCode = 1;
  console.log('\nseveral followed files (bench/sources-files-cpu.ts):');
  const files = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'bench/sources-files-cpu.ts')],
    { stdio: 'inherit', cwd: root },
  );
  if (files.status !== 0) process.exitCode = 1;
  console.log('\nscrape cost (bench/metrics.ts):');
  const m = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/metrics.ts')], {
    stdio: 'inherit',
    cwd: root,
  });
  if (m.status !== 0) process.exitCode = 1;
  const history = join(root, 'bench/history.ts');
  if (existsSync(history)) {
    console.log('\nhistory database (bench/history.ts):');
    const r = spawnSync(process.execPath, ['--import', 'tsx', history, normal], {
      stdio: 'inherit',
      cwd: root,
    });
    if (r.status !== 0) process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
