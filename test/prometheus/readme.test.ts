/** The README's "Many servers" shows the very files the tests run, not a copy that drifted. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promDocs } from './tools';

const readme = readFileSync(join(promDocs, '../../README.md'), 'utf8');
const start = readme.indexOf('## Many servers\n');
const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
const yamlBlocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

for (const file of ['prometheus.yml', 'alertmanager.yml']) {
  test(`README "Many servers" shows docs/prometheus/${file} as it is`, () => {
    assert.ok(start >= 0, 'the README has a "Many servers" section');
    assert.ok(
      yamlBlocks.includes(readFileSync(join(promDocs, file), 'utf8')),
      `a yaml block equal to ${file}`,
    );
  });
}

test('README "Many servers" has the agent unit with the credential file', () => {
  for (const line of [
    'DynamicUser=yes',
    'SupplementaryGroups=adm',
    'LoadCredential=token:/etc/http-console/token',
    '--token-file ${CREDENTIALS_DIRECTORY}/token',
  ])
    assert.ok(section.includes(line), line);
});

test('README "Many servers" shows how to watch the fleet, with the flags the live test uses', () => {
  for (const text of [
    'http-console serve --prometheus http://',
    '--prometheus-selector \'{job="web"}\'',
    '--prometheus-token-file',
  ])
    assert.ok(section.includes(text), text);
  assert.ok(!section.includes('come with the next engine change'));
  const live = readFileSync(
    join(promDocs, '../../test/prometheus/fleet-serve-live.test.ts'),
    'utf8',
  );
  for (const flag of ["'--prometheus'", "'--prometheus-selector'", "'--prometheus-token-file'"])
    assert.ok(live.includes(flag), `the live test runs ${flag}`);
});
