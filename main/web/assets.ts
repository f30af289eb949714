/**
 * The dashboard page's files, served from dist/renderer. Only the files that
 * exist there at start-up are served, looked up by exact name: a request
 * path can never reach anything else (no path traversal by construction).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface Asset {
  body: Buffer;
  type: string;
}

/**
 * Where the built page lives. The server runs from source (main/web, via tsx)
 * or bundled into dist/cli/http-console.js; both find dist/renderer.
 */
export function findRendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '../renderer'), join(here, '../../dist/renderer')];
  const found = candidates.find((d) => existsSync(join(d, 'index.html')));
  if (!found) {
    throw new Error(
      `web dashboard: the page is not built (no index.html in ${candidates.join(' or ')}); run npm run build`,
    );
  }
  return found;
}

/** Read every servable file of `dir` once, keyed by its URL path (`/app.js`). */
export function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    const path = join(dir, name);
    if (!type || !statSync(path).isFile()) continue;
    assets.set(`/${name}`, { body: readFileSync(path), type });
  }
  return assets;
}

/**
 * The page with its own asset URLs carrying the token, so that the script and
 * stylesheet requests pass the token check too.
 */
export function pageWithToken(html: string, token: string): string {
  const q = `?token=${encodeURIComponent(token)}`.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return html.replace(/(src|href)="([\w.-]+\.(?:js|css|svg))"/g, `$1="$2${q}"`);
}
