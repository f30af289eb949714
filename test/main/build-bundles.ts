/**
 * Builds the Electron bundles (main, preload) into a temporary app folder with
 * the same esbuild settings as scripts/build.mjs, so the smoke and preload
 * tests always exercise the current sources, whatever state dist/ is in.
 */
import { build } from 'esbuild';
import { cpSync, existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const requireShim =
  "import { createRequire as __hcCreateRequire } from 'node:module'; const require = __hcCreateRequire(import.meta.url);";

/** Build into `<tmp>/dist/{main,preload}`, link assets, copy the renderer if built. Returns the app folder. */
export async function buildAppBundles(opts: { copyAssets?: boolean } = {}): Promise<string> {
  const app = mkdtempSync(join(tmpdir(), 'hc-app-'));
  const common = {
    bundle: true,
    sourcemap: false,
    logLevel: 'error' as const,
    absWorkingDir: repoRoot,
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: ['main/app/main.ts'],
      outfile: join(app, 'dist/main/index.js'),
      platform: 'node',
      format: 'esm',
      target: 'node22',
      external: ['electron'],
      banner: { js: requireShim },
    }),
    buildPreload(join(app, 'dist/preload/index.cjs')),
  ]);
  if (opts.copyAssets) cpSync(join(repoRoot, 'assets'), join(app, 'assets'), { recursive: true });
  else symlinkSync(join(repoRoot, 'assets'), join(app, 'assets'));
  const renderer = join(repoRoot, 'dist/renderer');
  if (existsSync(renderer)) cpSync(renderer, join(app, 'dist/renderer'), { recursive: true });
  return app;
}

/** The sandboxed preload as one CommonJS file (only `electron` stays external). */
export async function buildPreload(outfile: string): Promise<void> {
  await build({
    bundle: true,
    logLevel: 'error',
    absWorkingDir: repoRoot,
    entryPoints: ['preload/index.ts'],
    outfile,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
  });
}

/** The renderer page as scripts/build.mjs makes it: app.js (IIFE) beside index.html and styles.css. */
export async function buildRenderer(appDir: string): Promise<void> {
  await build({
    bundle: true,
    logLevel: 'error',
    absWorkingDir: repoRoot,
    entryPoints: ['renderer/index.ts'],
    outfile: join(appDir, 'dist/renderer/app.js'),
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  });
  for (const f of ['index.html', 'styles.css']) {
    const from = join(repoRoot, 'renderer', f);
    if (existsSync(from)) cpSync(from, join(appDir, 'dist/renderer', f));
  }
}
