/**
 * `node --import tsx bench/history.ts [LOG]`: figures for the history
 * database. Prints; asserts nothing.
 *
 *   the engine's batch run on the 1M-line file with history off and on (the
 *   throughput kept with history on), and the recording alone
 *   (BENCH_PART=throughput stops here)
 *   file size after 90 simulated days, and after 10 more (bounded)
 *   a 30-day range at 1-minute resolution with 90 days stored
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  systemClock,
  type Clock,
  type HistorySink,
  type KeyRef,
  type KeySpace,
} from '../main/engine/api';
import { historyOptions } from '../main/engine/monitor';
import { historySink } from '../main/history/link';
import { createEngine } from '../main/engine/engine';
import { createParser } from '../main/engine/parse';
import { openHistory } from '../main/history/open';
import type { History, HostsMode, SecondRecord, StatusMix } from '../main/history/types';
import { generate } from './generate';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'bench/out');
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const DAY = 86_400_000;
/** Runs of each engine figure, with and without history in turns (BENCH_ROUNDS). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function line(label: string, value: string) {
  console.log(`${label.padEnd(44)} ${value}`);
}

/** A clock whose timer never fires: the bench writes with flush() itself. */
const stillClock: Clock = {
  now: () => Date.now(),
  setInterval: () => 0,
  clearInterval: () => {},
  setTimeout: () => 0,
  clearTimeout: () => {},
};

const classOf = (code: number | undefined): keyof StatusMix =>
  code === undefined || code < 100 || code > 599
    ? 'other'
    : (`${Math.floor(code / 100)}xx` as keyof StatusMix);

/** A second's keys as the engine lends them, being filled. */
interface Filling<K extends string | number> {
  n: number;
  keys: KeyRef<K>[];
  hits: number[];
  tags: number[];
  index: Map<K, number>;
  space: KeySpace;
}

const filling = <K extends string | number>(space: KeySpace): Filling<K> => ({
  n: 0,
  keys: [],
  hits: [],
  tags: [],
  index: new Map(),
  space,
});

/** Copy each key's tag into the second's list, as the engine does when it counts the second. */
function retag(s: SecondRecord): SecondRecord {
  for (const c of [s.sections, s.hosts, s.codes, s.methods] as Filling<string | number>[])
    for (let i = 0; i < c.n; i++) c.tags[i] = c.keys[i]!.tag;
  return s;
}

/**
 * The file's seconds as the engine would hand them to the history: every key,
 * exact, each key one KeyRef from second to second (the engine's key tables
 * keep one record per key, and say so: KeySpace).
 */
function secondsOf(path: string): SecondRecord[] {
  const parser = createParser('combined');
  const spaces = [0, 1, 2, 3].map((): KeySpace => ({ approximate: false, tagOwner: null }));
  const refs = [
    new Map<string, KeyRef<string>>(),
    new Map<string, KeyRef<string>>(),
    new Map<number, KeyRef<number>>(),
    new Map<string, KeyRef<string>>(),
  ] as const;
  /** The one KeyRef of `key` in dimension `d`. */
  const ref = <K extends string | number>(d: Map<K, KeyRef<K>>, key: K): KeyRef<K> => {
    let r = d.get(key);
    if (r === undefined) {
      r = { key: typeof key === 'string' ? ((' ' + key).slice(1) as K) : key, tag: 0 };
      d.set(r.key, r);
    }
    return r;
  };
  const bump = <K extends string | number>(f: Filling<K>, d: Map<K, KeyRef<K>>, key: K) => {
    const i = f.index.get(key);
    if (i !== undefined) f.hits[i]!++;
    else {
      f.index.set(key, f.n++);
      f.keys.push(ref(d, key));
      f.hits.push(1);
      f.tags.push(0);
    }
  };
  const bySecond = new Map<number, SecondRecord>();
  const lists = new Map<
    number,
    [Filling<string>, Filling<string>, Filling<number>, Filling<string>]
  >();
  for (const text of readFileSync(path, 'utf8').split('\n')) {
    const r = parser.parse(text);
    if (r.kind !== 'hit') continue;
    const h = r.hit;
    const at = Math.floor(h.time / 1000) * 1000;
    let s = bySecond.get(at);
    let l = lists.get(at);
    if (!s || !l) {
      l = [filling(spaces[0]!), filling(spaces[1]!), filling(spaces[2]!), filling(spaces[3]!)];
      s = {
        at,
        hits: 0,
        bytes: 0,
        status: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 },
        malformed: 0,
        late: 0,
        skewed: 0,
        avg: 1,
        alert: false,
        sections: l[0],
        hosts: l[1],
        codes: l[2],
        methods: l[3],
      };
      bySecond.set(at, s);
      lists.set(at, l);
    }
    s.hits++;
    s.bytes += h.bytes ?? 0;
    if (h.status !== undefined) s.status[classOf(h.status)]++;
    bump(l[0], refs[0], h.section);
    if (h.host) bump(l[1], refs[1], h.host);
    if (h.status !== undefined) bump(l[2], refs[2], h.status);
    if (h.method) bump(l[3], refs[3], h.method);
  }
  for (const l of lists.values()) for (const f of l) f.index.clear();
  return [...bySecond.values()].sort((a, b) => a.at - b.at);
}

