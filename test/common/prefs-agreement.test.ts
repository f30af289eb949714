/**
 * One definition of every preference: the validator (IPC, HTTP, the form),
 * the electron-store JSON schema (checked here with the same ajv build that
 * electron-store's `conf` compiles it with) and the console's flags accept and
 * refuse exactly the same boundary values, and start from the same defaults.
 * The console deliberately accepts a wider window and interval (see
 * docs/reference/preferences.md); those rows say so explicitly.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { PREFS_SCHEMA } from '../../main/app/prefs-schema';
import { parseCli } from '../../main/cli/args';
import { DEFAULT_PREFS, validatePrefsPatch, type Prefs } from '../../main/common/prefs';
import { createEngine } from '../../main/engine/engine';

// The options conf passes to ajv; conf wraps the `schema` option as the properties of an object.
const ajv = new Ajv2020({ allErrors: true, useDefaults: true });
const storedOk = ajv.compile({ type: 'object', properties: PREFS_SCHEMA });

const FLAGS: Partial<Record<keyof Prefs, string>> = {
  threshold: '--max',
  window: '--window',
  interval: '--interval',
  format: '--format',
};

function cliOk(field: keyof Prefs, value: unknown): boolean {
  try {
    parseCli(['-f', 'access.log', FLAGS[field]!, String(value)]);
    return true;
  } catch {
    return false;
  }
}

const astral = '\u{1F600}'; // one character, two UTF-16 code units
const paths = (n: number) => Array.from({ length: n }, (_, i) => `/var/log/${i}.log`);

/** field, value, accepted as a stored preference, accepted by the console flag (if it has one). */
type Row = [keyof Prefs, unknown, boolean, boolean?];
const ROWS: Row[] = [
  ['threshold', -1, false, false],
  ['threshold', 0, false, false],
  ['threshold', 0.001, true, true],
  ['threshold', 1e9, true, true],
  ['threshold', 1e9 + 1, false, false],
  ['threshold', '12', false],
  ['threshold', null, false],
  // The stored ranges: window 10 s to 1 h, interval 1 s to 10 min.
  ['window', 9, false, true],
  ['window', 10, true, true],
  ['window', 3600, true, true],
  ['window', 3601, false, true],
  ['interval', 600, true, true],
  ['interval', 601, false, true],
  // One console run accepts whole seconds from 1 s to a day for both.
  ...(['window', 'interval'] as const).flatMap((f): Row[] => [
    [f, 0, false, false],
    [f, 1, f === 'interval', true],
    [f, 86_400, false, true],
    [f, 86_401, false, false],
    [f, 1.5, false, false],
    [f, '60', false], // a string: only JSON and IPC can send one
  ]),
  ['format', 'auto', true, true],
  ['format', 'common', true, true],
  ['format', 'combined', true, true],
  ['format', 'w3c', true, true],
  ['format', 'csv', true, true],
  ['format', 'apache', false, false],
  ['format', 'AUTO', false, false],
  ['format', '', false, false],
  ['anonymizeHosts', true, true],
  ['anonymizeHosts', 'on', false],
  ['notifications', true, true],
  ['notifications', 'yes', false],
  ['launchAtLogin', false, true],
  ['launchAtLogin', 0, false],
  ['logFiles', [], true],
  ['logFiles', ['/var/log/access.log', '/var/log/shop.log'], true],
  ['logFiles', paths(32), true],
  ['logFiles', paths(33), false],
  ['logFiles', null, false],
  ['logFiles', '/var/log/access.log', false],
  ['logFiles', [''], false],
  ['logFiles', ['x'.repeat(4096)], true],
  ['logFiles', ['x'.repeat(4097)], false],
  ['logFiles', [astral.repeat(4096)], true],
  ['logFiles', [astral.repeat(4097)], false],
  ['logFiles', ['/var/log/a\0b'], false],
  ['source', 'files', true],
  ['source', 'prometheus', true],
  ['source', 'syslog', false],
  ['prometheusUrl', null, true],
  ['prometheusUrl', 'http://127.0.0.1:9090', true],
  ['prometheusUrl', 'https://prom.example.org/prefix/', true],
  ['prometheusUrl', 'ftp://prom.example.org', false],
  ['prometheusUrl', 'prometheus:9090', false],
  ['prometheusUrl', '', false],
  ['prometheusUrl', `http://p/${'x'.repeat(2048)}`, false],
  ['prometheusSelector', '', true],
  ['prometheusSelector', '{job="web"}', true],
  ['prometheusSelector', 7, false],
  ['prometheusTokenFile', null, true],
  ['prometheusTokenFile', '/etc/http-console/token', true],
  ['prometheusTokenFile', '', false],
  ['recentFiles', [], true],
  ['recentFiles', paths(10), true],
  ['recentFiles', paths(11), false],
  ['recentFiles', ['/a.log', ''], false],
  ['recentFiles', ['/a\0.log'], false],
  ['recentFiles', '/a.log', false],
];

describe('preferences: validator, stored schema and console flags agree', () => {
  for (const [field, value, stored, cli] of ROWS) {
    const shown =
      typeof value === 'string' && value.length > 40 ? `${[...value].length} characters` : value;
    test(`${field} = ${JSON.stringify(shown)}`, () => {
      const check = validatePrefsPatch({ [field]: value });
      assert.equal(check.ok, stored, `validator: ${check.ok ? 'accepted' : check.message}`);
      if (!check.ok) assert.match(check.message, new RegExp(`^${field}: `), 'names the field');
      const ok = storedOk({ ...DEFAULT_PREFS, [field]: value });
      assert.equal(ok, stored, `JSON schema: ${ajv.errorsText(storedOk.errors)}`);
      if (cli !== undefined) assert.equal(cliOk(field, value), cli, `console ${FLAGS[field]}`);
    });
  }

  test('the defaults are the same in the validator, the stored schema, the console and the engine', () => {
    const filled: Record<string, unknown> = {};
    assert.ok(storedOk(filled), 'an empty store is valid once defaults are filled in');
    assert.deepEqual(filled, { ...DEFAULT_PREFS });
    const request = parseCli(['-f', 'access.log']);
    assert.ok(request.kind === 'run');
    const { threshold, window, interval, format } = request.options;
    const snap = createEngine({ file: 'access.log' }).snapshot();
    for (const [name, defaults] of [
      ['console', { threshold, window, interval, format }],
      ['engine', { threshold: snap.threshold, window: snap.window, interval: snap.interval }],
    ] as const) {
      for (const [key, value] of Object.entries(defaults)) {
        assert.equal(value, DEFAULT_PREFS[key as keyof Prefs], `${name} default ${key}`);
      }
    }
  });
});
