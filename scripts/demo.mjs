// `npm run demo`: writes a live access log with a traffic surge and runs the
// console on it with the default settings (threshold 10 req/s over 120 s), so
// you see summaries, an alert about a minute in, and its recovery. ~4 min;
// Ctrl-C stops it any time. Options: --log FILE keeps the log at FILE.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clfStamp, sampleLine } from './sample-traffic.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const logArg = process.argv.indexOf('--log');
const log =
  logArg > 0
    ? process.argv[logArg + 1]
    : join(mkdtempSync(join(tmpdir(), 'http-console-demo-')), 'access.log');

// Seconds since start → requests per second.
const BASE = 4;
const SURGE = 25;
const plan = (t) => (t >= 40 && t < 110 ? SURGE : BASE);
const END = 240;

function line(now) {
  return sampleLine(Math.random, clfStamp(now, -now.getTimezoneOffset()), 'demo/1.0');
}

writeFileSync(log, '');
console.log(`demo: writing ${log}`);
console.log(
  `demo: ${BASE} req/s, a surge to ${SURGE} req/s from 0:40 to 1:50, then ${BASE} req/s until ${Math.floor(END / 60)}:${String(END % 60).padStart(2, '0')}.`,
);
console.log('demo: expect the alert near 1:20 and its recovery near 3:15. Ctrl-C to stop.\n');

const cli = spawn(
  process.execPath,
  [join(root, 'dist/cli/http-console.js'), '-f', log, '-m', '10'],
  { stdio: 'inherit' },
);
const start = Date.now();
let t = 0;
const writer = setInterval(() => {
  const now = new Date();
  const n = plan(t);
  appendFileSync(log, Array.from({ length: n }, () => line(now)).join('\n') + '\n');
  t++;
  if (t >= END) stop();
}, 1000);

function stop() {
  clearInterval(writer);
  cli.kill('SIGINT');
  console.log(
    `\ndemo: done after ${Math.round((Date.now() - start) / 1000)} s; the log is at ${log}`,
  );
}
process.on('SIGINT', stop);
cli.on('exit', () => process.exit(0));
