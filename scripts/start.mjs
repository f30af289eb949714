// `npm start` (after the build): run the tray app in Electron, passing on any
// arguments (`npm start -- -f access.log`). The electron package downloads its
// binary on first use; where that fails (offline, a proxy, a blocked host) it
// prints a stack trace and tells you to delete node_modules, which does not
// help. Here that is one sentence saying what failed and how to fix it, exit 1.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const project = process.cwd();

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

/** The electron binary the package has already downloaded, or null (as electron's index.js finds it). */
function downloadedBinary(pkgDir) {
  const pathFile = join(pkgDir, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return join(override, rel ?? 'electron');
  if (!rel) return null;
  const bin = join(pkgDir, 'dist', rel);
  return existsSync(bin) ? bin : null;
}

/** The first line of the downloader's error that says what went wrong (its stack trace is noise). */
function reason(stderr) {
  const lines = stderr.split('\n').map((l) => l.trim());
  const cause = lines.find((l) => /\b(E[A-Z]{3,}|ETIMEDOUT)\b/.test(l) && !l.startsWith('at '));
  const first = lines.find((l) => l !== '' && !l.startsWith('at ')) ?? 'no reason given';
  const code = cause?.match(/\b(E[A-Z]{3,})\b/)?.[1];
  return (code && !first.includes(code) ? `${first}, ${code}` : first).slice(0, 200);
}

let pkgDir;
try {
  pkgDir = dirname(createRequire(join(project, 'package.json')).resolve('electron/package.json'));
} catch {
  fail('the electron package is not installed here: run npm install first.');
}

let bin = downloadedBinary(pkgDir);
if (!bin) {
  console.error('npm start: downloading the Electron binary (once)…');
  const r = spawnSync(process.execPath, [join(pkgDir, 'install.js')], {
    cwd: pkgDir,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  bin = downloadedBinary(pkgDir);
  if (r.status !== 0 || !bin) {
    fail(
      `the Electron binary could not be downloaded (${reason(r.stderr ?? '')}); ` +
        'check the network connection, set ELECTRON_MIRROR to a mirror you can reach, or ' +
        'behind a proxy set HTTPS_PROXY and ELECTRON_GET_USE_PROXY=true, then run npm start again.',
    );
  }
}

const child = spawn(bin, ['.', ...process.argv.slice(2)], { cwd: project, stdio: 'inherit' });
child.on('error', (err) => fail(`could not start ${bin}: ${err.message}`));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
