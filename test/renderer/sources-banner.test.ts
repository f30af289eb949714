/**
 * The banner with several sources and with a fleet: it names the source that
 * is waiting or failing, and a Prometheus server is not called a file.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bannerFor } from '../../renderer/banner';
import type { InputStatus } from '../../main/common/types';
import { makeSnapshot } from '../e2e/fixtures/fake-monitor';

const input = (source: string, over: Partial<InputStatus> = {}): InputStatus => ({
  source,
  kind: 'file',
  state: 'following',
  code: 'following',
  message: '',
  format: 'common',
  ...over,
});

describe('banner for several sources and a fleet', () => {
  test('several files: names the one that is missing, not the first', () => {
    const snap = makeSnapshot({
      file: { path: '/logs/a.log', state: 'waiting', code: 'waiting-missing', message: '' },
      inputs: [
        input('/logs/a.log'),
        input('/logs/b.log', { state: 'waiting', code: 'waiting-missing', format: null }),
      ],
    });
    assert.equal(
      bannerFor(snap, 'electron', true)?.text,
      'Waiting for /logs/b.log: the file does not exist yet.',
    );
  });

  test('a fleet: Prometheus down is said as such, never as a missing file', () => {
    const message = 'Prometheus at http://127.0.0.1:9/ is down (ECONNREFUSED); retrying in 2 s';
    const state = { state: 'waiting' as const, code: 'prometheus-down', message };
    const snap = makeSnapshot({
      file: { path: 'http://127.0.0.1:9/', ...state, code: 'waiting-missing' },
      inputs: [input('http://127.0.0.1:9/', { kind: 'prometheus', format: null, ...state })],
      instances: [],
    });
    assert.equal(bannerFor(snap, 'electron', true)?.text, `Waiting for Prometheus: ${message}`);
    const error = makeSnapshot({
      file: { path: 'http://127.0.0.1:9/', state: 'error', code: 'error-io', message: 'HTTP 500' },
      inputs: [
        input('http://127.0.0.1:9/', {
          kind: 'prometheus',
          format: null,
          state: 'error',
          message: 'HTTP 500',
        }),
      ],
      instances: [],
    });
    assert.equal(
      bannerFor(error, 'web', true)?.text,
      'Cannot read from Prometheus at http://127.0.0.1:9/. HTTP 500 Retrying.',
    );
  });
});
