/**
 * The raw (bytes) path against the string path, end to end: the line
 * splitter's raw blocks decode to exactly its string lines, and a MonitorCore
 * fed blocks (`ingestBlock`, the byte reader plus ByteKeys) emits exactly the
 * events and figures of one fed the same lines as strings (`ingest`).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { EngineEvent, FormatName, FormatOption } from '../../main/common/types';
import { MonitorCore } from '../../main/engine/core';
import { createLineSplitter, type LineBatch } from '../../main/engine/follow/line-splitter';
import { createClfParser } from '../../main/engine/parse/clf';
import { detectFormat } from '../../main/engine/parse';
import { logFiles, noteMissingCorpus } from '../fixtures/corpus';
import { rng } from './helpers';

const NL = 0x0a;
const CR = 0x0d;

/** The lines of raw blocks, decoded as the string path does: split on `\n`, one `\r` dropped, UTF-8. */
function decodeBlocks(blocks: Buffer[]): string[] {
  const lines: string[] = [];
  for (const block of blocks) {
    assert.ok(block.length > 0, 'empty block');
    assert.equal(block[block.length - 1], NL, 'a block ends with \\n');
    for (let pos = 0; pos < block.length;) {
      const nl = block.indexOf(NL, pos);
      const end = nl > pos && block[nl - 1] === CR ? nl - 1 : nl;
      lines.push(block.toString('utf8', pos, end));
      pos = nl + 1;
    }
  }
  return lines;
}

