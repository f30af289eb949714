/**
 * The engine on real files: the back-filled tail, batch runs, alert memory
 * across a restart, live following, and dispose.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { AlertEvent, EngineEvent, SummaryEvent } from '../../main/common/types';
import { findTailStart } from '../../main/engine/backfill';
import { createEngine } from '../../main/engine/engine';
import { clf, waitFor } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'hc-engine-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function logFile(lines: string[], trailingNewline = true): string {
  const path = join(dir, `access-${n++}.log`);
  writeFileSync(path, lines.join('\n') + (trailingNewline && lines.length ? '\n' : ''));
  return path;
}

/** Lines at `perSecond` req/s over [from, to). */
function traffic(from: number, to: number, perSecond: number, path = '/a'): string[] {
  const out: string[] = [];
  for (let s = from; s < to; s++) for (let i = 0; i < perSecond; i++) out.push(clf(s, path));
  return out;
}

const nowSec = () => Math.floor(Date.now() / 1000);

describe('back-fill from the tail', () => {
  test('finds the first line of the last window without reading from the start', async () => {
    const base = 1_600_000_000;
    // One hour at 1 req/s, then the last 60 s; window 60 s.
    const lines = traffic(base, base + 3600, 1);
    const path = logFile(lines);
    const tail = await findTailStart(path, 'auto', 60_000);
    assert.equal(tail.format, 'common');
    const bytesPerLine = Buffer.byteLength(lines[0]!) + 1;
    // Lines stamped after (last - 60 s): the last 60 of them.
    assert.equal(tail.offset, (3600 - 60) * bytesPerLine);
  });

  test('W3C: the #Fields line in force above the tail is returned to prime the parser', async () => {
    const rows: string[] = [
      '#Software: IIS',
      '#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes',
    ];
    for (let m = 0; m < 30; m++)
      rows.push(`2020-01-01 10:${String(m).padStart(2, '0')}:00 1.2.3.4 GET /x/y 200 10`);
    const path = logFile(rows);
    const tail = await findTailStart(path, 'auto', 120_000);
    assert.equal(tail.format, 'w3c');
    assert.equal(tail.fields, rows[1]);
    assert.ok(tail.offset > 0);
  });

  test('starting at the end fills the window, so a running alert is known from the first second', async () => {
    const s = nowSec();
    // 30 s ago .. now at 5 req/s with threshold 2 and window 20: alert.
    const path = logFile([...traffic(s - 300, s - 200, 1, '/old'), ...traffic(s - 30, s, 5)]);
    const events: EngineEvent[] = [];
    const engine = createEngine({ file: path, threshold: 2, window: 20, watch: false, pollMs: 50 });
    engine.onAny((e) => events.push(e));
    await engine.start();
    const snap = engine.snapshot();
    await engine.dispose();
    assert.equal(snap.alert.active, true);
    assert.equal(snap.state, 'alert');
    assert.equal(events.filter((e) => e.type === 'alert').length, 1);
    assert.equal(
      events.filter((e) => e.type === 'recovery').length,
      0,
      'no false recovery from a half-read window',
    );
    assert.equal(snap.stats.total.hits, 100, 'only the tail that fills the window was read');
    assert.equal(snap.stats.window.sections[0]?.section, '/a');
  });

  test('an alert remembered from the last run is not raised again; a finished one recovers once', async () => {
    const s = nowSec();
    const memory = {
      active: true,
      since: (s - 600) * 1000,
      history: [
        {
          type: 'alert',
          at: (s - 600) * 1000,
          avg: 3,
          hits: 60,
          threshold: 2,
          window: 20,
        } as AlertEvent,
      ],
    };
    const busy = logFile(traffic(s - 30, s, 5));
    const quiet = logFile(traffic(s - 30, s, 1));
    for (const [path, expected] of [
      [busy, []],
      [quiet, ['recovery']],
    ] as const) {
      const events: EngineEvent[] = [];
      const engine = createEngine({ file: path, threshold: 2, window: 20, watch: false, memory });
      engine.onAny((e) => events.push(e));
      await engine.start();
      const snap = engine.snapshot();
      await engine.dispose();
      const transitions = events
        .filter((e) => e.type === 'alert' || e.type === 'recovery')
        .map((e) => e.type);
      assert.deepEqual(transitions, expected);
      assert.equal(snap.history.length, 1 + expected.length, 'history carried over');
    }
  });
});