function open(path: string, hosts: HostsMode = 'anonymized', clock = stillClock): History {
  rmSync(path, { force: true });
  rmSync(path + '-wal', { force: true });
  rmSync(path + '-shm', { force: true });
  const r = openHistory({ path, source: 'bench', clock, hosts });
  if (!r.ok) throw new Error(r.message);
  return r.history;
}

type Figure = { wall: number; cpu: number };

/** Wall and CPU ms of one run of `fn`. */
async function once(fn: () => Promise<void> | void): Promise<Figure> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}

const best = (a: Figure, b: Figure): Figure => ({
  wall: Math.min(a.wall, b.wall),
  cpu: Math.min(a.cpu, b.cpu),
});

/** Wall and CPU ms of `fn`, best of `rounds` (CPU time too: the machine may be shared). */
async function measure(fn: () => Promise<void> | void, rounds = 3): Promise<Figure> {
  let b: Figure = { wall: Infinity, cpu: Infinity };
  for (let i = 0; i < rounds; i++) b = best(b, await once(fn));
  return b;
}

/** What `off` and `on` measured, run in turns: the best of each, and the ratio of each pair. */
interface Pair {
  off: Figure;
  on: Figure;
  /** off / on of each round's two runs, wall and CPU. */
  ratios: Figure[];
}

/**
 * `off` and `on`, `rounds` each, run in turns: a load that comes and goes on
 * a shared machine then weighs on both alike, most of all on the two runs
 * of one round.
 */
