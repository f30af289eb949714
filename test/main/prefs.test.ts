import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrefsService } from '../../main/app/prefs-service';
import type { PrefsBackend } from '../../main/app/prefs-service';
import { PREFS_MIGRATIONS, PREFS_SCHEMA, repairPrefs } from '../../main/app/prefs-schema';
import { DEFAULT_PREFS } from '../../main/common/prefs';
import type { Prefs } from '../../main/common/prefs';

function memoryBackend(initial: Prefs = { ...DEFAULT_PREFS, recentFiles: [] }) {
  let stored = JSON.stringify(initial);
  let writes = 0;
  const backend: PrefsBackend & { writes(): number; raw(): string } = {
    read: () => JSON.parse(stored) as Prefs,
    write: (p) => {
      writes++;
      stored = JSON.stringify(p);
    },
    writes: () => writes,
    raw: () => stored,
  };
  return backend;
}

const dirs = new Set(['/var/log']);
const make = (backend = memoryBackend()) => ({
  backend,
  prefs: createPrefsService({ backend, isDirectory: (p) => dirs.has(p) }),
});

describe('preferences: bad values are refused naming the field, nothing is written', () => {
  const cases: [string, unknown, string][] = [
    ['negative threshold', { threshold: -1 }, 'threshold'],
    ['zero threshold', { threshold: 0 }, 'threshold'],
    ['non-numeric threshold', { threshold: '12' }, 'threshold'],
    ['NaN threshold', { threshold: Number.NaN }, 'threshold'],
    ['window too small', { window: 5 }, 'window'],
    ['window over an hour', { window: 3601 }, 'window'],
    ['fractional window', { window: 30.5 }, 'window'],
    ['interval over 10 min', { interval: 601 }, 'interval'],
    ['unknown format', { format: 'apache' }, 'format'],
    ['a directory as the log file', { logFiles: ['/srv/a.log', '/var/log'] }, 'logFiles'],
    ['an empty path', { logFiles: [''] }, 'logFiles'],
    ['a single path where a list is expected', { logFiles: '/var/log/a.log' }, 'logFiles'],
    ['a Prometheus URL that is not http', { prometheusUrl: 'ftp://prom:21' }, 'prometheusUrl'],
    ['a Prometheus URL that is no URL', { prometheusUrl: 'prometheus' }, 'prometheusUrl'],
    ['a selector without braces', { prometheusSelector: 'job="web"' }, 'prometheusSelector'],
    [
      'a selector naming the metric',
      { prometheusSelector: '{__name__="x"}' },
      'prometheusSelector',
    ],
    ['a directory as the token file', { prometheusTokenFile: '/var/log' }, 'prometheusTokenFile'],
    ['an unknown source', { source: 'syslog' }, 'source'],
    ['a non-boolean switch', { notifications: 'yes' }, 'notifications'],
    ['an unknown key', { colour: 'red' }, 'colour'],
    [
      'a valid value next to a bad one (never half-applied)',
      { threshold: 50, window: 1 },
      'window',
    ],
  ];
  for (const [name, patch, field] of cases) {
    test(name, () => {
      const { backend, prefs } = make();
      const before = backend.raw();
      const r = prefs.set(patch);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.field, field);
      assert.match(r.message, new RegExp(`^${field}: `));
      assert.equal(backend.writes(), 0);
      assert.equal(backend.raw(), before);
    });
  }
});

describe('preferences: good changes', () => {
  test('are written whole, returned, and announced with the changed keys', () => {
    const { backend, prefs } = make();
    const seen: unknown[] = [];
    prefs.onChange((p, changed) => seen.push([p.threshold, changed]));
    const r = prefs.set({ threshold: 2.5, logFiles: ['/var/log/access.log'] });
    assert.deepEqual(r.ok && [r.prefs.threshold, r.prefs.logFiles, r.prefs.window], [
      2.5,
      ['/var/log/access.log'],
      120,
    ]);
    assert.equal(backend.writes(), 1);
    assert.deepEqual(seen, [[2.5, { threshold: 2.5, logFiles: ['/var/log/access.log'] }]]);
    assert.equal(prefs.get().threshold, 2.5);
  });

  test('a failing disk write is reported, not thrown', () => {
    const backend = memoryBackend();
    backend.write = () => {
      throw new Error('EROFS');
    };
    const r = createPrefsService({ backend, isDirectory: () => false }).set({ threshold: 3 });
    assert.deepEqual(r, {
      ok: false,
      field: 'prefs',
      message: 'prefs: could not be saved (EROFS)',
    });
  });
});

describe('preferences storage schema, repair and migrations', () => {
  test('the schema has a default for every preference, equal to DEFAULT_PREFS', () => {
    assert.deepEqual(Object.keys(PREFS_SCHEMA).sort(), Object.keys(DEFAULT_PREFS).sort());
    for (const [key, entry] of Object.entries(PREFS_SCHEMA)) {
      assert.deepEqual(entry.default, DEFAULT_PREFS[key as keyof Prefs], key);
    }
  });

  test('repair keeps valid values, resets invalid ones naming them, drops unknown keys', () => {
    const r = repairPrefs({
      threshold: -4,
      window: 60,
      format: 'combined',
      recentFiles: ['/a.log', 7, '/a.log', '/b.log'],
      junk: 1,
      __internal__: { migrations: { version: '0.1.0' } },
    });
    assert.deepEqual(r.prefs, {
      ...DEFAULT_PREFS,
      window: 60,
      format: 'combined',
      recentFiles: ['/a.log', '/b.log'],
    });
    assert.deepEqual(r.problems, [
      'threshold: must be greater than 0 (reset)',
      'recentFiles: invalid entries dropped',
      'junk: is not a preference (reset)',
    ]);
    assert.deepEqual(repairPrefs('garbage').prefs, DEFAULT_PREFS);
  });

  test('migration 0.1.0 turns any older stored shape into valid prefs', () => {
    const data: Record<string, unknown> = {
      threshold: 'high',
      window: 30,
      oldKey: true,
      __internal__: {},
    };
    const store = {
      get store() {
        return { ...data };
      },
      set: (values: Record<string, unknown>) => Object.assign(data, values),
      delete: (key: string) => delete data[key],
    };
    PREFS_MIGRATIONS['0.1.0']!(store);
    assert.equal(data.threshold, 10);
    assert.equal(data.window, 30);
    assert.ok(!('oldKey' in data));
    assert.ok('__internal__' in data);
  });

  test('the single logFile of older versions becomes the list logFiles, without a problem reported', () => {
    const old = { logFile: '/var/log/a.log', threshold: 4, recentFiles: ['/var/log/a.log'] };
    const r = repairPrefs(old);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.prefs, {
      ...DEFAULT_PREFS,
      threshold: 4,
      recentFiles: ['/var/log/a.log'],
      logFiles: ['/var/log/a.log'],
    });
    assert.deepEqual(repairPrefs({ logFile: null }).prefs.logFiles, []);
    assert.deepEqual(repairPrefs({ logFile: '/b.log', logFiles: ['/c.log'] }).prefs.logFiles, [
      '/c.log',
    ]);
  });
});
