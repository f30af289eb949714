import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRange, parseTime } from '../../main/history/range-params';

test('times: ISO 8601 with an offset, or Unix ms', () => {
  const at = Date.UTC(2026, 10, 2, 8, 30);
  assert.equal(parseTime('from', '2026-11-02T09:30:00+01:00'), at);
  assert.equal(parseTime('from', '2026-11-02T08:30:00Z'), at);
  assert.equal(parseTime('from', '2026-11-02T03:30-0500'), at);
  assert.equal(parseTime('from', '2026-11-02T08:30:00.250Z'), at + 250);
  assert.equal(parseTime('from', String(at)), at);
  // An unencoded `+` in a query string arrives as a space.
  assert.equal(parseTime('from', '2026-11-02T09:30:00 01:00'), at);
});

test('bad times name the parameter and the problem', () => {
  assert.throws(
    () => parseTime('from', '2026-11-02T09:30:00'),
    /^RangeError: from: expected ISO 8601 with an offset/,
  );
  assert.throws(() => parseTime('--to', 'yesterday'), /^RangeError: --to: expected ISO 8601/);
  assert.throws(
    () => parseTime('from', '1793577600'),
    /from: '1793577600' looks like Unix seconds/,
  );
  assert.throws(() => parseTime('from', '2026-02-30T00:00:00Z'), /not a real date/);
  assert.throws(() => parseTime('from', '2026-11-02T24:00:00Z'), /not a real date/);
});

test('a range needs from before to; step is 1s, 1m, 1h or omitted', () => {
  const from = '2026-11-02T00:00:00Z';
  const to = '2026-11-02T01:00:00Z';
  assert.deepEqual(parseRange({ from, to }), { from: Date.parse(from), to: Date.parse(to) });
  assert.equal(parseRange({ from, to, step: '1m' }).step, '1m');
  assert.throws(() => parseRange({ to }), /^RangeError: from: is required/);
  assert.throws(() => parseRange({ from, to: from }), /^RangeError: to: must be later than from/);
  assert.throws(
    () => parseRange({ from, to, step: '5m' }),
    /^RangeError: step: must be 1s, 1m or 1h/,
  );
  assert.throws(
    () => parseRange({ from, to: null }, { from: '--from', to: '--to' }),
    /^RangeError: --to: is required/,
  );
});
