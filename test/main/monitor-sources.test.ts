/**
 * What the app's monitor reads: one log, several logs as one monitor, or a
 * fleet through Prometheus (a recording stand-in engine here; the real fleet
 * engine is exercised by the main-process smoke test), and which history
 * database each gets.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PREFS } from '../../main/common/prefs';
import type { EngineEvent, Snapshot } from '../../main/common/types';
import type { Engine, FleetTarget, HistorySink, MonitorSettings } from '../../main/engine/api';
import type { FleetEngineOptions } from '../../main/engine/monitor';
import {
  createMonitor,
  inputPrefsOf,
  sameSettings,
  settingsOf,
  sourceSetName,
} from '../../main/engine/monitor';
import { appSetHistoryPath } from '../../main/app/app-history';
import { prometheusStep } from '../../main/app/controller';
import { fleetToken } from '../../main/app/fleet';
import { effectiveSettings } from '../../main/app/settings';

const fleetPrefs = {
  ...DEFAULT_PREFS,
  logFiles: ['/var/log/a.log'],
  source: 'prometheus' as const,
  prometheusUrl: 'http://127.0.0.1:9090',
  prometheusSelector: '{job="web"}',
  prometheusTokenFile: '/etc/hc/token',
};

describe('which engine the preferences ask for', () => {
  test('one file: that file alone, as before', () => {
    const s = settingsOf({ ...DEFAULT_PREFS, logFiles: ['/var/log/a.log'] });
    assert.equal(s.file, '/var/log/a.log');
    assert.equal(s.sources, undefined);
    assert.equal(s.fleet, undefined);
  });

  test('several files: one monitor over all of them, the first named, duplicates dropped', () => {
    const s = settingsOf({ ...DEFAULT_PREFS, logFiles: ['/b.log', '/a.log', '/b.log'] });
    assert.equal(s.file, '/b.log');
    assert.deepEqual(s.sources, [
      { kind: 'file', path: '/b.log' },
      { kind: 'file', path: '/a.log' },
    ]);
  });

  test('prometheus with a URL: the fleet; without one: still the files', () => {
    const s = settingsOf(fleetPrefs);
    assert.deepEqual(s.fleet, {
      url: 'http://127.0.0.1:9090',
      selector: '{job="web"}',
      tokenFile: '/etc/hc/token',
    });
    assert.equal(s.file, null);
    const noUrl = settingsOf({ ...fleetPrefs, prometheusUrl: null });
    assert.equal(noUrl.fleet, undefined);
    assert.equal(noUrl.file, '/var/log/a.log');
  });

  test('inputPrefsOf gives back the preferences that chose the input', () => {
    for (const prefs of [
      fleetPrefs,
      { ...DEFAULT_PREFS, logFiles: ['/b.log', '/a.log'] },
      DEFAULT_PREFS,
    ]) {
      const { logFiles, source, prometheusUrl } = inputPrefsOf(settingsOf(prefs));
      if (prefs.source === 'files') assert.deepEqual(logFiles, prefs.logFiles);
      assert.equal(source, prefs.source);
      assert.equal(prometheusUrl, prefs.source === 'prometheus' ? prefs.prometheusUrl : null);
    }
  });

  test('-f FILE overrides the stored files and the fleet for the run', () => {
    const s = effectiveSettings(fleetPrefs, { file: '/tmp/x.log' });
    assert.equal(s.file, '/tmp/x.log');
    assert.equal(s.fleet, undefined);
    assert.equal(s.sources, undefined);
  });

  test('a change of files, of their set or of the fleet restarts; the order chosen in does not matter for history', () => {
    const ab = settingsOf({ ...DEFAULT_PREFS, logFiles: ['/a.log', '/b.log'] });
    const ba = settingsOf({ ...DEFAULT_PREFS, logFiles: ['/b.log', '/a.log'] });
    const fleet = settingsOf(fleetPrefs);
    assert.equal(sameSettings(ab, ab), true);
    assert.equal(sameSettings(ab, ba), false);
    assert.equal(sameSettings(ab, fleet), false);
    assert.equal(sameSettings(fleet, settingsOf({ ...fleetPrefs, prometheusSelector: '' })), false);
    assert.equal(sourceSetName(ab), sourceSetName(ba));
    assert.equal(sourceSetName(ab), '["/a.log","/b.log"]');
    assert.equal(sourceSetName(fleet), 'prometheus http://127.0.0.1:9090{job="web"}');
    assert.equal(sourceSetName(settingsOf({ ...DEFAULT_PREFS, logFiles: ['/a.log'] })), '/a.log');
    assert.equal(sourceSetName(settingsOf(DEFAULT_PREFS)), null);
  });

  test('one database per set, named by it; one log keeps its old name', () => {
    const one = appSetHistoryPath('/data', '/var/log/a.log');
    assert.match(one, /^\/data\/history\/a\.log-[0-9a-f]{12}\.db$/);
    const set = appSetHistoryPath('/data', '["/var/log/a.log","/var/log/b.log"]');
    assert.match(set, /^\/data\/history\/a\.log\+1-[0-9a-f]{12}\.db$/);
    const other = appSetHistoryPath('/data', '["/var/log/a.log","/var/log/c.log"]');
    assert.notEqual(set, other);
    const fleet = appSetHistoryPath('/data', 'prometheus http://127.0.0.1:9090{job="web"}');
    assert.match(fleet, /^\/data\/history\/prometheus-127\.0\.0\.1_9090-[0-9a-f]{12}\.db$/);
  });

  test('Watch a Prometheus Server… switches when a URL is stored, else asks for one', () => {
    assert.equal(prometheusStep(fleetPrefs), 'switch');
    assert.equal(prometheusStep(DEFAULT_PREFS), 'ask');
  });
});

/** A stand-in fleet engine that records its life. */
function fakeFleetEngine(log: string[], target: FleetTarget, o: FleetEngineOptions): Engine {
  log.push(`create ${target.url} threshold=${o.threshold}`);
  const snap = {
    state: 'waiting',
    file: { path: target.url, state: 'waiting', code: 'starting', message: 'Prometheus is down' },
    instances: [],
    alert: { active: false, since: null },
    history: [],
  } as unknown as Snapshot;
  return {
    start: async () => void log.push('start'),
    finished: Promise.resolve(),
    stop: async () => void log.push('stop'),
    pause: async () => void log.push('pause'),
    resume: async () => void log.push('resume'),
    reopen: async () => undefined,
    paused: false,
    setThreshold: (t) => void log.push(`threshold ${t}`),
    snapshot: () => snap,
    onAny: (_l: (e: EngineEvent) => void) => () => undefined,
    onIngest: () => () => undefined,
    dispose: async () => void log.push('dispose'),
  };
}

