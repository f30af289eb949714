/**
 * CPU of the built CLI following a file written at 1,000 lines/s, in an empty
 * directory and in one holding 5,000 other files: filesystem notifications
 * must not cost more with a busy directory (target: within 1.5x). Prints;
 * asserts nothing.
 *
 *   node --import tsx bench/follow-cpu.ts       (npm run build first)
 *   FOLLOW_CPU_SECONDS=20 BENCH_CLI=path/to/http-console.js
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clfTime } from './generate';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = process.env.BENCH_CLI ?? join(root, 'dist/cli/http-console.js');
const SECONDS = Number(process.env.FOLLOW_CPU_SECONDS ?? 20);
const LINES_PER_SECOND = 1000;
/** Writes per second: each carries LINES_PER_SECOND / TICKS lines, one write(2) per line. */
const TICKS = 100;
/** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** utime + stime of a process, in clock ticks. */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** % of one core the CLI uses while `others` other files sit in the log's directory. */
async function measure(others: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'hc-follow-cpu-'));
  try {
    for (let i = 0; i < others; i++) writeFileSync(join(dir, `other-${i}.log`), 'x\n');
    const log = join(dir, 'access.log');
    writeFileSync(log, '');
    const child = spawn(process.execPath, [cli, '-f', log, '--json'], { stdio: 'ignore' });
    const fd = openSync(log, 'a');
    let n = 0;
    const writer = setInterval(() => {
      const stamp = clfTime(Math.floor(Date.now() / 1000));
      for (let i = 0; i < LINES_PER_SECOND / TICKS; i++)
        writeSync(fd, `10.0.0.1 - - [${stamp}] "GET /a/${n++} HTTP/1.1" 200 1\n`);
    }, 1000 / TICKS);
    try {
      await sleep(2000); // start-up and the first reads are not the steady state
      const t0 = cpuTicks(child.pid!);
      const w0 = performance.now();
      await sleep(SECONDS * 1000);
      const used = cpuTicks(child.pid!) - t0;
      const wall = (performance.now() - w0) / 1000;
      return (used / USER_HZ / wall) * 100;
    } finally {
      clearInterval(writer);
      closeSync(fd);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(
    `following at ${LINES_PER_SECOND} lines/s for ${SECONDS} s, CPU of the CLI (% of one core):`,
  );
  const figures: Record<string, number> = {};
  for (const others of [0, 5000]) {
    const pct = await measure(others);
    figures[others] = pct;
    console.log(
      `  ${String(others).padStart(5)} other files in the directory   ${pct.toFixed(1)} %`,
    );
  }
  const ratio = figures[5000]! / figures[0]!;
  console.log(`  ratio 5,000 files / empty directory     ${ratio.toFixed(2)}x (target <= 1.5x)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