describe('batch run (follow: false)', () => {
  test('reads the whole file, includes a last line without newline, and ends with a whole-file summary', async () => {
    const base = 1_600_000_000;
    const lines = [
      ...traffic(base, base + 100, 3),
      'garbage that is not a log line',
      clf(base + 100, '/last'),
    ];
    const path = logFile(lines, false);
    const events: EngineEvent[] = [];
    const engine = createEngine({ file: path, threshold: 2, window: 10, follow: false });
    engine.onAny((e) => events.push(e));
    await engine.start();
    await engine.finished;
    await engine.dispose();
    const summaries = events.filter((e): e is SummaryEvent => e.type === 'summary');
    const final = summaries[summaries.length - 1]!;
    assert.equal(final.total.hits, 301);
    assert.equal(final.total.malformed, 1);
    assert.deepEqual(
      final.total.sections.map((r) => r.section),
      ['/a', '/last'],
    );
    assert.equal(events.filter((e) => e.type === 'alert').length, 1);
  });

  test('a missing file rejects start with a message naming it', async () => {
    const engine = createEngine({ file: join(dir, 'nope.log'), follow: false });
    await assert.rejects(engine.start(), /nope\.log/);
    await engine.dispose();
  });
});

describe('following', () => {
  test('appended lines become a burst alert; silence then recovers; dispose stops everything', async () => {
    const path = logFile([]);
    const events: EngineEvent[] = [];
    const engine = createEngine({
      file: path,
      threshold: 1,
      window: 2,
      interval: 1,
      watch: false,
      pollMs: 50,
    });
    engine.onAny((e) => events.push(e));
    await engine.start();
    const s = nowSec();
    appendFileSync(path, traffic(s, s + 1, 10).join('\n') + '\n');
    await waitFor(() => events.some((e) => e.type === 'alert'), 'the alert');
    await waitFor(() => events.some((e) => e.type === 'recovery'), 'the recovery (no new lines)');
    await waitFor(() => events.some((e) => e.type === 'summary'), 'a summary');
    const transitions = events.filter((e) => e.type === 'alert' || e.type === 'recovery');
    assert.deepEqual(
      transitions.map((e) => e.type),
      ['alert', 'recovery'],
    );
    await engine.dispose();
    const count = events.length;
    appendFileSync(path, traffic(s + 5, s + 6, 10).join('\n') + '\n');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(events.length, count, 'no event after dispose');
  });

  test('pause stops reading; resume continues from where it stopped, nothing lost', async () => {
    const path = logFile([]);
    const engine = createEngine({ file: path, window: 60, watch: false, pollMs: 30 });
    await engine.start();
    const s = nowSec();
    appendFileSync(path, traffic(s, s + 1, 3).join('\n') + '\n');
    await waitFor(() => engine.snapshot().stats.total.hits === 3, '3 hits');
    await engine.pause();
    assert.equal(engine.snapshot().state, 'idle');
    appendFileSync(path, traffic(s, s + 1, 4).join('\n') + '\n');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(engine.snapshot().stats.total.hits, 3, 'nothing read while paused');
    await engine.resume();
    await waitFor(() => engine.snapshot().stats.total.hits === 7, '7 hits');
    await engine.dispose();
  });

  test('bad options are refused with the option named', () => {
    assert.throws(() => createEngine({ file: 'x', threshold: -1 }), /threshold/);
    assert.throws(() => createEngine({ file: 'x', window: 0 }), /window/);
    assert.throws(() => createEngine({ file: 'x', interval: 1.5 }), /interval/);
  });
});
