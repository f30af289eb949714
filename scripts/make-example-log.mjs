// Writes docs/example-access.log: ten reproducible minutes of combined-format
// traffic (seeded), quiet then a surge then quiet, for the README's worked example.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'example-access.log');
let seed = 2019;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = (a) => a[Math.floor(rand() * a.length)];
const PATHS = [
  '/api/users',
  '/api/orders',
  '/api/orders/42',
  '/report/daily',
  '/static/app.js',
  '/',
  '/login',
];
const HOSTS = Array.from({ length: 12 }, (_, i) => `10.0.0.${i + 1}`);
const STATUS = [200, 200, 200, 200, 200, 304, 404, 500];
const p2 = (n) => String(n).padStart(2, '0');
const start = Date.UTC(2019, 1, 7, 21, 10, 0) / 1000;
const lines = [];
for (let t = 0; t < 600; t++) {
  const rate = t >= 120 && t < 300 ? 18 : 3;
  const d = new Date((start + t) * 1000);
  const stamp = `${p2(d.getUTCDate())}/Feb/2019:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
  for (let i = 0; i < rate; i++) {
    lines.push(
      `${pick(HOSTS)} - - [${stamp}] "${pick(['GET', 'GET', 'POST'])} ${pick(PATHS)} HTTP/1.1" ${pick(STATUS)} ${Math.floor(rand() * 5000)} "-" "example/1.0"`,
    );
  }
}
writeFileSync(out, lines.join('\n') + '\n');
console.log(`${out}: ${lines.length} lines`);