async function measurePair(
  off: () => Promise<void>,
  on: () => Promise<void>,
  rounds = ROUNDS,
): Promise<Pair> {
  let a: Figure = { wall: Infinity, cpu: Infinity };
  let b = a;
  const ratios: Figure[] = [];
  for (let i = 0; i < rounds; i++) {
    const x = await once(off);
    const y = await once(on);
    a = best(a, x);
    b = best(b, y);
    ratios.push({ wall: x.wall / y.wall, cpu: x.cpu / y.cpu });
  }
  return { off: a, on: b, ratios };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((p, q) => p - q);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * A history database at `db` whose own code (opening, each second, the timed
 * writes, closing) adds its time to `spent`: what history on costs a run
 * directly, a figure a shared machine's load disturbs less than the totals.
 */
function timedHistory(db: string, spent: number[]): HistorySink {
  let ms = 0;
  const timed =
    <A extends unknown[], R>(fn: (...a: A) => R) =>
    (...a: A): R => {
      const t0 = performance.now();
      try {
        return fn(...a);
      } finally {
        ms += performance.now() - t0;
      }
    };
  const clock: Clock = {
    ...systemClock,
    setInterval: (fn, every) => systemClock.setInterval(timed(fn), every),
  };
  const sink = timed(() => historySink(open(db, 'anonymized', clock)))();
  const close = timed(sink.close);
  return {
    ...sink,
    record: timed(sink.record),
    close: () => {
      close();
      spent.push(ms);
    },
  };
}

/**
 * The engine's batch run over `path`, in process; `threads: 1` keeps it on the
 * main thread. With `db`, every second goes to a history database there, as
 * `--no-follow --db` does (the real clock's timer writes once a second), and
 * the time its own code took goes to `spent`.
 */
function engineRun(path: string, threads: 1 | 2, db?: string, spent: number[] = []) {
  return async () => {
    const sink = db ? timedHistory(db, spent) : null;
    const engine = createEngine({
      file: path,
      follow: false,
      fromStart: true,
      watch: false,
      ...(threads === 1 ? { batchWorkerMinBytes: Infinity } : {}),
      ...historyOptions(sink),
    });
    await engine.start();
    await engine.finished;
    await engine.dispose();
    sink?.close();
  };
}

/** Record the file's seconds as a batch run would: a write per second of a ~2 s run. */
function recordRun(seconds: SecondRecord[], db: string, hosts: HostsMode) {
  return () => {
    const h = open(db, hosts);
    seconds.forEach((s, k) => {
      h.record(retag(s));
      if (k === seconds.length >> 1) h.flush();
    });
    h.flush();
    h.close();
  };
}

/**
 * `days` of traffic shaped like the file's, ending at `end`: every second of
 * the last 48 h (the seconds table), one second in 15 before (enough for full
 * minute rows: the top lists fill from a few seconds of this traffic).
 */
function simulate(h: History, seconds: SecondRecord[], start: number, end: number): number {
  let k = 0;
  let n = 0;
  for (let at = start; at < end;) {
    const s = seconds[k++ % seconds.length]!;
    h.record(retag({ ...s, at }));
    if (++n % 240 === 0) h.flush();
    at += at >= end - 2 * DAY ? 1000 : 15_000;
  }
  h.flush();
  return n;
}

const fileMB = (path: string) =>
  ['', '-wal']
    .map((s) => (existsSync(path + s) ? statSync(path + s).size : 0))
    .reduce((a, b) => a + b, 0) / 1e6;

async function main() {
  mkdirSync(out, { recursive: true });
  const log = process.argv[2] ?? join(out, `combined-${LINES}.log`);
  if (!existsSync(log)) await generate(log, LINES);
  console.log(`history database · node ${process.version} · ${log}\n`);
  const db = join(out, 'history-bench.db');

  const spentOne: number[] = [];
  const spentTwo: number[] = [];
  const onePair = await measurePair(engineRun(log, 1), engineRun(log, 1, db, spentOne));
  const twoPair = await measurePair(engineRun(log, 2), engineRun(log, 2, db, spentTwo));
  const { off: one, on: oneOn } = onePair;
  const { off: two, on: twoOn } = twoPair;
  const ms = (m: Figure) => `${m.wall.toFixed(0)} ms wall, ${m.cpu.toFixed(0)} ms CPU`;
  const pct = (r: number) => `${(r * 100).toFixed(1)} %`;
  const share = (off: number, on: number) => pct(off / on);
  const kept = (p: Pair, of: keyof Figure) =>
    `${share(p.off[of], p.on[of])} of the ${of === 'cpu' ? 'CPU' : 'wall'} figure (best runs); ` +
    `${pct(median(p.ratios.map((r) => r[of])))} median of the ${p.ratios.length} pairs`;
  line(`engine batch, one thread (best of ${ROUNDS}, in turns)`, ms(one));
  line('  with history on (hosts anonymized)', ms(oneOn));
  line('  throughput kept with history on', kept(onePair, 'cpu'));
  const own = (spent: number[], off: number) => {
    const least = Math.min(...spent);
    return `${least.toFixed(0)} ms (best run): ${share(off, off + least)} kept if that were all`;
  };
  line("  the history's own code in it", own(spentOne, one.wall));
  line('engine batch, two threads', ms(two));
  line('  with history on', ms(twoOn));
  line('  throughput kept with history on', kept(twoPair, 'wall'));
  line("  the history's own code in it", own(spentTwo, two.wall));
  // Made after the engine runs: its records would make their garbage collections longer.
  const seconds = secondsOf(log);
  const alone = (engine: number, history: number) => pct(engine / (engine + history));
  for (const hosts of ['anonymized', 'full', 'off'] as const) {
    const rec = await measure(recordRun(seconds, db, hosts));
    line(`recording its ${seconds.length} seconds, hosts ${hosts}`, ms(rec));
    line(
      '  as a share of the engine (recording alone)',
      `${alone(one.cpu, rec.cpu)} of one thread's CPU, ${alone(two.wall, rec.wall)} of two threads' wall`,
    );
  }

  if (process.env.BENCH_PART === 'throughput') return;
  const h = open(db);
  const end = Date.UTC(2026, 0, 1);
  let t0 = performance.now();
  const n = simulate(h, seconds, end - 90 * DAY, end);
  line(
    '90 simulated days: records, time',
    `${n}, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  h.close();
  const size90 = fileMB(db);
  line('file after 90 days', `${size90.toFixed(1)} MB`);

  const more = openHistory({ path: db, source: 'bench', clock: stillClock });
  if (!more.ok) throw new Error(more.message);
  simulate(more.history, seconds, end, end + 10 * DAY);
  more.history.close();
  line('after 10 more days (retention at work)', `${fileMB(db).toFixed(1)} MB`);

  const q = openHistory({ path: db, source: 'bench', clock: stillClock });
  if (!q.ok) throw new Error(q.message);
  const to = end + 10 * DAY;
  const times: number[] = [];
  let points = 0;
  for (let i = 0; i < 5; i++) {
    t0 = performance.now();
    points = q.history.range({ from: to - 30 * DAY, to, step: '1m' }).points.length;
    times.push(performance.now() - t0);
  }
  line(
    `30 days at 1 m (${points} points), best of 5`,
    `${Math.min(...times).toFixed(1)} ms (target < 100 ms)`,
  );
  t0 = performance.now();
  q.history.range({ from: to - 30 * DAY, to });
  line('30 days, automatic step (1 h)', `${(performance.now() - t0).toFixed(1)} ms`);
  t0 = performance.now();
  q.history.range({ from: to - 20 * 60_000, to });
  line('last 20 minutes, 1 s', `${(performance.now() - t0).toFixed(1)} ms`);
  q.history.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
