/**
 * Offline packaging check: electron-builder `--linux dir` with `electronDist`
 * pointed at a stand-in executable (the real Electron cannot be downloaded
 * here), then the app.asar header is read to prove the package holds the
 * bundles and icons the app loads at run time, and nothing else.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAppBundles, buildRenderer, repoRoot } from './build-bundles';
import { TRAY_STATES, trayIconPath } from '../../main/app/tray-model';

/** File paths in an asar archive, read from its header (pickle: sizes, then the JSON index). */
function asarFiles(path: string): { files: string[]; read: (f: string) => Buffer } {
  const buf = readFileSync(path);
  const jsonLength = buf.readUInt32LE(12);
  const header = JSON.parse(buf.subarray(16, 16 + jsonLength).toString('utf8'));
  const base = 8 + buf.readUInt32LE(4);
  type Node = { files?: Record<string, Node>; offset?: string; size?: number };
  const nodes = new Map<string, Node>();
  const walk = (n: Node, prefix: string) => {
    for (const [name, child] of Object.entries(n.files ?? {})) {
      if (child.files) walk(child, `${prefix}${name}/`);
      else nodes.set(`${prefix}${name}`, child);
    }
  };
  walk(header, '');
  return {
    files: [...nodes.keys()].sort(),
    read: (f) => {
      const n = nodes.get(f)!;
      const start = base + Number(n.offset);
      return buf.subarray(start, start + n.size!);
    },
  };
}

let project = '';
let out = '';
before(async () => {
  // A throw-away project: fresh bundles, so a concurrent `npm run build` cannot race this test.
  project = await buildAppBundles({ copyAssets: true });
  await buildRenderer(project);
  for (const f of ['package.json', 'electron-builder.yml', 'LICENSE'])
    copyFileSync(join(repoRoot, f), join(project, f));
  out = mkdtempSync(join(tmpdir(), 'hc-pack-'));
  mkdirSync(join(out, 'electron-dist'));
  writeFileSync(join(out, 'electron-dist', 'electron'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(out, 'electron-dist', 'electron'), 0o755);
});
after(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

describe('packaging (electron-builder --linux dir, offline)', () => {
  test('app.asar holds the main, preload and renderer bundles and every icon, and no sources', () => {
    const electronVersion = JSON.parse(
      readFileSync(join(repoRoot, 'node_modules/electron/package.json'), 'utf8'),
    ).version;
    const r = spawnSync(
      process.execPath,
      [
        join(repoRoot, 'node_modules/electron-builder/cli.js'),
        '--linux',
        'dir',
        '--projectDir',
        project,
        `-c.electronDist=${join(out, 'electron-dist')}`,
        `-c.electronVersion=${electronVersion}`,
        `-c.directories.output=${join(out, 'release')}`,
      ],
      { encoding: 'utf8', env: { ...process.env, CI: 'true' } },
    );
    assert.equal(r.status, 0, `electron-builder failed:\n${r.stdout}\n${r.stderr}`);
    const asar = asarFiles(join(out, 'release/linux-unpacked/resources/app.asar'));
    const must = [
      'package.json',
      'dist/main/index.js',
      'dist/preload/index.cjs',
      'dist/renderer/index.html',
      'dist/renderer/app.js',
      'assets/icon.png',
      'LICENSE',
      ...TRAY_STATES.flatMap((s) =>
        (['linux', 'darwin', 'win32'] as const).map((p) => `assets/${trayIconPath(s, p)}`),
      ),
      ...TRAY_STATES.map((s) => `assets/${trayIconPath(s, 'linux').replace('.png', '@2x.png')}`),
      ...TRAY_STATES.map((s) => `assets/${trayIconPath(s, 'darwin').replace('.png', '@2x.png')}`),
    ];
    for (const f of must) assert.ok(asar.files.includes(f), `app.asar lacks ${f}`);
    const stray = asar.files.filter(
      (f) =>
        /\.(ts|map|mjs)$/.test(f) || /^(test|main|preload|renderer|node_modules|scripts)\//.test(f),
    );
    assert.deepEqual(stray, [], 'sources, tests, maps or modules in the package');
    const pkg = JSON.parse(asar.read('package.json').toString('utf8'));
    assert.equal(pkg.main, 'dist/main/index.js');
    assert.match(asar.read('dist/preload/index.cjs').toString('utf8'), /exposeInMainWorld\("api"/);
  });

  test('the builder config declares the release targets, tray-only macOS app, icons and names', () => {
    const yml = readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8');
    assert.match(yml, /^appId: \S+$/m);
    assert.match(yml, /^productName: HTTP Console$/m);
    assert.match(yml, /^artifactName: http-console-\$\{version\}-\$\{os\}-\$\{arch\}\.\$\{ext\}$/m);
    assert.match(yml, /^linux:\n {2}target: \[AppImage, deb\]$/m);
    assert.match(yml, /^mac:\n {2}target: dmg$/m);
    assert.match(yml, /^ {4}LSUIElement: true$/m);
    assert.match(yml, /^win:\n {2}target: nsis\n {2}icon: assets\/icon\.ico$/m);
  });
});
