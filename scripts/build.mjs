// One build for every bundle: Electron main, sandboxed preload (single CJS
// file), renderer page, and the plain-Node CLI. esbuild takes ~0.3 s.
//   node scripts/build.mjs                 everything into dist/ (emptied first)
//   node scripts/build.mjs cli preload     only the named bundles
//   node scripts/build.mjs --out=<dir>     into another folder (tests, so they never race a build)
import { build } from 'esbuild';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const outArg = args.find((a) => a.startsWith('--out='));
const out = outArg ? resolve(outArg.slice('--out='.length)) : join(root, 'dist');
const unknown = args.filter((a) => a.startsWith('--') && a !== outArg);
if (unknown.length > 0) {
  console.error(`build: unknown option ${unknown.join(', ')} (known: --out=<dir>)`);
  process.exit(2);
}
const only = args.filter((a) => !a.startsWith('--'));
if (only.length === 0) rmSync(out, { recursive: true, force: true });

/** `engines.node` of package.json (`>=22.22`) as a version (`22.22`): the one home of the minimum. */
function minimumNode() {
  const m = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(pkg.engines?.node ?? '');
  if (!m) throw new Error(`build: engines.node must read ">=X.Y", got ${pkg.engines?.node}`);
  return m[1];
}

// Bundled CommonJS dependencies call require(); give ESM bundles a real one.
const requireShim =
  "import { createRequire as __hcCreateRequire } from 'node:module'; const require = __hcCreateRequire(import.meta.url);";

const common = { bundle: true, sourcemap: true, logLevel: 'warning', absWorkingDir: root };

const targets = [
  {
    entryPoints: ['main/app/main.ts'],
    outfile: join(out, 'main/index.js'),
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: ['electron'],
    banner: { js: requireShim },
  },
  {
    entryPoints: ['preload/index.ts'],
    outfile: join(out, 'preload/index.cjs'),
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
  },
  {
    entryPoints: ['renderer/index.ts'],
    outfile: join(out, 'renderer/app.js'),
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    minify: true,
  },
  {
    // The command: checks the Node version, then loads the program (main/cli/launcher.ts).
    entryPoints: ['main/cli/launcher.ts'],
    define: { __MIN_NODE__: JSON.stringify(minimumNode()) },
    outfile: join(out, 'cli/http-console.js'),
    platform: 'node',
    format: 'esm',
    // Plain enough for any Node that has ES modules, so an old one gets our message.
    target: 'node14',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    entryPoints: ['main/cli/index.ts'],
    define: { __VERSION__: JSON.stringify(pkg.version) },
    outfile: join(out, 'cli/main.js'),
    platform: 'node',
    format: 'esm',
    target: 'node22',
    banner: { js: requireShim },
  },
  {
    // The worker thread of batch runs over large files (main/engine/batch-read.ts).
    entryPoints: ['main/engine/batch-worker.ts'],
    outfile: join(out, 'cli/batch-worker.js'),
    platform: 'node',
    format: 'esm',
    target: 'node20',
  },
];

// `node scripts/build.mjs cli preload`: build only the named bundles (during development).
const names = {
  'main/app/main.ts': 'main',
  'preload/index.ts': 'preload',
  'renderer/index.ts': 'renderer',
  'main/cli/index.ts': 'cli',
  'main/cli/launcher.ts': 'cli',
  'main/engine/batch-worker.ts': 'cli',
};
const selected =
  only.length > 0 ? targets.filter((t) => only.includes(names[t.entryPoints[0]])) : targets;
const missing = selected.filter((t) => !existsSync(join(root, t.entryPoints[0])));
if (missing.length > 0) {
  console.error(`build: missing entry points: ${missing.map((t) => t.entryPoints[0]).join(', ')}`);
  process.exit(1);
}

await Promise.all(selected.map((t) => build({ ...common, ...t })));
// esbuild writes 644; the bin must stay executable for `npm link` and a direct ./http-console.js.
const bin = join(out, 'cli/http-console.js');
if (existsSync(bin)) chmodSync(bin, 0o755);

// Static renderer files: the page and its stylesheet (no inline scripts). The page's CSP meta
// tag gets the one policy the web server and Electron also send (Node runs the .ts as it is).
const { CONTENT_SECURITY_POLICY_META } = await import('../main/common/content-security-policy.ts');
mkdirSync(join(out, 'renderer'), { recursive: true });
for (const f of ['styles.css', 'icon.svg']) {
  if (existsSync(join(root, 'renderer', f)))
    cpSync(join(root, 'renderer', f), join(out, 'renderer', f));
}
const page = readFileSync(join(root, 'renderer/index.html'), 'utf8');
if (!page.includes('%CONTENT_SECURITY_POLICY%'))
  throw new Error('build: index.html lost its CSP placeholder');
writeFileSync(
  join(out, 'renderer/index.html'),
  page.replace('%CONTENT_SECURITY_POLICY%', CONTENT_SECURITY_POLICY_META),
);
console.log(`build: ${outArg ? out : 'dist/'} ready`);
