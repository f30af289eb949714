/**
 * Scrape cost of `GET /metrics` once 10,000 distinct sections have been seen:
 * the body's size, the request counter's series (labelled by section and
 * status class) and the time to answer, through the real web server over a
 * followed log. Prints; asserts nothing. `npm run bench` runs it; alone:
 * `node --import tsx bench/metrics.ts`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMonitor } from '../main/engine/monitor';
import { renderMetrics } from '../main/web/metrics';
import { startWebServer } from '../main/web/server';
import { clfTime } from './generate';

const SECTIONS = Number(process.env.BENCH_SECTIONS ?? 10_000);
const SCRAPES = 200;

function line(label: string, value: string) {
  console.log(`${label.padEnd(44)} ${value}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'hc-bench-metrics-'));
  const file = join(dir, 'access.log');
  // Stamped within the last minute, so the back-filled window holds every line:
  // one request to each of SECTIONS distinct sections, and as many to 20 busy ones.
  const now = Math.floor(Date.now() / 1000);
  const lines: string[] = [];
  for (let i = 0; i < SECTIONS; i++) {
    const sec = now - 60 + Math.floor((i * 60) / SECTIONS);
    const stamp = clfTime(sec);
    lines.push(`10.0.0.1 - - [${stamp}] "GET /s${i}/page HTTP/1.1" 200 512`);
    lines.push(
      `10.0.0.2 - - [${stamp}] "GET /busy${i % 20}/page HTTP/1.1" ${i % 7 ? 200 : 503} 64`,
    );
  }
  writeFileSync(file, lines.join('\n') + '\n');

  const monitor = createMonitor({
    settings: { file, threshold: 10, window: 120, interval: 10, format: 'auto' },
  });
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  const server = await startWebServer({ monitor, port: 0, rendererDir: dir });
  try {
    await monitor.apply(monitor.settings);
    const deadline = Date.now() + 60_000;
    while (monitor.snapshot().stats.total.hits < lines.length) {
      if (Date.now() > deadline) throw new Error('the monitor did not read the generated log');
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = server.url.replace(/\?.*/, 'metrics');
    let bytes = 0;
    const http: number[] = [];
    for (let i = 0; i < SCRAPES; i++) {
      const t0 = performance.now();
      const body = await (await fetch(url)).arrayBuffer();
      http.push(performance.now() - t0);
      bytes = body.byteLength;
    }
    const snap = monitor.snapshot();
    const render: number[] = [];
    for (let i = 0; i < SCRAPES; i++) {
      const t0 = performance.now();
      renderMetrics(snap);
      render.push(performance.now() - t0);
    }
    const samples = renderMetrics(snap)
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'));
    const series = samples.length;
    // The section label on the request counter: (top sections + other) × status classes, bounded.
    const requests = samples.filter((l) => l.startsWith('http_console_requests_total{')).length;
    console.log(`/metrics after ${SECTIONS.toLocaleString('en')} distinct sections seen`);
    line('/metrics body', `${bytes.toLocaleString('en')} bytes, ${series} series`);
    line('http_console_requests_total series', `${requests} (section × status_class)`);
    line('/metrics scrape over HTTP, median', `${median(http).toFixed(2)} ms (of ${SCRAPES})`);
    line('renderMetrics alone, median', `${median(render).toFixed(3)} ms`);
  } finally {
    await server.close();
    await monitor.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
