/**
 * What `npm install -g http-console-monitor` gets: the package is built into a
 * throw-away copy of the project (so a concurrent `npm run build` cannot race
 * it) and `npm pack --dry-run --json` lists what would ship.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './build-bundles';

const windows = process.platform === 'win32';
let project = '';

/** Build the bundles of `project` with the repository's build script; `only` as its arguments. */
function build(...only: string[]): void {
  const r = spawnSync(
    process.execPath,
    [join(repoRoot, 'scripts/build.mjs'), `--out=${join(project, 'dist')}`, ...only],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, `build failed:\n${r.stderr}`);
}

/** `npm`, as npm itself ran us (npm_execpath) or from PATH. */
function npm(args: string[], cwd: string) {
  const cli = process.env.npm_execpath;
  return cli && cli.endsWith('.js')
    ? spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' })
    : spawnSync('npm', args, { cwd, encoding: 'utf8', shell: windows });
}

before(() => {
  project = mkdtempSync(join(tmpdir(), 'hc-npm-pack-'));
  for (const f of ['package.json', 'README.md', 'LICENSE'])
    copyFileSync(join(repoRoot, f), join(project, f));
  build();
});
after(() => rmSync(project, { recursive: true, force: true }));

describe('npm package', () => {
  test('the built CLI is executable after a full build and after a cli-only rebuild', (t) => {
    if (windows) return t.skip('no execute bit on Windows');
    const bin = join(project, 'dist/cli/http-console.js');
    assert.equal(statSync(bin).mode & 0o777, 0o755, 'after a full build');
    build('cli');
    assert.equal(statSync(bin).mode & 0o777, 0o755, 'after `build.mjs cli`');
    assert.match(readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  test('npm pack ships the CLI (its launcher and program), its worker and the dashboard page, and nothing else', () => {
    const r = npm(['pack', '--dry-run', '--json', '--ignore-scripts'], project);
    assert.equal(r.status, 0, `npm pack failed:\n${r.stderr}`);
    const [pack] = JSON.parse(r.stdout) as {
      name: string;
      files: { path: string; mode: number }[];
    }[];
    assert.equal(pack?.name, 'http-console-monitor');
    const files = pack!.files.map((f) => f.path).sort();
    assert.deepEqual(files, [
      'LICENSE',
      'README.md',
      'dist/cli/batch-worker.js',
      'dist/cli/http-console.js',
      'dist/cli/main.js',
      'dist/renderer/app.js',
      'dist/renderer/icon.svg',
      'dist/renderer/index.html',
      'dist/renderer/styles.css',
      'package.json',
    ]);
    const bin = pack!.files.find((f) => f.path === 'dist/cli/http-console.js')!;
    if (!windows) assert.equal(bin.mode & 0o777, 0o755, 'the packed bin is executable');
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.bin, { 'http-console': 'dist/cli/http-console.js' });
  });
});
