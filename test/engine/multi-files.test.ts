/**
 * Several files in one engine: per-source format detection, the sources
 * breakdown, batch reading of a rotated set made by a real logrotate, and a
 * glob that picks up a new file while following.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { EngineEvent, SummaryEvent } from '../../main/common/types';
import type { Engine, EngineOptions } from '../../main/engine/api';
import { createEngine } from '../../main/engine/engine';
import { fakeClock } from './fixtures/follow-helpers';
import { clf, waitFor } from './helpers';
import { run, tempDir } from '../sources/fixtures/source-helpers';

const LOGROTATE = '/usr/sbin/logrotate';
const T0 = Date.UTC(2026, 10, 28, 8, 0, 0) / 1000;
const p2 = (n: number) => String(n).padStart(2, '0');
const FIELDS = '#Fields: date time cs-method cs-uri-stem c-ip sc-status sc-bytes';

function w3c(sec: number, path: string): string {
  const d = new Date(sec * 1000);
  const date = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
  const time = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  return `${date} ${time} GET ${path} 10.0.0.9 200 512`;
}

/** Runs a batch engine to its end; its events and final snapshot. */
async function batch(options: Partial<EngineOptions> & { file: string }) {
  const engine = createEngine({ follow: false, ...options });
  const events: EngineEvent[] = [];
  engine.onAny((e) => events.push(e));
  await engine.start();
  await engine.finished;
  const snap = engine.snapshot();
  await engine.dispose();
  const last = events.filter((e): e is SummaryEvent => e.type === 'summary').at(-1)!;
  return { events, snap, last };
}

