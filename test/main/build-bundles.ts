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
export async function buildAppBundles(): Promise<string> {
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
  symlinkSync(join(repoRoot, 'assets'), join(app, 'assets'));
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
