import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRequest, isTrustedSender } from '../../main/app/ipc-guard';
import { IPC_ARITY, IPC_REQUEST_CHANNELS } from '../../main/common/ipc';

const page = 'file:///opt/HTTP%20Console/resources/app.asar/dist/renderer/index.html';

describe('IPC sender check', () => {
  test('accepts only the dashboard page itself, at any hash', () => {
    assert.ok(isTrustedSender({ url: page, isMainFrame: true }, page));
    assert.ok(isTrustedSender({ url: `${page}#prefs`, isMainFrame: true }, page));
  });

  test('refuses other files, web pages, sub-frames, and missing frames', () => {
    const refused = [
      { url: 'file:///tmp/evil.html', isMainFrame: true },
      { url: 'https://example.com/dist/renderer/index.html', isMainFrame: true },
      { url: 'http://127.0.0.1:8080/', isMainFrame: true },
      { url: page, isMainFrame: false },
      { url: 'not a url', isMainFrame: true },
      null,
      undefined,
    ];
    for (const frame of refused)
      assert.equal(isTrustedSender(frame, page), false, JSON.stringify(frame));
  });
});

describe('IPC argument validation with hostile payloads', () => {
  test('every channel of the map has an arity', () => {
    assert.deepEqual(Object.keys(IPC_ARITY).sort(), [...IPC_REQUEST_CHANNELS].sort());
  });

  test('unknown channels and wrong argument counts are refused', () => {
    assert.equal(checkRequest('shell:open', []).ok, false);
    assert.equal(checkRequest('__proto__', []).ok, false);
    assert.equal(checkRequest('stats:snapshot', [1]).ok, false);
    assert.equal(checkRequest('prefs:set', []).ok, false);
    assert.equal(checkRequest('prefs:set', [{ threshold: 5 }, { threshold: 6 }]).ok, false);
  });

  test('prefs:set refuses wrong types, huge strings and prototype-pollution keys', () => {
    const hostile: [unknown, string][] = [
      [null, 'prefs'],
      ['threshold=5', 'prefs'],
      [[{ threshold: 5 }], 'prefs'],
      [new Date(), 'prefs'],
      [{ threshold: { valueOf: 5 } }, 'threshold'],
      [{ logFiles: ['x'.repeat(1_000_000)] }, 'logFiles'],
      [{ prometheusUrl: `http://p/${'x'.repeat(1_000_000)}` }, 'prometheusUrl'],
      [{ prometheusUrl: 'javascript:alert(1)' }, 'prometheusUrl'],
      [{ recentFiles: Array.from({ length: 11 }, (_, i) => `/f${i}`) }, 'recentFiles'],
      [{ logFiles: ['/tmp/a\0b'] }, 'logFiles'],
      [JSON.parse('{"__proto__": {"polluted": true}}'), '__proto__'],
      [{ constructor: { prototype: { polluted: true } } }, 'constructor'],
      [JSON.parse('{"threshold": 5, "__proto__": {"threshold": 1}}'), '__proto__'],
    ];
    for (const [payload, field] of hostile) {
      const r = checkRequest('prefs:set', [payload]);
      assert.equal(r.ok, false, String(field));
      if (!r.ok) assert.equal(r.field, field);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('a good patch passes as a copy (later mutation by the caller cannot reach main)', () => {
    const patch = { threshold: 4, recentFiles: ['/a.log'] };
    const r = checkRequest('prefs:set', [patch]);
    assert.ok(r.ok);
    patch.recentFiles.push('/b.log');
    assert.deepEqual(r.ok && r.args[0], { threshold: 4, recentFiles: ['/a.log'] });
  });

  test('history:range refuses anything but {from, to, step?} in Unix ms, naming the field', () => {
    const hostile: [unknown, string][] = [
      [null, 'range'],
      ['from=1&to=2', 'range'],
      [[1, 2], 'range'],
      [{ from: '2026-01-01', to: 2 }, 'from'],
      [{ from: 1, to: Number.NaN }, 'to'],
      [{ from: -5, to: 10 }, 'from'],
      [{ from: 10, to: 10 }, 'to'],
      [{ from: 0, to: 200 * 24 * 3600 * 1000 }, 'to'],
      [{ from: 1, to: 2, step: '5m' }, 'step'],
      [{ from: 1, to: 2, sql: 'drop table seconds' }, 'sql'],
      [JSON.parse('{"from": 1, "to": 2, "__proto__": {"x": 1}}'), '__proto__'],
    ];
    for (const [payload, field] of hostile) {
      const r = checkRequest('history:range', [payload]);
      assert.equal(r.ok, false, JSON.stringify(payload));
      if (!r.ok) assert.equal(r.field, field, JSON.stringify(payload));
    }
    assert.equal(checkRequest('history:range', []).ok, false);
    const good = { from: 1000, to: 3_601_000, step: '1m' };
    const r = checkRequest('history:range', [good]);
    assert.deepEqual(r.ok && r.args, [good]);
    assert.notEqual(r.ok && r.args[0], good, 'a copy, not the caller’s object');
  });
});
