/**
 * Syslog listeners under load, on loopback. Prints; asserts nothing.
 *
 *   UDP: increasing send rates for a few seconds each with the default receive
 *        buffer; the highest rate with 0 lines lost (received vs sent, and the
 *        kernel's drop count), and the listener's CPU at 10,000 lines/s. Then
 *        the same with a 4 MiB receive buffer asked for.
 *   TCP: lines/s the listener parses from one octet-counted connection.
 *   CLI: the same UDP ladder and TCP run into the built `http-console --syslog
 *        URL --json` (listener, parsing, counting, alerting: the whole path),
 *        counted from its summaries, its CPU from /proc, the kernel's drops
 *        from its `udpDrops`. Needs `npm run build` first.
 *   Peer: the same UDP ladder into rsyslogd (imudp + omfile), started as our
 *        own process, when it is installed.
 *
 *   node --import tsx bench/syslog.ts
 *   BENCH_SYSLOG_SECONDS=3 (per rate)   BENCH_SYSLOG_TCP_LINES=500000
 *   BENCH_SYSLOG_RECEIVERS=listener,cli,rsyslog (the default: all three)
 *
 * The sender is a separate process, so the CPU figures are the receiver's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSyslogSource } from '../main/engine/sources/syslog-listener';

const SECONDS = Number(process.env.BENCH_SYSLOG_SECONDS ?? 3);
const TCP_LINES = Number(process.env.BENCH_SYSLOG_TCP_LINES ?? 500_000);
const RATES = [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000];
const RSYSLOGD = '/usr/sbin/rsyslogd';
/** The larger receive buffer tried besides the default (the kernel caps it at net.core.rmem_max). */
const LARGE_BUFFER = 4 << 20;

/** A child that sends nginx-like syslog lines: UDP at `rate`/s for `seconds`, or `count` over TCP at full speed. Prints the number sent. */
const SENDER = String.raw`
const [proto, port, rate, seconds, count] = process.argv.slice(1).map((a, i) => (i ? Number(a) : a));
// Stamped now, as a live server's lines are (the CLI's clock judges them; the listener does not).
const M = ['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec'];
const p2 = (n) => String(n).padStart(2, '0');
let stampedAt = 0, stamp = '';
const now = () => {
  const s = Math.floor(Date.now() / 1000);
  if (s !== stampedAt) {
    const d = new Date(s * 1000);
    stamp = p2(d.getUTCDate()) + '/' + M[d.getUTCMonth()] + '/' + d.getUTCFullYear() + ':' + p2(d.getUTCHours()) + ':' + p2(d.getUTCMinutes()) + ':' + p2(d.getUTCSeconds()) + ' +0000';
    stampedAt = s;
  }
  return stamp;
};
const line = (i) => '<190>Nov 28 08:00:00 bench nginx: 10.0.' + (i % 250) + '.1 - - [' + now() + '] "GET /api/items/' + i + ' HTTP/1.1" 200 512 "-" "Mozilla/5.0 (X11; Linux x86_64)"';
if (proto === 'udp') {
  const s = require('node:dgram').createSocket('udp4');
  let sent = 0, pending = 0;
  const t0 = Date.now(), end = t0 + seconds * 1000;
  const tick = () => {
    const now = Date.now();
    const due = Math.min(Math.floor(((now - t0) / 1000) * rate), rate * seconds);
    while (sent < due) { pending++; s.send(line(sent++), port, '127.0.0.1', () => pending--); }
    if (now < end) setTimeout(tick, 2);
    else { const wait = () => (pending > 0 ? setImmediate(wait) : (console.log(sent), s.close())); wait(); }
  };
  tick();
} else {
  const c = require('node:net').connect(port, '127.0.0.1', () => {
    let i = 0;
    const write = () => {
      while (i < count) {
        const m = line(i++);
        if (!c.write(Buffer.byteLength(m) + ' ' + m)) return c.once('drain', write);
      }
      c.end(() => console.log(count));
    };
    write();
  });
}`;

