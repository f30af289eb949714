import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { notificationFor } from '../../main/app/notify-model';
import { createNotifier } from '../../main/app/notifier';
import { createNotificationKeeper } from '../../main/app/notification-keeper';
import { MAX_TOOLTIP, tooltip, type TrayView } from '../../main/app/tray-model';
import { isoLocal } from '../../main/common/format';
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
  test('alert start carries the alert message with hits in window and threshold', () => {
    const n = notificationFor(alert, on);
    assert.equal(n?.title, 'High traffic alert');
    assert.equal(
      n?.body,
      'High traffic generated an alert - hits = 12.35, triggered at 2019-02-07T21:12:37+00:00 (1481 hits in 120 s, threshold 10 req/s)',
    );
  });

  test('recovery carries the recovery message, in the local offset', () => {
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

describe('tooltip notice where notifications are unsupported', () => {
  const view: TrayView = {
    state: 'alert',
    file: '/var/log/nginx/a-rather-long-virtual-host-name.example.org-access.log',
    files: [],
    fleet: null,
    fileMessage: '',
    avg: 12.345,
    threshold: 10,
    alertSince: at,
    paused: false,
    recent: [],
    mute: NOT_MUTED,
    notifications: true,
    notice: null,
    now: at,
  };

  test('fits in 127 characters with the whole timestamp, for an alert and a recovery', () => {
    for (const event of [alert, recovery]) {
      let notice: string | null = null;
      const notifier = createNotifier({
        isSupported: () => false,
        show: () => assert.fail('no native notification where unsupported'),
        setNotice: (m) => (notice = m),
        onClick: () => undefined,
      });
      assert.equal(notifier.notify(event, on), 'tooltip');
      const t = tooltip({ ...view, notice });
      assert.ok(t.length <= MAX_TOOLTIP, `${t.length} characters: ${t}`);
      assert.ok(t.includes(isoLocal(event.at, 0)), t);
      assert.match(
        t,
        /High traffic (generated an alert - hits = 12\.35|alert recovered - hits = 9\.5)/,
      );
      assert.ok(!t.endsWith('…'), 'the notice is never cut');
    }
  });
});

describe('native notifications are released', () => {
  function fakeNote() {
    const handlers = new Map<string, () => void>();
    return { on: (e: string, h: () => void) => void handlers.set(e, h), handlers };
  }
  function fakeTimers() {
    const pending: { fn: () => void; at: number }[] = [];
    let now = 0;
    return {
      setTimer: (fn: () => void, ms: number) => {
        const t = { fn, at: now + ms };
        pending.push(t);
        return t;
      },
      clearTimer: (h: unknown) => {
        const i = pending.indexOf(h as (typeof pending)[number]);
        if (i >= 0) pending.splice(i, 1);
      },
      advance(ms: number) {
        now += ms;
        for (const t of pending.filter((p) => p.at <= now)) {
          pending.splice(pending.indexOf(t), 1);
          t.fn();
        }
      },
      get pending() {
        return pending.length;
      },
    };
  }

  test('a notification that never reports close is released after the keep time', () => {
    const timers = fakeTimers();
    const keeper = createNotificationKeeper({ keepMs: 60_000, max: 10, ...timers });
    keeper.keep(fakeNote());
    assert.equal(keeper.size, 1);
    timers.advance(59_000);
    assert.equal(keeper.size, 1, 'still clickable for a while');
    timers.advance(1_000);
    assert.equal(keeper.size, 0);
    assert.equal(timers.pending, 0);
  });

  test('click and close release at once (clearing the timer); at most `max` are held', () => {
    const timers = fakeTimers();
    const keeper = createNotificationKeeper({ keepMs: 60_000, max: 2, ...timers });
    const a = fakeNote();
    const b = fakeNote();
    keeper.keep(a);
    keeper.keep(b);
    a.handlers.get('click')!();
    b.handlers.get('close')!();
    assert.equal(keeper.size, 0);
    assert.equal(timers.pending, 0);
    for (let i = 0; i < 5; i++) keeper.keep(fakeNote());
    assert.equal(keeper.size, 2);
    assert.equal(timers.pending, 2);
    keeper.releaseAll();
    assert.equal(keeper.size, 0);
    assert.equal(timers.pending, 0, 'no timer left to keep the process alive at quit');
  });
});
