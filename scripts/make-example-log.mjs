// Writes docs/example-access.log: ten reproducible minutes of combined-format
// traffic (seeded), quiet then a surge then quiet, for the README's worked example.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clfStamp, sampleLine } from './sample-traffic.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'example-access.log');
let seed = 2019;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const start = Date.UTC(2019, 1, 7, 21, 10, 0);
const lines = [];
for (let t = 0; t < 600; t++) {
  const rate = t >= 120 && t < 300 ? 18 : 3;
  const stamp = clfStamp(new Date(start + t * 1000), 0);
  for (let i = 0; i < rate; i++) lines.push(sampleLine(rand, stamp, 'example/1.0'));
}
writeFileSync(out, lines.join('\n') + '\n');
console.log(`${out}: ${lines.length} lines`);
