/**
 * The shipped Prometheus rules and Alertmanager example, checked by the tools
 * that will load them: promtool (syntax, and the alert's unit test) and amtool
 * (config, and the message text a notification renders).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertMessage } from '../../main/common/format';
import type { AlertEvent } from '../../main/common/types';
import { promDocs, skipWithout } from './tools';

function run(tool: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(tool, args, {
    cwd: promDocs,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  assert.equal(r.status, 0, `${tool} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** The app's own message for an event, without the trailing details in parentheses. */
function ownWords(e: Omit<AlertEvent, 'hits' | 'window'>): string {
  const full = alertMessage({ ...e, hits: 0, window: 120 }, 0);
  return full.slice(0, full.indexOf(' ('));
}

describe('promtool', { skip: skipWithout('promtool', true) }, () => {
  test('check rules accepts the recording and alerting rules', () => {
    const out = run('promtool', ['check', 'rules', 'http-console.rules.yml']);
    assert.match(out, /SUCCESS: 5 rules found/);
  });

  test('the alert fires above the threshold, not at it, and recovers (promtool test rules)', () => {
    const out = run('promtool', ['test', 'rules', 'http-console.rules.test.yml']);
    assert.match(out, /SUCCESS/);
  });
});

describe('amtool', { skip: skipWithout('amtool', false) }, () => {
  test('check-config accepts the Alertmanager example and its template', () => {
    const out = run('amtool', ['check-config', 'alertmanager.yml']);
    assert.match(out, /SUCCESS/);
    assert.match(out, /1 templates/);
  });

  test('a notification says what the app says, for an alert and a recovery', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hc-amtool-'));
    try {
      const alertAt = Date.UTC(2026, 10, 28, 8, 0, 5);
      const recoveredAt = Date.UTC(2026, 10, 28, 8, 30, 0);
      const labels = { alertname: 'HttpConsoleHighTraffic', job: 'web' };
      const data = {
        receiver: 'http-console',
        status: 'firing',
        alerts: [
          {
            status: 'firing',
            labels,
            annotations: { avg: '12.35', threshold: '10' },
            startsAt: new Date(alertAt).toISOString(),
            endsAt: '0001-01-01T00:00:00Z',
          },
          {
            status: 'resolved',
            labels,
            annotations: { avg: '10.5', threshold: '10' },
            startsAt: new Date(alertAt).toISOString(),
            endsAt: new Date(recoveredAt).toISOString(),
          },
        ],
        groupLabels: { job: 'web' },
        commonLabels: labels,
        commonAnnotations: {},
        externalURL: 'http://127.0.0.1:9093',
      };
      const file = join(dir, 'data.json');
      writeFileSync(file, JSON.stringify(data));
      const out = run(
        'amtool',
        [
          'template',
          'render',
          '--template.glob=http-console.tmpl',
          '--template.text={{ template "http_console.text" . }}',
          `--template.data=${file}`,
        ],
        { TZ: 'UTC' },
      );
      const lines = out.trimEnd().split('\n');
      assert.deepEqual(lines, [
        `${ownWords({ type: 'alert', at: alertAt, avg: 12.35, threshold: 10 })} (job web, threshold 10 req/s)`,
        `${ownWords({ type: 'recovery', at: recoveredAt, avg: 10.5, threshold: 10 })} (job web, threshold 10 req/s)`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