function send(args: (string | number)[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', SENDER, ...args.map(String)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(Number(out.trim())) : reject(new Error(`sender exited ${code}`)),
    );
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `count()` stops growing for `quietMs`. */
async function settle(count: () => number, quietMs = 500): Promise<number> {
  let last = -1;
  while (count() !== last) {
    last = count();
    await sleep(quietMs);
  }
  return last;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
function row(label: string, value: string) {
  console.log(`${label.padEnd(44)} ${value}`);
}

interface Step {
  rate: number;
  sent: number;
  received: number;
  drops: number | null;
  cpuPercent: number;
}

/** The UDP ladder against a receiver: `count()` lines received so far, `cpuMs()` its CPU time so far. */
async function ladder(
  name: string,
  port: number,
  count: () => number,
  cpuMs: () => number,
  drops: () => number | null,
  /** Quiet this long means every line is in: longer than the receiver's reporting period. */
  quietMs = 500,
): Promise<Step[]> {
  const steps: Step[] = [];
  for (const rate of RATES) {
    const before = { n: count(), cpu: cpuMs(), drops: drops() };
    const sent = await send(['udp', port, rate, SECONDS]);
    const received = (await settle(count, quietMs)) - before.n;
    const d = drops();
    const step: Step = {
      rate,
      sent,
      received,
      drops: d === null || before.drops === null ? null : d - before.drops,
      // All the work belongs to the SECONDS of traffic (the settling wait is idle).
      cpuPercent: ((cpuMs() - before.cpu) / (SECONDS * 1000)) * 100,
    };
    steps.push(step);
    row(
      `${name}: ${fmt(rate)} lines/s`,
      `lost ${fmt(sent - received)} of ${fmt(sent)}${step.drops === null ? '' : ` (kernel drops ${fmt(step.drops)})`}, CPU ${step.cpuPercent.toFixed(1)} %`,
    );
    // Go on to 10,000 lines/s even after a loss, for the CPU figure there.
    if (sent - received > 0 && rate >= 10_000) break;
  }
  const firstLoss = steps.findIndex((s) => s.sent !== s.received);
  const clean = (firstLoss < 0 ? steps : steps.slice(0, firstLoss)).at(-1);
  const at10k = steps.find((s) => s.rate === 10_000);
  row(`${name}: highest rate with 0 lost`, clean ? `${fmt(clean.rate)} lines/s` : 'none');
  if (at10k) row(`${name}: CPU at 10,000 lines/s`, `${at10k.cpuPercent.toFixed(1)} % of a core`);
  return steps;
}

const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function ours(): Promise<void> {
  let lines = 0;
  let firstAt = 0;
  let lastAt = 0;
  const sinks = {
    lines: (b: { lines: string[] }) => {
      lastAt = performance.now();
      if (lines === 0) firstAt = lastAt;
      lines += b.lines.length;
    },
    malformed: () => {},
    state: () => {},
  };
  for (const receiveBufferBytes of [undefined, LARGE_BUFFER]) {
    const udp = createSyslogSource('udp://127.0.0.1:0', {
      sinks,
      warn: console.warn,
      receiveBufferBytes,
    });
    await udp.start();
    const name = receiveBufferBytes ? 'http-console UDP, 4 MiB asked' : 'http-console UDP';
    row(`${name}: receive buffer`, `${fmt(udp.receiveBuffer() ?? 0)} bytes (as Linux reports it)`);
    await ladder(
      name,
      udp.port,
      () => lines,
      ownCpuMs,
      () => udp.udpDrops(),
    );
    await udp.dispose();
  }

  lines = 0;
  const tcp = createSyslogSource('tcp://127.0.0.1:0', { sinks, warn: console.warn });
  await tcp.start();
  const cpu0 = ownCpuMs();
  const sent = await send(['tcp', tcp.port, 0, 0, TCP_LINES]);
  const received = await settle(() => lines, 200);
  // From the first batch to the last: the sender's start-up and the settling wait excluded.
  const ms = lastAt - firstAt;
  row(
    'http-console TCP, one octet-counted sender',
    `${fmt(received / (ms / 1000))} lines/s (${fmt(received)} of ${fmt(sent)} in ${ms.toFixed(0)} ms)`,
  );
  row('  its CPU meanwhile', `${(((ownCpuMs() - cpu0) / ms) * 100).toFixed(0)} % of a core`);
  await tcp.dispose();
}

/** Clock ticks of a process (utime + stime), in ms. */
function procCpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) / 100) * 1000;
}