describe('several files in one engine', () => {
  const tmp = tempDir('multi-files');
  after(() => tmp.cleanup());

  test('a common file and a W3C file at once: each detected, counted under its own name', async () => {
    const a = join(tmp.dir, 'a.log');
    const b = join(tmp.dir, 'b.log');
    writeFileSync(a, [0, 1, 2].map((i) => clf(T0 + i, '/a/x')).join('\n') + '\n');
    writeFileSync(b, [FIELDS, ...[0, 1, 2, 3].map((i) => w3c(T0 + i, '/b/y'))].join('\n') + '\n');
    const { snap, last, events } = await batch({
      file: 'two logs',
      sources: [
        { kind: 'file', path: a },
        { kind: 'file', path: b },
      ],
    });
    assert.deepEqual(
      snap.inputs!.map((i) => [i.source, i.kind, i.format]),
      [
        [a, 'file', 'common'],
        [b, 'file', 'w3c'],
      ],
    );
    assert.equal(last.total.hits, 7);
    assert.equal(last.total.malformed, 0);
    assert.deepEqual(last.total.sources, [
      { source: b, hits: 4 },
      { source: a, hits: 3 },
    ]);
    assert.equal(snap.file.path, 'two logs');
    // File events name the file they are about.
    const paths = new Set(events.filter((e) => e.type === 'file').map((e) => e.path));
    assert.ok(paths.has(a) && paths.has(b), [...paths].join(', '));
  });

  test('a batch over two logs of the same hours reads them as one time line', async () => {
    // Two virtual hosts, 600 s each at 6 req/s: each alone under the threshold of 10, both
    // together over it. Read one after another, the second file was all late.
    const lines = (section: string) =>
      Array.from({ length: 3600 }, (_, i) => clf(T0 + Math.floor(i / 6), `${section}/${i}`));
    const a = join(tmp.dir, 'vhost-a.log');
    const b = join(tmp.dir, 'vhost-b.log');
    writeFileSync(a, lines('/a').join('\n') + '\n');
    writeFileSync(b, lines('/b').join('\n') + '\n');
    const { events, last } = await batch({
      file: 'vhosts',
      threshold: 10,
      sources: [
        { kind: 'file', path: a },
        { kind: 'file', path: b },
      ],
    });
    assert.equal(last.total.hits, 7200);
    assert.equal(last.total.late, 0, 'no line of the second file is late');
    const alerts = events.filter((e) => e.type === 'alert');
    assert.equal(alerts.length, 1, 'the combined 12 req/s raises the alert');
    assert.deepEqual(last.total.sources, [
      { source: a, hits: 3600 },
      { source: b, hits: 3600 },
    ]);
  });

  test('a merged batch counts as the one file it was split from, whatever its lines look like', async () => {
    // Lines the byte reader takes, and lines it leaves to the string parser (a backslash in
    // the request, a non-ASCII host): both give the merge their time. CRLF endings in one
    // file, no final newline in the other.
    const all = Array.from({ length: 3000 }, (_, i) => {
      const sec = T0 + Math.floor(i / 5);
      if (i % 7 === 0) return clf(sec, `/odd\\path/${i}`, 404);
      if (i % 11 === 0) return clf(sec, `/h/${i}`, 200, 'hôte.example');
      return clf(sec, `/s${i % 13}/x`, i % 17 === 0 ? 500 : 200, `10.0.${i % 5}.${i % 251}`);
    });
    const whole = join(tmp.dir, 'whole.log');
    const a = join(tmp.dir, 'half-a.log');
    const b = join(tmp.dir, 'half-b.log');
    writeFileSync(whole, all.join('\n') + '\n');
    writeFileSync(a, all.filter((_, i) => i % 2 === 0).join('\r\n') + '\r\n');
    writeFileSync(b, all.filter((_, i) => i % 2 === 1).join('\n'));
    const one = (await batch({ file: whole, threshold: 1e6 })).last.total;
    const merged = (
      await batch({
        file: 'halves',
        threshold: 1e6,
        sources: [
          { kind: 'file', path: a },
          { kind: 'file', path: b },
        ],
      })
    ).last.total;
    assert.equal(merged.late, 0);
    assert.deepEqual({ ...merged, sources: [] }, { ...one, sources: [] });
    assert.deepEqual(merged.sources, [
      { source: a, hits: 1500 },
      { source: b, hits: 1500 },
    ]);
  });

  test('one file keeps one entry in sources and inputs', async () => {
    const a = join(tmp.dir, 'one.log');
    writeFileSync(a, [0, 1].map((i) => clf(T0 + i)).join('\n') + '\n');
    const { snap, last } = await batch({ file: a });
    assert.deepEqual(last.total.sources, [{ source: a, hits: 2 }]);
    assert.deepEqual(
      snap.inputs!.map((i) => [i.source, i.kind, i.format]),
      [[a, 'file', 'common']],
    );
  });

  test('a missing literal file in a batch is an error naming it', async () => {
    const engine = createEngine({
      file: 'set',
      follow: false,
      sources: [
        { kind: 'file', path: join(tmp.dir, 'a.log') },
        { kind: 'file', path: join(tmp.dir, 'nope.log') },
      ],
    });
    await assert.rejects(engine.start(), /nope\.log/);
    await engine.dispose();
  });

  test(
    'a batch over access.log* after logrotate with compress equals the uncompressed concatenation',
    { skip: !existsSync(LOGROTATE) && 'no logrotate' },
    async () => {
      const dir = join(tmp.dir, 'rotated');
      const log = join(dir, 'access.log');
      mkdirSync(dir, { recursive: true });
      const conf = join(dir, 'logrotate.conf');
      writeFileSync(conf, `${log} {\n  rotate 5\n  compress\n}\n`);
      const state = join(dir, 'logrotate.state');
      let sec = T0;
      const generation = (g: number, n: number) =>
        Array.from({ length: n }, (_, i) => clf(sec++, `/g${g}/${i % 7}`, 200 + (i % 4) * 100));
      const written: string[] = [];
      for (let g = 0; g < 3; g++) {
        const lines = generation(g, 400 + g * 50);
        written.push(...lines);
        writeFileSync(log, lines.join('\n') + '\n');
        await run(LOGROTATE, ['-s', state, '-f', conf]);
      }
      const live = generation(9, 120);
      written.push(...live);
      writeFileSync(log, live.join('\n') + '\n');
      assert.ok(existsSync(`${log}.3.gz`) && existsSync(`${log}.1.gz`), 'logrotate compressed');
      assert.equal(
        gunzipSync(readFileSync(`${log}.3.gz`))
          .toString()
          .split('\n')[0],
        written[0],
        'oldest generation in .3.gz',
      );

      const plain = join(tmp.dir, 'concatenated.log');
      writeFileSync(plain, written.join('\n') + '\n');
      const options = { threshold: 50, window: 10, interval: 60 };
      const set = await batch({
        ...options,
        file: 'rotated set',
        sources: [{ kind: 'file', path: join(dir, 'access.log*') }],
      });
      const one = await batch({ ...options, file: plain });
      const strip = (s: SummaryEvent['total']) => ({ ...s, sources: undefined });
      assert.deepEqual(strip(set.last.total), strip(one.last.total));
      assert.equal(set.last.total.hits, written.length);
      assert.deepEqual(
        set.events.filter((e) => e.type === 'alert' || e.type === 'recovery'),
        one.events.filter((e) => e.type === 'alert' || e.type === 'recovery'),
      );
      assert.deepEqual(
        set.last.total.sources,
        [
          [`${log}.1.gz`, 500],
          [`${log}.2.gz`, 450],
          [`${log}.3.gz`, 400],
          [log, 120],
        ].map(([source, hits]) => ({ source, hits })),
      );
    },
  );

  describe('following', () => {
    let engine: Engine | null = null;
    after(() => engine?.dispose());

    test('following a glob leaves its rotated copies alone and reads a literal .gz once', async () => {
      const dir = join(tmp.dir, 'follow-rotated');
      mkdirSync(dir, { recursive: true });
      const now = Math.floor(Date.now() / 1000);
      const log = join(dir, 'access.log');
      writeFileSync(log, clf(now, '/live') + '\n');
      writeFileSync(`${log}.1`, clf(now - 5, '/old') + '\n');
      writeFileSync(`${log}.2.gz`, gzipSync(clf(now - 9, '/older') + '\n'));
      const other = join(dir, 'other.log.3.gz');
      writeFileSync(other, gzipSync([clf(now - 3, '/gz'), clf(now - 2, '/gz')].join('\n') + '\n'));
      engine = createEngine({
        file: 'rotated',
        sources: [
          { kind: 'file', path: join(dir, 'access.log*') },
          { kind: 'file', path: other },
        ],
        pollMs: 50,
        window: 60,
      });
      await engine.start();
      const e = engine;
      await waitFor(() => e.snapshot().stats.total.hits === 3, 'the live file and the .gz');
      assert.deepEqual(
        e.snapshot().inputs!.map((i) => i.source),
        [log, other],
      );
      assert.deepEqual(
        e
          .snapshot()
          .stats.total.sections.map((s) => s.section)
          .sort(),
        ['/gz', '/live'],
      );
      await e.dispose();
      engine = null;
    });

    test('a glob picks up a file that starts to match while running, from its start', async () => {
      const dir = join(tmp.dir, 'vhosts');
      mkdirSync(dir, { recursive: true });
      const now = () => Math.floor(Date.now() / 1000);
      const first = join(dir, 'one.access.log');
      writeFileSync(first, clf(now(), '/one') + '\n');
      engine = createEngine({
        file: 'vhosts',
        sources: [{ kind: 'file', path: join(dir, '*.access.log') }],
        pollMs: 50,
        rescanMs: 50,
        window: 60,
      });
      await engine.start();
      const e = engine;
      const hitsOf = (source: string) =>
        e.snapshot().stats.total.sources?.find((s) => s.source === source)?.hits ?? 0;
      await waitFor(() => hitsOf(first) === 1, 'the back-filled line of the first file');

      const second = join(dir, 'two.access.log');
      writeFileSync(second, [clf(now(), '/two'), clf(now(), '/two')].join('\n') + '\n');
      await waitFor(() => hitsOf(second) === 2, 'the new file read from its start');
      appendFileSync(second, clf(now(), '/two') + '\n');
      appendFileSync(first, clf(now(), '/one') + '\n');
      await waitFor(() => hitsOf(second) === 3 && hitsOf(first) === 2, 'both followed');
      assert.deepEqual(
        e.snapshot().inputs!.map((i) => [i.source, i.state]),
        [
          [first, 'following'],
          [second, 'following'],
        ],
      );
      assert.equal(e.snapshot().stats.total.hits, 5);
      await e.dispose();
      engine = null;
    });

    test('the alert is on the combined rate of two followed files, each under the threshold', async () => {
      const dir = join(tmp.dir, 'combined-alert');
      mkdirSync(dir, { recursive: true });
      const [a, b] = [join(dir, 'a.log'), join(dir, 'b.log')] as [string, string];
      writeFileSync(a, '');
      writeFileSync(b, '');
      const start = Date.UTC(2026, 10, 28, 12, 0, 0);
      const clock = fakeClock(start);
      const e = createEngine({
        file: 'pair',
        sources: [
          { kind: 'file', path: a },
          { kind: 'file', path: b },
        ],
        clock,
        watch: false,
        pollMs: 100,
        threshold: 2,
        window: 10,
        interval: 10,
      });
      engine = e;
      const alerts: string[] = [];
      e.onAny((ev) => {
        if (ev.type === 'alert' || ev.type === 'recovery') alerts.push(ev.type);
      });
      await e.start();
      // 1.5 req/s each (1 and 2 lines in turn), 3 req/s together, for 20 s of the clock.
      let written = 0;
      for (let s = 0; s < 20; s++) {
        const sec = start / 1000 + s;
        const n = s % 2 === 0 ? 1 : 2;
        appendFileSync(a, Array.from({ length: n }, () => clf(sec, '/a') + '\n').join(''));
        appendFileSync(b, Array.from({ length: 3 - n }, () => clf(sec, '/b') + '\n').join(''));
        written += 3;
        clock.advance(1000);
        await waitFor(() => e.snapshot().stats.total.hits === written, `${written} lines`);
      }
      clock.advance(1000);
      assert.deepEqual(alerts, ['alert']);
      const window = e.snapshot().stats.window;
      assert.ok(window.rps > 2, `window rate ${window.rps}`);
      assert.deepEqual(e.snapshot().stats.total.sources, [
        { source: a, hits: 30 },
        { source: b, hits: 30 },
      ]);
      await e.dispose();
      engine = null;
    });

    test('a restart during an alert over two files keeps it: both tails count before the judging', async () => {
      // Two logs at 8 and 5 req/s up to now, threshold 10: the alert carried over is still right.
      const dir = join(tmp.dir, 'restart-alert');
      mkdirSync(dir, { recursive: true });
      const now = Math.floor(Date.now() / 1000);
      const paths = [
        [join(dir, 'a.log'), 8],
        [join(dir, 'b.log'), 5],
      ] as const;
      for (const [path, rate] of paths) {
        const lines: string[] = [];
        for (let s = now - 150; s < now; s++)
          for (let k = 0; k < rate; k++) lines.push(clf(s, '/x') + '\n');
        writeFileSync(path, lines.join(''));
      }
      const e = createEngine({
        file: 'pair',
        sources: paths.map(([path]) => ({ kind: 'file' as const, path })),
        threshold: 10,
        watch: false,
        memory: { active: true, since: (now - 60) * 1000, history: [] },
      });
      engine = e;
      const transitions: string[] = [];
      e.onAny((ev) => {
        if (ev.type === 'alert' || ev.type === 'recovery') transitions.push(ev.type);
      });
      await e.start();
      const snap = e.snapshot();
      assert.deepEqual(transitions, [], 'no false recovery at start');
      assert.equal(snap.alert.active, true);
      assert.equal(snap.avg, snap.windowHits / 120, 'the average is of the hits in the window');
      assert.ok(snap.avg > 10, `avg ${snap.avg}`);
      await e.dispose();
      engine = null;
    });
  });
});
