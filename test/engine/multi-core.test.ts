/**
 * Several sources in one core: each source parses with its own format
 * detector and parser, the sources breakdown counts each exactly, and the
 * alert is on the combined rate.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MalformedEvent } from '../../main/common/types';
import { burst, clf, fakeCore } from './helpers';

const T0 = Date.UTC(2026, 10, 28, 10, 0, 0) / 1000;
const p2 = (n: number) => String(n).padStart(2, '0');

/** A W3C (IIS) line at Unix second `sec`. */
function w3c(sec: number, path = '/w/x'): string {
  const d = new Date(sec * 1000);
  const date = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
  const time = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  return `${date} ${time} GET ${path} - 80 - 10.0.0.9 Mozilla/5.0 - 200 0 0 512 3`;
}
const FIELDS =
  '#Fields: date time cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes time-taken';

describe('several sources in one core', () => {
  test('each source detects its own format: a common file and a W3C file at once', () => {
    const f = fakeCore({ start: T0, format: 'auto', live: false, nameSources: true });
    const a = f.core.source('a.log');
    const b = f.core.source('b.log');
    for (let i = 0; i < 3; i++) {
      f.core.ingest([clf(T0 + i, '/a/1')], [], a);
      f.core.ingest(i === 0 ? [FIELDS, w3c(T0 + i, '/b/1')] : [w3c(T0 + i, '/b/1')], [], b);
    }
    assert.equal(a.format, 'common');
    assert.equal(b.format, 'w3c');
    const total = f.core.stats().total;
    assert.equal(total.hits, 6);
    assert.equal(total.malformed, 0);
    assert.deepEqual(total.sections, [
      { section: '/a', hits: 3 },
      { section: '/b', hits: 3 },
    ]);
  });

  test('a malformed line names the source it came from', () => {
    const f = fakeCore({ start: T0, format: 'common', live: false, nameSources: true });
    f.core.ingest(['not a log line'], [], f.core.source('weird.log'));
    const sample = f.core.samples.at(-1) as MalformedEvent;
    assert.equal(sample.source, 'weird.log');
    assert.equal(sample.line, 'not a log line');
  });

  test('the sources breakdown is exact for the interval, the window and the total, largest first', () => {
    const f = fakeCore({ start: T0, window: 10, interval: 10, live: false });
    const a = f.core.source('a.log');
    const b = f.core.source('b.log');
    const c = f.core.source('stdin');
    // Seconds 0..4: a 3/s, b 1/s; second 15: c 5 lines (the window then holds only seconds 6..15).
    for (let s = 0; s < 5; s++) {
      f.core.ingest(burst(T0 + s, 3), [], a);
      f.core.ingest(burst(T0 + s, 1), [], b);
    }
    f.core.ingest(burst(T0 + 15, 5), [], c);
    f.core.finish();
    const last = f.summaries().at(-1)!;
    assert.deepEqual(last.total.sources, [
      { source: 'a.log', hits: 15 },
      { source: 'b.log', hits: 5 },
      { source: 'stdin', hits: 5 },
    ]);
    assert.deepEqual(last.interval.sources, [{ source: 'stdin', hits: 5 }]);
    assert.deepEqual(last.window.sources, [{ source: 'stdin', hits: 5 }]);
    const first = f.summaries()[0]!;
    assert.deepEqual(first.interval.sources, [
      { source: 'a.log', hits: 15 },
      { source: 'b.log', hits: 5 },
    ]);
  });

  test('one source gives one entry, named as the core was told', () => {
    const f = fakeCore({ start: T0, live: false, source: '/var/log/x.log' });
    f.core.ingest(burst(T0, 4));
    f.core.finish();
    assert.deepEqual(f.summaries().at(-1)!.total.sources, [{ source: '/var/log/x.log', hits: 4 }]);
  });

  test('the alert is on the combined rate: fires when each source alone is under the threshold', () => {
    // Threshold 2 req/s over 10 s: each source sends 1.5/s (15 per window), together 3/s.
    const f = fakeCore({ start: T0, threshold: 2, window: 10, live: false });
    const a = f.core.source('a.log');
    const b = f.core.source('b.log');
    for (let s = 0; s < 20; s++) {
      const n = s % 2 === 0 ? 1 : 2;
      f.core.ingest(burst(T0 + s, n), [], a);
      f.core.ingest(burst(T0 + s, 3 - n), [], b);
    }
    f.core.finish();
    const alerts = f.alerts();
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]!.type, 'alert');
    assert.ok(alerts[0]!.avg > 2);
    const total = f.summaries().at(-1)!.total;
    assert.deepEqual(total.sources, [
      { source: 'a.log', hits: 30 },
      { source: 'b.log', hits: 30 },
    ]);

    // The same traffic from one source at a time stays under the threshold.
    const solo = fakeCore({ start: T0, threshold: 2, window: 10, live: false });
    for (let s = 0; s < 20; s++) solo.core.ingest(burst(T0 + s, s % 2 === 0 ? 1 : 2));
    solo.core.finish();
    assert.deepEqual(solo.alerts(), []);
  });
});