async function rsyslog(): Promise<void> {
  if (!existsSync(RSYSLOGD)) {
    row('rsyslogd', 'not installed: no peer');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'hc-bench-rsyslog-'));
  const out = join(dir, 'out.log');
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const conf = join(dir, 'rsyslog.conf');
  writeFileSync(
    conf,
    [
      `global(workDirectory="${dir}")`,
      'module(load="imudp")',
      `input(type="imudp" address="127.0.0.1" port="${port}")`,
      'template(name="msg" type="string" string="%msg%\\n")',
      `action(type="omfile" file="${out}" template="msg")`,
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  try {
    child = spawn(RSYSLOGD, ['-n', '-f', conf, '-i', join(dir, 'pid')], { stdio: 'ignore' });
    const pid = child.pid!;
    // Count lines by bytes: every line the sender makes is the same length but for its numbers,
    // so count newlines instead, reading only what was added.
    let counted = 0;
    let offset = 0;
    const count = () => {
      if (!existsSync(out)) return counted;
      const size = statSync(out).size;
      if (size > offset) {
        const buf = readFileSync(out).subarray(offset, size);
        for (const b of buf) if (b === 0x0a) counted++;
        offset = size;
      }
      return counted;
    };
    while (count() === 0) {
      await send(['udp', port, 10, 0.2]); // until rsyslog has bound its port
      await sleep(200);
    }
    await settle(count);
    await ladder(
      'rsyslogd UDP (imudp + omfile)',
      port,
      count,
      () => procCpuMs(pid),
      () => null,
    );
  } finally {
    child?.kill('SIGTERM');
    if (child) await new Promise((r) => child!.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

const CLI =
  process.env.BENCH_CLI ?? fileURLToPath(new URL('../dist/cli/http-console.js', import.meta.url));

/**
 * Quiet this long means the CLI has counted everything: its summaries come once a second,
 * later when a busy machine starves it.
 */
const CLI_QUIET_MS = 5000;

/** The built CLI listening on `url`: lines counted so far (hits and malformed, from its summaries). */
function startCli(url: string) {
  const child = spawn(process.execPath, [CLI, '--syslog', url, '--json', '--interval', '1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let counted = 0;
  let drops: number | null = null;
  let partial = '';
  child.stdout.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const e = JSON.parse(line) as {
        type: string;
        total?: { hits: number; malformed: number };
        udpDrops?: { drops: number }[];
      };
      if (e.type !== 'summary' || !e.total) continue;
      counted = e.total.hits + e.total.malformed;
      drops = e.udpDrops ? e.udpDrops.reduce((sum, x) => sum + x.drops, 0) : null;
    }
  });
  return {
    pid: child.pid!,
    count: () => counted,
    drops: () => drops,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** Waits until a summary has been printed (the listener is bound by then). */
async function firstSummary(cli: ReturnType<typeof startCli>): Promise<void> {
  const started = performance.now();
  while (cli.drops() === null && performance.now() - started < 10_000) await sleep(100);
}

async function theCli(): Promise<void> {
  if (!existsSync(CLI)) {
    row('the CLI', 'not built: npm run build');
    return;
  }
  const udpPort = 20_000 + Math.floor(Math.random() * 20_000);
  const udp = startCli(`udp://127.0.0.1:${udpPort}`);
  try {
    await firstSummary(udp);
    // Summaries come once a second: quiet for longer than that means done.
    await ladder('CLI UDP', udpPort, udp.count, () => procCpuMs(udp.pid), udp.drops, CLI_QUIET_MS);
  } finally {
    await udp.stop();
  }

  const tcpPort = udpPort + 1;
  const tcp = startCli(`tcp://127.0.0.1:${tcpPort}`);
  try {
    await sleep(1500);
    const cpu0 = procCpuMs(tcp.pid);
    const t0 = performance.now();
    const sent = await send(['tcp', tcpPort, 0, 0, TCP_LINES]);
    const received = await settle(() => tcp.count(), CLI_QUIET_MS);
    // The end is known to a summary's second; the settling wait (idle) is left out.
    const ms = performance.now() - t0 - CLI_QUIET_MS;
    row(
      'CLI TCP, one octet-counted sender',
      `${fmt(received / (ms / 1000))} lines/s (${fmt(received)} of ${fmt(sent)} in ${ms.toFixed(0)} ms, ±1 s)`,
    );
    row(
      '  its CPU meanwhile',
      `${(((procCpuMs(tcp.pid) - cpu0) / ms) * 100).toFixed(0)} % of a core`,
    );
  } finally {
    await tcp.stop();
  }
}

async function main() {
  console.log(`syslog on loopback · ${SECONDS} s per rate · node ${process.version}\n`);
  const receivers = (process.env.BENCH_SYSLOG_RECEIVERS ?? 'listener,cli,rsyslog').split(',');
  if (receivers.includes('listener')) await ours();
  if (receivers.includes('cli')) await theCli();
  if (receivers.includes('rsyslog')) await rsyslog();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
