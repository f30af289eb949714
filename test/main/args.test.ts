import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAppArgs } from '../../main/app/args';
import { dropOverridden, effectiveSettings } from '../../main/app/settings';
import { DEFAULT_PREFS } from '../../main/common/prefs';

describe('app command line (-f, -m)', () => {
  test('finds -f and -m among Electron and Chromium arguments, resolving the file against cwd', () => {
    const a = parseAppArgs(
      ['/usr/bin/electron', '.', '--no-sandbox', '-f', 'logs/access.log', '-m', '2.5'],
      '/home/u',
    );
    assert.deepEqual(a, { file: '/home/u/logs/access.log', threshold: 2.5, errors: [] });
  });

  test('long forms, with and without =', () => {
    assert.equal(parseAppArgs(['app', '--filename=/var/log/a.log'], '/').file, '/var/log/a.log');
    assert.equal(parseAppArgs(['app', '--max', '7'], '/').threshold, 7);
    assert.equal(parseAppArgs(['app', '--max=0.5'], '/').threshold, 0.5);
  });

  test('a bad threshold is reported by flag and ignored, never applied', () => {
    for (const bad of ['0', '-3', 'ten', '', 'Infinity']) {
      const a = parseAppArgs(['app', '-m', bad], '/');
      assert.equal(a.threshold, undefined, bad);
      assert.match(a.errors[0] ?? '', /^-m: /, bad);
    }
    assert.deepEqual(parseAppArgs(['app', '-f'], '/').errors, ['-f: needs a value']);
  });

  test('flags override stored prefs for the run until the user changes that field', () => {
    const prefs = { ...DEFAULT_PREFS, logFiles: ['/stored.log', '/other.log'], threshold: 10 };
    const overrides = { file: '/cli.log', threshold: 1 };
    assert.deepEqual(effectiveSettings(prefs, overrides), {
      file: '/cli.log',
      threshold: 1,
      window: 120,
      interval: 10,
      format: 'auto',
    });
    const after = dropOverridden(overrides, { threshold: 20 });
    assert.deepEqual(after, { file: '/cli.log' });
    assert.equal(effectiveSettings({ ...prefs, threshold: 20 }, after).threshold, 20);
  });
});