const sink = (names: string[], name: string): HistorySink => {
  names.push(name);
  return {
    newestSecond: null,
    record: () => undefined,
    recordAlert: () => undefined,
    alertMemory: () => ({ active: false, since: null, history: [] }),
    range: () => {
      throw new Error('not used');
    },
    close: () => void names.push(`close ${name}`),
  };
};

describe('the monitor over a fleet', () => {
  const fleet: MonitorSettings = settingsOf({ ...fleetPrefs, threshold: 7 });

  test('makes the fleet engine with the settings, and its own history; back to files disposes it', async () => {
    const log: string[] = [];
    const names: string[] = [];
    const m = createMonitor({
      settings: fleet,
      fleetEngine: (t, o) => fakeFleetEngine(log, t, o),
      history: (name) => sink(names, name),
      watch: false,
    });
    await m.apply({ ...fleet, threshold: 8 });
    assert.deepEqual(log, ['create http://127.0.0.1:9090 threshold=7', 'start', 'threshold 8']);
    assert.equal(m.snapshot().file.message, 'Prometheus is down');
    assert.deepEqual(names, ['prometheus http://127.0.0.1:9090{job="web"}']);
    await m.apply(settingsOf(DEFAULT_PREFS));
    assert.deepEqual(log.slice(3), ['dispose']);
    assert.equal(m.snapshot().state, 'idle');
    await m.dispose();
  });

  test('without a fleet engine, or when it cannot be made, the state says why; no crash', async () => {
    const none = createMonitor({ settings: fleet, watch: false });
    await none.apply({ ...fleet, window: 60 });
    const snap = none.snapshot();
    assert.equal(snap.state, 'error');
    assert.equal(snap.file.state, 'error');
    assert.match(snap.file.message, /Prometheus fleet is not available/);
    await none.dispose();

    const refused = createMonitor({
      settings: fleet,
      fleetEngine: () => {
        throw new Error('prometheusTokenFile: /etc/hc/token cannot be read (ENOENT)');
      },
      watch: false,
    });
    await refused.apply({ ...fleet, window: 60 });
    assert.equal(refused.snapshot().state, 'error');
    assert.match(refused.snapshot().file.message, /token cannot be read/);
    await refused.dispose();
  });
});

describe('the app fleet token file', () => {
  const target = { url: 'http://127.0.0.1:9090', selector: '', tokenFile: '/etc/hc/token' };
  const access = (text: string | null, mode = 0o600) => ({
    read: () => {
      if (text === null) throw Object.assign(new Error('gone'), { code: 'ENOENT' });
      return text;
    },
    mode: () => mode,
  });

  test('its first line is the token; a problem names the preference and the file', () => {
    const warnings: string[] = [];
    const warn = (m: string) => void warnings.push(m);
    assert.equal(fleetToken(target, warn, access('s3cret-token\nrest')), 's3cret-token');
    assert.equal(fleetToken({ ...target, tokenFile: null }, warn, access(null)), undefined);
    assert.throws(
      () => fleetToken(target, warn, access(null)),
      /^Error: prometheusTokenFile: cannot read \/etc\/hc\/token \(no such file\)$/,
    );
    assert.throws(() => fleetToken(target, warn, access('\n')), /prometheusTokenFile: .* is empty/);
    fleetToken(target, warn, access('tok', 0o644));
    assert.match(
      warnings.join('\n'),
      /^prometheusTokenFile: \/etc\/hc\/token is readable by every user/,
    );
  });
});