/** Split a file as the string path does: UTF-8, on `\n`, one trailing `\r` dropped. */
function splitLines(b: Buffer): string[] {
  const lines = b.toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Random chunk sizes: tiny (for inputs under 100 kB), small, around the 64 KiB limit, or large. */
function chunker(random: () => number, length = Infinity): () => number {
  const kind = Math.floor(random() * 4);
  return () => {
    const r = random();
    if (kind === 0) return length < 100_000 ? 1 + Math.floor(r * 8) : 1 + Math.floor(r * 2000);
    if (kind === 1) return 1 + Math.floor(r * 700);
    if (kind === 2) return 60_000 + Math.floor(r * 10_000);
    return 1 + Math.floor(r * 200_000);
  };
}

describe('line splitter: raw blocks against string lines', () => {
  const long = (n: number, c = 'L') => c.repeat(n);
  const inputs: [string, Buffer][] = [
    [
      'CRLF, BOM, invalid UTF-8, empty lines, overlong lines, unterminated end',
      Buffer.concat([
        Buffer.from('\ufeffa\r\nb\n\r\n\nc\r\r\n', 'utf8'),
        Buffer.from([0x62, 0x61, 0x64, 0x20, 0xff, 0xc3, 0x28, 0x20, 0xe2, 0x82, 0x0a]),
        Buffer.from([0xf0, 0x9f, 0x98, 0x0d, 0x0a, 0xc3, 0x0a, 0xed, 0xa0, 0x80, 0x0a]),
        Buffer.from(`café €5 😀\r\n${long(70_000)}\nafter\n`, 'utf8'),
        Buffer.from(`${long(65_536, 'x')}\r\n${long(65_537, 'y')}\r\n${long(65_536, 'é')}\n`),
        Buffer.from(`${long(200_000, 'z')}\r\n\r\nnaïve\r`, 'utf8'),
      ]),
    ],
    ['only a BOM', Buffer.from([0xef, 0xbb, 0xbf])],
    ['BOM then CR', Buffer.from('\ufeff\r\n\ufeffsecond\n', 'utf8')],
    ['empty first line, BOM on the second', Buffer.from('\n\ufeffx\r\ny', 'utf8')],
    [
      'overlong first line with a BOM',
      Buffer.from(`\ufeff${long(70_000)}\nnext\n\ufefflast`, 'utf8'),
    ],
    ['a broken BOM', Buffer.from([0xef, 0xbb, 0x0a, 0xef, 0xbb, 0xbf, 0x0a])],
    ['a line of exactly 65536 bytes, then one more CR', Buffer.from(`${long(65_536)}\r\r\nz`)],
    ['unterminated overlong end', Buffer.from(`a\n${long(80_000)}\r`)],
  ];
  // Random mixtures of the same ingredients, with a 64-byte limit so that lines
  // around it (63 to 66 bytes, with or without \r) are cheap to make.
  const random = rng(42);
  const parts = ['plain', '', '\r', 'crlf\r', 'é😀', '\ufeffbom', 'ab\r\r', long(63), long(64)];
  parts.push(long(64) + '\r', long(65), long(65) + '\r', 'é'.repeat(32), 'é'.repeat(33), long(500));
  const mixtures: [string, Buffer][] = [];
  for (let n = 0; n < 8; n++) {
    const pieces: Buffer[] = [];
    for (let i = 0; i < 300; i++) {
      const r = random();
      if (r < 0.15) pieces.push(Buffer.from([0x80 + Math.floor(random() * 128)]));
      else pieces.push(Buffer.from(parts[Math.floor(random() * parts.length)]!, 'utf8'));
      if (random() < 0.8) pieces.push(Buffer.from('\n'));
    }
    mixtures.push([`random mixture ${n} (64-byte limit)`, Buffer.concat(pieces)]);
  }

  for (const [name, input, maxLineBytes] of [
    ...inputs.map(([n, b]) => [n, b, 65_536] as const),
    ...mixtures.map(([n, b]) => [n, b, 64] as const),
  ]) {
    test(`${name}: the same lines and overlong heads for 30 chunkings`, () => {
      const random = rng(input.length);
      let lines = 0;
      for (let round = 0; round < 30; round++) {
        const size = round === 0 ? () => input.length : chunker(random, input.length);
        const str = createLineSplitter({ maxLineBytes });
        const raw = createLineSplitter({ raw: true, maxLineBytes });
        // The caller's buffer is reused between pushes, as the follower does.
        const scratch = Buffer.alloc(input.length + 1);
        const compare = (s: LineBatch, r: LineBatch, where: string) => {
          assert.deepEqual(r.lines, [], `raw mode fills no lines (${where})`);
          assert.equal(s.blocks, undefined, `string mode has no blocks (${where})`);
          assert.deepEqual(decodeBlocks(r.blocks ?? []), s.lines, where);
          assert.deepEqual(r.overlong, s.overlong, where);
          lines += s.lines.length;
        };
        // Twice over, flushing in between: flush resets the splitter (BOM included).
        for (let pass = 0; pass < 2; pass++) {
          for (let pos = 0; pos < input.length;) {
            const n = Math.min(size(), input.length - pos);
            const chunk = scratch.subarray(0, n);
            input.copy(chunk, 0, pos, pos + n);
            const s = str.push(chunk);
            const r = raw.push(chunk);
            compare(s, r, `round ${round} pass ${pass} at ${pos}+${n}`);
            scratch.fill(0x3f);
            pos += n;
          }
          compare(str.flush(), raw.flush(), `round ${round} pass ${pass} flush`);
        }
      }
      assert.ok(lines > 0 || input.length < 4);
    });
  }
});

const WALL = Date.UTC(2030, 0, 1);

interface Run {
  events: EngineEvent[];
  core: MonitorCore;
}

function newCore(
  format: FormatOption,
  wall: number,
  events: EngineEvent[],
  threshold = 2,
): MonitorCore {
  return new MonitorCore({
    threshold,
    window: 10,
    interval: 10,
    format,
    wall: () => wall,
    live: false,
    emit: (e) => events.push(structuredClone(e)),
  });
}

/** The string path: every line through `ingest`, in batches of `batch` lines. */
function runLines(
  lines: string[],
  format: FormatOption,
  wall: number,
  batch = 5000,
  threshold = 2,
): Run {
  const events: EngineEvent[] = [];
  const core = newCore(format, wall, events, threshold);
  for (let i = 0; i < lines.length; i += batch) core.ingest(lines.slice(i, i + batch));
  core.finish();
  return { events, core };
}

/**
 * The raw path: blocks of about `size()` bytes cut at line ends, each copied
 * into one reused buffer that is scribbled over once the core has read it.
 */
function runBlocks(
  file: Buffer,
  format: FormatOption,
  wall: number,
  size: () => number,
  threshold = 2,
): Run & { blocks: number } {
  const events: EngineEvent[] = [];
  const core = newCore(format, wall, events, threshold);
  const body =
    file.length > 0 && file[file.length - 1] !== NL
      ? Buffer.concat([file, Buffer.from('\n')])
      : file;
  const scratch = Buffer.alloc(body.length);
  let blocks = 0;
  for (let pos = 0; pos < body.length;) {
    let end = Math.min(body.length, pos + size());
    if (end < body.length) {
      const back = body.lastIndexOf(NL, end - 1);
      end = back >= pos ? back + 1 : body.indexOf(NL, end) + 1;
    }
    const block = scratch.subarray(0, end - pos);
    body.copy(block, 0, pos, end);
    assert.equal(core.ingestBlock(block), block.toString('latin1').split('\n').length - 1);
    block.fill(0x21);
    blocks++;
    pos = end;
  }
  core.finish();
  return { events, core, blocks };
}

/** Everything observable of a core after a run. */
function stateOf({ core, events }: Run) {
  return {
    events,
    stats: core.stats(),
    format: core.format,
    avg: core.avg,
    windowHits: core.windowHits,
    alert: { ...core.alert },
    history: core.history,
    samples: core.samples,
    seconds: core.seconds,
    lastSummary: core.lastSummary,
    now: core.clock.now(),
  };
}

function assertSame(a: Run, b: Run, what: string): void {
  const sa = stateOf(a);
  const sb = stateOf(b);
  // Cheap comparisons first, for a readable failure.
  assert.equal(sb.events.length, sa.events.length, `${what}: number of events`);
  assert.deepEqual(sb.stats, sa.stats, `${what}: stats()`);
  for (let i = 0; i < sa.events.length; i++) {
    assert.deepEqual(sb.events[i], sa.events[i], `${what}: event ${i}`);
  }
  for (const key of Object.keys(sa) as (keyof typeof sa)[]) {
    if (key !== 'events') assert.deepEqual(sb[key], sa[key], `${what}: ${key}`);
  }
}

/** Every log at hand detected as common or combined, with its bytes and format. */
function clfFiles(): { file: string; bytes: Buffer; format: FormatName }[] {
  const found: { file: string; bytes: Buffer; format: FormatName }[] = [];
  for (const { name, path } of logFiles()) {
    const bytes = readFileSync(path);
    const format = detectFormat(splitLines(bytes).slice(0, 50));
    if (format === 'common' || format === 'combined') found.push({ file: name, bytes, format });
  }
  // Torn records, as a copy that broke lines every 4 KiB makes them (the corpus's
  // nasa-aug95-wrapped is such a file): malformed lines among good ones.
  const nasa = found.find((f) => f.file === 'common/nasa-jul95-head2000.log');
  if (nasa) {
    const parts: Buffer[] = [];
    for (let at = 0; at < nasa.bytes.length; at += 4096)
      parts.push(nasa.bytes.subarray(at, at + 4096), Buffer.from('\n'));
    found.push({
      file: `${nasa.file}, torn every 4 KiB`,
      bytes: Buffer.concat(parts),
      format: 'common',
    });
  }
  return found;
}

describe('MonitorCore: ingestBlock against ingest on the corpus', () => {
  const files = clfFiles();
  const kinds = new Map<string, number>();

  test('the logs at hand have common and combined files', () => {
    // The shipped fixtures alone hold 8.
    assert.ok(files.length >= 8, `${files.length} files`);
  });
  noteMissingCorpus('ingestBlock against ingest on the corpus files not shipped');

  for (const { file, bytes, format } of files) {
    test(`${file}: the same events, samples and stats`, () => {
      const lines = splitLines(bytes);
      const want = runLines(lines, format, WALL);
      const got = runBlocks(bytes, format, WALL, () => 64 * 1024);
      assertSame(want, got, `${file} (64 KiB blocks)`);
      const random = rng(bytes.length);
      const odd = runBlocks(bytes, format, WALL, () => 1 + Math.floor(random() * 3000));
      assertSame(want, odd, `${file} (random blocks)`);
      // The format detected from the first block, as the engine does with 'auto'.
      assertSame(
        runLines(lines, 'auto', WALL),
        runBlocks(bytes, 'auto', WALL, () => 65_536),
        file,
      );
      // A wall clock inside the log's span: the later half of it is skewed.
      const parser = createClfParser(format);
      const times = lines.flatMap((l) => {
        const r = parser.parse(l);
        return r.kind === 'hit' ? [r.hit.time] : [];
      });
      const mid = times.sort((x, y) => x - y)[Math.floor(times.length / 2)]! - 3_600_000;
      assertSame(
        runLines(lines, format, mid),
        runBlocks(bytes, format, mid, () => 30_000),
        `${file} skewed`,
      );
      assert.equal(got.core.stats().total.hits + got.core.stats().total.malformed > 0, true);
      for (const e of want.events) kinds.set(e.type, (kinds.get(e.type) ?? 0) + 1);
    });
  }

  test('the comparisons covered every kind of event', () => {
    for (const type of ['summary', 'alert', 'recovery', 'second', 'malformed']) {
      assert.ok((kinds.get(type) ?? 0) > 0, `no ${type} event was compared`);
    }
  });
});

// --- Synthetic traffic: floods of hosts, sections and methods, odd lines among usual ones.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');
/** The CLF timestamp of Unix second `sec` written in the zone `offset` minutes east of UTC. */
function stamp(sec: number, offset = 0): string {
  const d = new Date((sec + offset * 60) * 1000);
  const a = Math.abs(offset);
  return (
    `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ` +
    `${offset < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}${p2(a % 60)}`
  );
}

/** A log of ~`seconds` seconds where many lines take the byte path and many do not. */
function syntheticLog(seed: number, seconds: number): Buffer {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const T0 = Date.UTC(2024, 1, 29, 23, 58, 0) / 1000; // crosses midnight and a month end
  const out: string[] = [];
  let serial = 0;
  for (let s = 0; s < seconds; s++) {
    // Bursts and quiet spells, so the alert fires and recovers.
    const n = s % 40 < 15 ? 400 + Math.floor(random() * 400) : Math.floor(random() * 30);
    for (let k = 0; k < n; k++) {
      serial++;
      // Mostly in order; some late (beyond the window) or a little early.
      const r0 = random();
      const sec = T0 + s + (r0 < 0.02 ? -30 : r0 < 0.05 ? -3 : r0 < 0.06 ? 2 : 0);
      const host =
        random() < 0.85
          ? `10.${(serial >> 16) & 255}.${(serial >> 8) & 255}.${serial & 255}`
          : random() < 0.5
            ? `192.168.0.${Math.floor(random() * 40)}`
            : random() < 0.5
              ? `2001:db8::${(serial % 5000).toString(16)}:${(serial % 97).toString(16)}`
              : '-';
      const section =
        random() < 0.4
          ? `/s${serial % 25_000}`
          : random() < 0.5
            ? `/${'long-section-'.repeat(3)}${serial % 3000}`
            : pick(['/', '/a', '/api', '/images', '/metrics']);
      const target = section + pick(['', '/x/y', '?q=1', '#f', '/']);
      const method =
        random() < 0.9
          ? pick(['GET', 'GET', 'POST', 'HEAD'])
          : `M${(serial % 400).toString(36).toUpperCase()}`;
      const status = pick(['200', '200', '304', '404', '500', '-', '503']);
      const bytes = pick(['123', '0', '-', '987654']);
      // The same instants written in other zones (other days, too, around midnight).
      const zone = random() < 0.1 ? pick([-90, 60, 330, -600]) : 0;
      const head = `${host} - ${pick(['-', 'user'])} [${stamp(sec, zone)}]`;
      let line = `${head} "${method} ${target} HTTP/1.1" ${status} ${bytes}`;
      if (random() < 0.5) line += ` "-" "Mozilla/5.0 (X11; Linux)"`;
      // About one line in eight takes the string path, or is malformed.
      const r = random();
      if (r < 0.02) line = `vhost.example:443 ${line}`;
      else if (r < 0.04) line = `${host}, 172.16.0.1${line.slice(host.length)}`;
      else if (r < 0.05) line = line.replace(` ${target} HTTP`, ` /café${serial % 50} HTTP`);
      else if (r < 0.06)
        line = line.replace(` ${target} HTTP`, ` http://example.com${target} HTTP`);
      else if (r < 0.07) line = line.replace(`"${method} ${target} HTTP/1.1"`, '"-"');
      else if (r < 0.08) line = line.replace(' HTTP/1.1"', '"');
      else if (r < 0.09) line = line.replace('] "', '] "\\"');
      else if (r < 0.1) line = line.slice(0, Math.floor(random() * line.length));
      else if (r < 0.11) line = line.replace(/:\d\d ([-+])/, ':61 $1');
      else if (r < 0.12) line = `garbage ${serial} \u00ff\u00fe`;
      if (random() < 0.3) line += '\r';
      out.push(line);
    }
    if (s % 50 === 7) out.push('', '   ');
    // Keys seen once at the start (so evicted first, once the tables overflow)
    // that come back in force near the end: on top of the window's lists.
    const back = s === 0 ? 1 : s >= seconds - 30 && s < seconds - 20 ? 3 : 0;
    for (let j = 0; j < 60 * back; j++) {
      const i = j % 60;
      const method = `BK${String.fromCharCode(65 + (i % 26), 65 + Math.floor(i / 26))}`;
      out.push(`172.16.0.${i} - - [${stamp(T0 + s)}] "${method} /back${i}/x HTTP/1.1" 200 1`);
    }
  }
  return Buffer.from(out.join('\n') + '\n', 'utf8');
}

describe('MonitorCore: ingestBlock against ingest on synthetic floods', () => {
  for (const [seed, format] of [
    [1, 'combined'],
    [2, 'common'],
    [3, 'auto'],
  ] as const) {
    test(`seed ${seed}, ${format}: hosts, sections and methods past their table limits`, () => {
      const log = syntheticLog(seed, 400);
      const lines = splitLines(log);
      // Bursts of 400-800 req/s and quiet spells under 30: alerts and recoveries.
      const want = runLines(lines, format, WALL, 777, 100);
      const random = rng(seed);
      const got = runBlocks(log, format, WALL, chunker(random), 100);
      assertSame(want, got, `seed ${seed}`);
      const total = got.core.stats().total;
      // The tables overflowed (estimated distinct hosts), and every path was taken.
      assert.ok(total.hits > 50_000, `${total.hits} hits`);
      assert.ok(total.distinctHosts > 50_000, `${total.distinctHosts} distinct hosts`);
      assert.ok(total.malformed > 1000 && total.late > 1000, JSON.stringify(total));
      const alerts = want.events.filter((e) => e.type === 'alert' || e.type === 'recovery');
      assert.ok(alerts.length >= 10, `${alerts.length} alerts and recoveries`);
    });
  }

  test('splitter + ingestBlock against splitter + ingest, from random read sizes', () => {
    const log = Buffer.concat([
      Buffer.from('\ufeff', 'utf8'),
      syntheticLog(9, 60),
      Buffer.from(
        `1.2.3.4 - - [${stamp(Date.UTC(2024, 2, 1) / 1000)}] "GET /${'o'.repeat(70_000)}" 200 1\n`,
      ),
      syntheticLog(10, 30),
      Buffer.from(
        `1.2.3.4 - - [${stamp(Date.UTC(2024, 2, 1, 0, 2) / 1000)}] "GET /end HTTP/1.1" 200 1\r`,
      ),
    ]);
    for (const format of ['auto', 'combined'] as const) {
      const random = rng(17);
      const wantEvents: EngineEvent[] = [];
      const gotEvents: EngineEvent[] = [];
      const want = newCore(format, WALL, wantEvents);
      const got = newCore(format, WALL, gotEvents);
      const str = createLineSplitter();
      const raw = createLineSplitter({ raw: true });
      const size = chunker(random);
      let overlong = 0;
      const feed = (s: LineBatch, r: LineBatch) => {
        overlong += s.overlong.length + r.overlong.length;
        want.ingest(s.lines, s.overlong);
        got.ingest(r.lines, r.overlong);
        for (const block of r.blocks ?? []) got.ingestBlock(block);
      };
      const scratch = Buffer.alloc(log.length);
      for (let pos = 0; pos < log.length;) {
        const n = Math.min(size(), log.length - pos);
        const chunk = scratch.subarray(0, n);
        log.copy(chunk, 0, pos, pos + n);
        feed(str.push(chunk), raw.push(chunk));
        scratch.fill(0x20, 0, n);
        pos += n;
      }
      feed(str.flush(), raw.flush());
      want.finish();
      got.finish();
      assertSame({ core: want, events: wantEvents }, { core: got, events: gotEvents }, format);
      assert.equal(overlong, 2, 'the 70 kB line was reported by both splitters');
    }
  });
});
