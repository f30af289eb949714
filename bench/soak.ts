/**
 * Memory under a long run: the built CLI follows a file while this process
 * appends to it at a steady rate, stamped with the current time; the child's
 * RSS is read from /proc every 10 s. Prints RSS after 2 minutes and at the
 * end, and their ratio. Asserts nothing.
 *
 *   node --import tsx bench/soak.ts [minutes]      (default 10; both kinds of traffic at once)
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rng, syntheticLine } from './generate';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'bench/out');
const cli = process.env.BENCH_CLI ?? join(root, 'dist/cli/http-console.js');

export interface SoakResult {
  label: string;
  rate: number;
  minutes: number;
  /** MB, sampled every 10 s. */
  rss: number[];
  at2minMB: number;
  endMB: number;
  peakMB: number;
}

const rssMB = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

/** Follow a file written at `rate` lines/s for `minutes`; ordinary traffic or a flood of new paths. */
export async function soak(
  label: string,
  rate: number,
  minutes: number,
  flood: boolean,
): Promise<SoakResult> {
  mkdirSync(out, { recursive: true });
  const path = join(out, `soak-${label}.log`);
  writeFileSync(path, '');
  const child = spawn(process.execPath, [cli, '-f', path, '--json'], { stdio: 'ignore' });
  const r = rng(flood ? 7 : 42);
  let i = 0;
  const rss: number[] = [];
  const t0 = Date.now();
  const end = t0 + minutes * 60_000;
  let nextSample = t0 + 10_000;
  let nextWrite = t0;
  while (Date.now() < end) {
    // One write every 100 ms, with the lines due by then (keeps the rate over a slow tick).
    const due = Math.floor(((Date.now() - t0) / 1000) * rate) - i;
    const lines: string[] = [];
    const sec = Math.floor(Date.now() / 1000);
    for (let k = 0; k < due; k++) lines.push(syntheticLine(r, i++, sec, flood));
    if (lines.length > 0) appendFileSync(path, lines.join('\n') + '\n');
    if (Date.now() >= nextSample) {
      rss.push(rssMB(child.pid!));
      nextSample += 10_000;
    }
    nextWrite += 100;
    await new Promise((res) => setTimeout(res, Math.max(0, nextWrite - Date.now())));
  }
  rss.push(rssMB(child.pid!));
  child.kill('SIGTERM');
  await new Promise((res) => child.once('exit', res));
  const at2 = rss[Math.min(rss.length - 1, 11)]!; // the sample at 120 s
  return {
    label,
    rate,
    minutes,
    rss,
    at2minMB: at2,
    endMB: rss[rss.length - 1]!,
    peakMB: Math.max(...rss),
  };
}

/** Print one soak's figures. */
export function report(s: SoakResult, line: (label: string, value: string) => void): void {
  line(
    `soak ${s.label} (${s.rate} lines/s, ${s.minutes} min): RSS`,
    `${s.at2minMB.toFixed(0)} MB at 2 min, ${s.endMB.toFixed(0)} MB at the end ` +
      `(${((s.endMB / s.at2minMB - 1) * 100).toFixed(1)} %; target within 10 %), peak ${s.peakMB.toFixed(0)} MB`,
  );
  // One sample can fall on either side of a major GC (under the flood RSS is a sawtooth of
  // about 20 MB with a period of 3 to 4 minutes, as evicted keys become old garbage): the
  // medians of the second and the last quarter of the run say whether memory still grows.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const q = Math.max(1, Math.floor(s.rss.length / 4));
  const early = median(s.rss.slice(q, 2 * q));
  const late = median(s.rss.slice(-q));
  line(
    `soak ${s.label}: median RSS, 2nd vs last quarter`,
    `${early.toFixed(0)} MB -> ${late.toFixed(0)} MB (${((late / early - 1) * 100).toFixed(1)} %)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const minutes = Number(process.argv[2] ?? 10);
  const line = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);
  const results = await Promise.all([
    soak('ordinary', 1000, minutes, false),
    soak('flood', 5000, minutes, true),
  ]);
  for (const s of results) report(s, line);
  for (const s of results)
    console.log(`${s.label} RSS every 10 s: ${s.rss.map((x) => x.toFixed(0)).join(' ')}`);
}
