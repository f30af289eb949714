import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { notificationFor } from '../../main/app/notify-model';
import { MUTE_HOUR_MS, muteForHour, NOT_MUTED } from '../../main/app/mute';
import type { AlertEvent } from '../../main/common/types';

const at = Date.UTC(2019, 1, 7, 21, 12, 37);
const alert: AlertEvent = {
  type: 'alert',
  at,
  avg: 12.345,
  hits: 1481,
  threshold: 10,
  window: 120,
};
const recovery: AlertEvent = { ...alert, type: 'recovery', avg: 9.5, hits: 1140 };
const on = { enabled: true, mute: NOT_MUTED, now: at, offsetMinutes: 0 };

describe('notification per alert transition', () => {
  test('alert start carries the SPEC message with hits in window and threshold', () => {
    const n = notificationFor(alert, on);
    assert.equal(n?.title, 'High traffic alert');
    assert.equal(
      n?.body,
      'High traffic generated an alert - hits = 12.35, triggered at 2019-02-07T21:12:37+00:00 (1481 hits in 120 s, threshold 10 req/s)',
    );
  });

  test('recovery carries the SPEC recovery message, in the local offset', () => {
    const n = notificationFor(recovery, { ...on, offsetMinutes: 90 });
    assert.match(
      n?.body ?? '',
      /^High traffic alert recovered - hits = 9\.5, recovered at 2019-02-07T22:42:37\+01:30 /,
    );
  });

  test('none while muted for the hour, again once the hour is over', () => {
    const mute = muteForHour(at);
    assert.equal(notificationFor(alert, { ...on, mute, now: at + MUTE_HOUR_MS - 1 }), null);
    assert.notEqual(notificationFor(alert, { ...on, mute, now: at + MUTE_HOUR_MS }), null);
  });

  test('none while muted until resumed, however late', () => {
    assert.equal(
      notificationFor(recovery, { ...on, mute: { kind: 'indefinite' }, now: at + 1e10 }),
      null,
    );
  });

  test('none when notifications are switched off in preferences', () => {
    assert.equal(notificationFor(alert, { ...on, enabled: false }), null);
    assert.equal(notificationFor(recovery, { ...on, enabled: false }), null);
  });
});
