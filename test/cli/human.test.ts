/**
 * What the console shows a person, as pure functions: escaping of log text,
 * the alert state in every summary block, the recap of a batch report,
 * durations and rates a person can read.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AlertEvent, Stats, SummaryEvent } from '../../main/common/types';
import { createAlertTracker } from '../../main/cli/alert-tracker';
import { escapeControls } from '../../main/cli/escape';
import {
  createPaint,
  formatFile,
  formatMalformed,
  formatReport,
  formatSummary,
} from '../../main/cli/human';
import { formatDuration, formatRequestRate } from '../../main/cli/units';
import { emptyStats } from '../../main/engine/monitor';

const plain = createPaint(null);

function stats(over: Partial<Stats> = {}): Stats {
  return { ...emptyStats(10), ...over };
}

function summary(over: Partial<SummaryEvent> = {}): SummaryEvent {
  return {
    type: 'summary',
    at: 1549573960000,
    interval: stats(),
    window: stats({ seconds: 120, hits: 1476, rps: 12.3 }),
    total: stats({ seconds: 600 }),
    ...over,
  };
}

function transition(type: 'alert' | 'recovery', sec: number, avg = 12.3): AlertEvent {
  return { type, at: sec * 1000, avg, hits: Math.round(avg * 120), threshold: 10, window: 120 };
}

describe('escapeControls', () => {
  test('shows terminal escapes as text instead of sending them to the terminal', () => {
    assert.equal(escapeControls('GET /\x1b[2J\x1b[31mx'), 'GET /\\x1b[2J\\x1b[31mx');
  });

  test('escapes C0, DEL, C1 (a lone CSI), invalid bytes, and bidi overrides', () => {
    assert.equal(escapeControls('a\x00b\x7fc\u009bd'), 'a\\x00b\\x7fc\\x9bd');
    assert.equal(escapeControls('\t\r\n'), '\\t\\r\\n');
    assert.equal(escapeControls(Buffer.from([0x41, 0xff, 0x42]).toString('utf8')), 'A\\ufffdB');
    assert.equal(escapeControls('x\u202ey\u2028'), 'x\\u202ey\\u2028');
  });

  test('leaves ordinary text alone, non-ASCII letters included', () => {
    const s = '/café/Ωmega?q=1&r=日本 "quoted" \\x22';
    assert.equal(escapeControls(s), s);
  });
});

describe('human lines with log-derived text', () => {
  test('sections, hosts and methods in a summary are escaped', () => {
    const evil = '/\x1b[2J';
    const block = formatSummary(
      summary({
        interval: stats({
          hits: 1,
          sections: [{ section: evil, hits: 1 }],
          hosts: [{ host: 'h\x1b[31m', hits: 1 }],
          methods: [{ method: 'G\x07ET', hits: 1 }],
        }),
      }),
      10,
      null,
      plain,
    );
    assert.ok(!block.includes('\x1b') && !block.includes('\x07'), JSON.stringify(block));
    assert.match(block, /\/\\x1b\[2J 1/);
    assert.match(block, /h\\x1b\[31m 1/);
    assert.match(block, /G\\x07ET 1/);
  });

  test('a malformed sample of binary bytes is escaped', () => {
    const line = formatMalformed(
      {
        type: 'malformed',
        at: 0,
        line: '\x7fELF\x02\x01\x00\x00',
        reason: 'log format not recognised',
      },
      plain,
    );
    assert.equal(line, '[malformed] log format not recognised: \\x7fELF\\x02\\x01\\x00\\x00');
  });

  test('a file line says its state once, and escapes the path', () => {
    const base = { type: 'file' as const, at: 0, path: '/var/log/a.log' };
    assert.equal(
      formatFile(
        { ...base, state: 'following', code: 'following', message: 'following /var/log/a.log' },
        plain,
      ),
      '[file] following /var/log/a.log',
    );
    assert.equal(
      formatFile(
        { ...base, state: 'error', code: 'error-permission', message: '/x\x1b[2J cannot be read' },
        plain,
      ),
      '[file] error: /x\\x1b[2J cannot be read',
    );
  });
});

describe('alert state in the summary blocks', () => {
  test('an active alert is shown in every block with its start and the window average', () => {
    const alerts = createAlertTracker();
    alerts.note(transition('alert', 1549573957));
    const block = formatSummary(summary(), 10, alerts.active(), plain);
    assert.match(block, /ALERT since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d, avg 12\.3 > 10/);
  });

  test('without an alert the block says so, with the average and the threshold', () => {
    const alerts = createAlertTracker();
    alerts.note(transition('alert', 1549573957));
    alerts.note(transition('recovery', 1549574043, 9.5));
    const block = formatSummary(
      summary({ window: stats({ seconds: 120, hits: 300, rps: 2.5 }) }),
      10,
      alerts.active(),
      plain,
    );
    assert.match(block, /alert +none, avg 2\.5 <= 10/);
    assert.doesNotMatch(block, /ALERT/);
  });

  test('the batch report recaps every alert: start, how long, and one still active', () => {
    const alerts = createAlertTracker();
    alerts.note(transition('alert', 1549573957, 10.5));
    alerts.note(transition('recovery', 1549574043, 9.9));
    alerts.note(transition('alert', 1549574164, 11));
    const report = formatReport(summary(), 10, alerts.periods(), plain);
    assert.match(report, /alerts +2\n/);
    assert.match(report, /\n +\S+ +for 1 min 26 s \(avg 10\.5 req\/s when raised\)/);
    assert.match(report, /\n +\S+ +still active at the end \(avg 11 req\/s when raised\)/);
  });

  test('a report without alerts says none', () => {
    const report = formatReport(summary(), 10, createAlertTracker().periods(), plain);
    assert.match(report, /alerts +none \(threshold 10 req\/s\)/);
  });
});

describe('units a person reads', () => {
  test('durations use the largest units that fit', () => {
    assert.equal(formatDuration(0), '0 s');
    assert.equal(formatDuration(45), '45 s');
    assert.equal(formatDuration(86), '1 min 26 s');
    assert.equal(formatDuration(120), '2 min');
    assert.equal(formatDuration(3 * 3600 + 5 * 60 + 9), '3 h 5 min');
    assert.equal(formatDuration(4 * 86400 + 7200), '4 d 2 h');
    assert.equal(formatDuration(79463058), '2 y 189 d');
  });

  test('a small rate keeps two significant digits instead of rounding to 0', () => {
    assert.equal(formatRequestRate(0), '0');
    assert.equal(formatRequestRate(12.345), '12.35');
    assert.equal(formatRequestRate(0.05), '0.05');
    assert.equal(formatRequestRate(210 / 79463058), '0.0000026');
    assert.equal(formatRequestRate(0.004), '0.004');
  });

  test('the summary of a long span prints a readable duration and a non-zero rate', () => {
    const total = stats({ hits: 210, seconds: 79463058, rps: 210 / 79463058 });
    const report = formatReport(summary({ total }), 10, createAlertTracker().periods(), plain);
    assert.match(report, /210 hits over 2 y 189 d/);
    assert.match(report, /210 \(0\.0000026 req\/s\)/);
  });
});

describe('status classes on screen', () => {
  test('1xx and other are shown beside 2xx to 5xx', () => {
    const interval = stats({
      hits: 10,
      status: { '1xx': 1, '2xx': 5, '3xx': 1, '4xx': 1, '5xx': 1, other: 1 },
    });
    const block = formatSummary(summary({ interval }), 10, null, plain);
    assert.match(block, /status +1xx 1 +2xx 5 +3xx 1 +4xx 1 +5xx 1 +other 1/);
  });
});
