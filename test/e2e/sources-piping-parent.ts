/**
 * A stand-in for Apache's piped logging (`CustomLog "|http-console -f -" combined`):
 * starts the CLI with its standard input a pipe from this process, writes
 * COUNT combined lines into it, says `pid PID` then `wrote COUNT` on stdout, and then
 * stays alive until killed, as a web server does. The CLI's own output goes to
 * OUT, since this process may die (SIGKILL) before the CLI ends.
 *
 * Usage: node --import tsx sources-piping-parent.ts CLI OUT COUNT
 */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { clf } from '../engine/helpers';

const [cli, out, countText] = process.argv.slice(2);
const count = Number(countText);
const fd = openSync(out!, 'a');
const child = spawn(process.execPath, [cli!, '-f', '-', '--json', '--interval', '1'], {
  stdio: ['pipe', fd, fd],
});
const now = Math.floor(Date.now() / 1000);
const sections = ['/api', '/static', '/login', '/'];
let text = '';
for (let i = 0; i < count; i++) {
  text += `${clf(now, `${sections[i % sections.length]}/${i}`, 200 + (i % 3) * 100)} "-" "piping-parent"\n`;
}
process.stdout.write(`pid ${child.pid}\n`);
// Whole lines, one write: a web server writes each log line whole.
child.stdin!.write(text, () => process.stdout.write(`wrote ${count}\n`));
setInterval(() => {}, 60_000);
