/**
 * Parser micro-benchmark: lines/s of each format's parser on real logs
 * (the shipped fixtures, and the corpus files HTTP_CONSOLE_CORPUS finds), lines already split (the splitter and the stats are not included).
 * Rates are per second of this process's CPU time (user + system), which
 * other work on a shared 2-core machine disturbs much less than wall time.
 * Run: node --import tsx bench/parse-micro.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import type { FormatName } from '../main/common/types';
import { createParser } from '../main/engine/parse';
import { CORPUS_ENV, logPath } from '../test/fixtures/corpus';

const cases: [FormatName, string][] = [
  ['combined', 'combined/memasik-nginx-api-head27300.log'],
  ['combined', 'combined/elastic-apache.log'],
  ['common', 'common/nasa-jul95-head2000.log'],
  ['w3c', 'w3c/iis85-webknowit-u_ex160106.log'],
  ['csv', 'csv/datadog-sample.csv'],
];

for (const [format, file] of cases) {
  const path = logPath(file);
  if (!existsSync(path)) {
    console.log(`${format.padEnd(8)} ${file.padEnd(44)} not run: set ${CORPUS_ENV}=/path/to/logs`);
    continue;
  }
  const lines = readFileSync(path, 'utf8').split('\n');
  // Repeat small files so each run parses ~200k lines.
  const rounds = Math.max(1, Math.round(200_000 / lines.length));
  let best = 0;
  let sink = 0;
  for (let run = 0; run < 7; run++) {
    const parser = createParser(format);
    const t0 = process.cpuUsage();
    for (let r = 0; r < rounds; r++) {
      for (const line of lines) if (parser.parse(line).kind === 'hit') sink++;
    }
    const used = process.cpuUsage(t0);
    const s = (used.user + used.system) / 1e6;
    best = Math.max(best, (rounds * lines.length) / s);
  }
  console.log(
    `${format.padEnd(8)} ${file.padEnd(44)} ${Math.round(best).toLocaleString('en')} lines/s (${sink} hits)`,
  );
}
