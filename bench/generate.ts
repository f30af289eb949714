/**
 * Reproducible synthetic access logs for the benchmarks: a seeded PRNG, so
 * the same file comes out on every machine.
 */
import { createWriteStream } from 'node:fs';

/** mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

export function clfTime(sec: number): string {
  const d = new Date(sec * 1000);
  return (
    `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`
  );
}

const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'curl/8.4.0',
  'Googlebot/2.1 (+http://www.google.com/bot.html)',
];
const SECTIONS = [
  'api',
  'static',
  'images',
  'blog',
  'docs',
  'shop',
  'user',
  'search',
  'admin',
  'assets',
];
const STATUSES = [200, 200, 200, 200, 200, 200, 200, 304, 301, 404, 404, 500, 503];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'HEAD', 'PUT'];

/** Zipf-ish pick from 0..n-1: a few keys are hot, most are rare. */
function skewed(r: () => number, n: number): number {
  return Math.floor(n * r() ** 3);
}

/** Line `i` of a synthetic log, stamped at Unix second `sec`. `flood`: every path and host distinct. */
export function syntheticLine(r: () => number, i: number, sec: number, flood: boolean): string {
  let host: string;
  let target: string;
  if (flood) {
    host = `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
    target = `/scan${i}/probe.php?id=${i}`;
  } else {
    const h = skewed(r, 20_000);
    host = `${10 + (h >>> 16)}.${(h >>> 8) & 255}.${h & 255}.${(h * 7) & 255}`;
    target = `/${SECTIONS[skewed(r, SECTIONS.length)]}/${skewed(r, 2000)}/item.html`;
  }
  const status = STATUSES[Math.floor(r() * STATUSES.length)];
  const method = METHODS[Math.floor(r() * METHODS.length)];
  const bytes = status === 304 ? 0 : Math.floor(r() * 50_000);
  const ua = AGENTS[Math.floor(r() * AGENTS.length)];
  return `${host} - - [${clfTime(sec)}] "${method} ${target} HTTP/1.1" ${status} ${bytes} "https://example.com/" "${ua}"`;
}

/**
 * Write `lines` combined-format lines at ~`rate` req/s starting at `start`.
 * `flood`: every path and host distinct (a scanner).
 */
export async function generate(
  path: string,
  lines: number,
  opts: { flood?: boolean; start?: number; rate?: number } = {},
) {
  const r = rng(opts.flood ? 7 : 42);
  const start = opts.start ?? 1_700_000_000;
  const rate = opts.rate ?? 500;
  const out = createWriteStream(path);
  let chunk: string[] = [];
  for (let i = 0; i < lines; i++) {
    chunk.push(syntheticLine(r, i, start + Math.floor(i / rate), opts.flood ?? false));
    if (chunk.length === 10_000) {
      if (!out.write(chunk.join('\n') + '\n'))
        await new Promise<void>((res) => out.once('drain', () => res()));
      chunk = [];
    }
  }
  if (chunk.length > 0) out.write(chunk.join('\n') + '\n');
  await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
}
