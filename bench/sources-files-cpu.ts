/**
 * CPU of the built CLI following 50 files at once, each written at 1 line/s
 * (50 × `-f FILE`, and `-f 'DIR/*.log'`: one glob, re-expanded while
 * running): the idle-ish cost of several sources (target: under 3 % of a
 * core), beside GNU `tail -F` following the same files in the same run (the
 * floor: C, inotify, no parsing). Prints; asserts nothing.
 *
 *   node --import tsx bench/sources-files-cpu.ts      (npm run build first)
 *   SOURCES_CPU_SECONDS=30 SOURCES_CPU_FILES=50 BENCH_CLI=path/to/http-console.js
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clfTime } from './generate';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = process.env.BENCH_CLI ?? join(root, 'dist/cli/http-console.js');
const SECONDS = Number(process.env.SOURCES_CPU_SECONDS ?? 30);
const FILES = Number(process.env.SOURCES_CPU_FILES ?? 50);
/** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** utime + stime of a process, in clock ticks. */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** A command to follow the files: the CLI's arguments, or a peer's whole command line. */
type Follow = (dir: string, files: string[]) => { command: string; args: string[] };

const cliWith =
  (args: (dir: string, files: string[]) => string[]): Follow =>
  (dir, files) => ({ command: process.execPath, args: [cli, ...args(dir, files), '--json'] });

/** % of one core over the measured span, and the hits the CLI counted in all. */
async function measure(follow: Follow) {
  const dir = mkdtempSync(join(tmpdir(), 'hc-sources-cpu-'));
  const files = Array.from({ length: FILES }, (_, i) => join(dir, `site-${i}.log`));
  for (const f of files) writeFileSync(f, '');
  const { command, args } = follow(dir, files);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  // Each file gets its line once a second, the writes spread over the second.
  let written = 0;
  const writers = files.map((f, i) =>
    setTimeout(
      () => {
        const write = () => {
          appendFileSync(
            f,
            `10.0.0.${i} - - [${clfTime(Math.floor(Date.now() / 1000))}] "GET /s${i}/${written++} HTTP/1.1" 200 1\n`,
          );
        };
        write();
        writers[i] = setInterval(write, 1000);
      },
      (1000 * i) / FILES,
    ),
  );
  try {
    await sleep(3000); // start-up, the back-fill and the first reads are not the steady state
    const t0 = cpuTicks(child.pid!);
    const w0 = performance.now();
    await sleep(SECONDS * 1000);
    const used = cpuTicks(child.pid!) - t0;
    const wall = (performance.now() - w0) / 1000;
    return { pct: (used / USER_HZ / wall) * 100, written };
  } finally {
    for (const w of writers) clearInterval(w);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const last = out
      .split('\n')
      .filter((l) => l.includes('"type":"summary"'))
      .at(-1);
    if (command === process.execPath) {
      const hits = last ? (JSON.parse(last) as { total: { hits: number } }).total.hits : 0;
      console.log(`    counted ${hits} of ${written} lines written`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(`${FILES} files at 1 line/s each for ${SECONDS} s, CPU of the CLI (% of one core):`);
  const each = await measure(cliWith((_, files) => files.flatMap((f) => ['-f', f])));
  console.log(`  ${FILES} × -f FILE        ${each.pct.toFixed(2)} %   (target < 3 %)`);
  const glob = await measure(cliWith((dir) => ['-f', join(dir, '*.log')]));
  console.log(`  -f 'DIR/*.log'       ${glob.pct.toFixed(2)} %   (target < 3 %)`);
  const tail = await measure((_, files) => ({
    command: 'tail',
    args: ['-F', '-n', '0', ...files],
  }));
  console.log(`  peer: tail -F FILES  ${tail.pct.toFixed(2)} %`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
