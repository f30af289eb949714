/**
 * Every real log at hand (test/fixtures/logs, plus the rest of the corpus when
 * HTTP_CONSOLE_CORPUS finds it) is detected as its format and parsed line by
 * line with the expected counts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { FormatName } from '../../main/common/types';
import { createParser, detectFormat } from '../../main/engine/parse';
import { hasCorpus, logFiles, logPath, whenCorpus } from '../fixtures/corpus';

/** Split the way the engine does: on `\n`, one trailing `\r` dropped, a last line without newline counts. */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

interface Expected {
  format: FormatName;
  lines: number;
  hits: number;
  malformed: number;
  /** Leading sections with their hit counts, largest first. */
  top?: [string, number][];
  /** Earliest and latest hit time as ISO strings, from SOURCES.md. */
  span?: [string, string];
}

// Line and entry counts are SOURCES.md's. Exception: SOURCES.md says the CSV has
// 4831 requests, but `grep -c '^"10\.' csv/datadog-sample.csv` gives 4834
// (4837 lines = header + 4834 rows + 2 blank lines), so 4834 is used.
// `top` values were computed once, independently of this code, with awk:
//   awk -F'"' '{ req=$2 } <sec>' FILE | sort -rn | head -4     (CLF; $8 for the CSV)
// where <sec> splits req on spaces, requires 2-3 parts with an uppercase method,
// cuts ?/# from the target and keeps it up to its second '/'; for the W3C file:
//   awk '!/^#/ { t=$5; sub(/[?#].*/, "", t); <up to second "/"> }' FILE  (cs-uri-stem is column 5)
const expected: Record<string, Expected> = {
  'common/farmwork-apache-common.log': { format: 'common', lines: 840, hits: 840, malformed: 0 },
  'common/nasa-aug95-head1000.log': { format: 'common', lines: 1000, hits: 1000, malformed: 0 },
  'common/nasa-jul95-head2000.log': {
    format: 'common',
    lines: 2000,
    hits: 2000,
    malformed: 0,
    top: [
      ['/shuttle', 875],
      ['/images', 587],
      ['/history', 205],
      ['/cgi-bin', 78],
    ],
    span: ['1995-07-01T04:00:01.000Z', '1995-07-01T04:33:55.000Z'],
  },
  'combined/coralogix-nginx.log': {
    format: 'combined',
    lines: 996,
    hits: 996,
    malformed: 0,
    span: ['2020-06-01T06:26:49.000Z', '2020-06-01T16:18:01.000Z'],
  },
  'combined/elastic-apache.log': {
    format: 'combined',
    lines: 10000,
    hits: 10000,
    malformed: 0,
    top: [
      ['/presentations', 2305],
      ['/blog', 1959],
      ['/images', 1243],
      ['/favicon.ico', 807],
    ],
    span: ['2015-05-17T10:05:00.000Z', '2015-05-20T21:05:59.000Z'],
  },
  'combined/meatlabel-nginx-20251219.log': {
    format: 'combined',
    lines: 1870,
    hits: 1870,
    malformed: 0,
    top: [
      ['/app', 471],
      ['/', 291],
      ['/css', 167],
      ['/favicon.ico', 163],
    ],
  },
  'combined/memasik-nginx-api-head27300.log': {
    format: 'combined',
    lines: 27300,
    hits: 27300,
    malformed: 0,
    top: [
      ['/metrics', 23267],
      ['/packs', 3076],
      ['/account', 872],
      ['/privacy', 26],
    ],
  },
  'combined/zanbil-shop-excerpt.log': {
    format: 'combined',
    lines: 1000,
    hits: 1000,
    malformed: 0,
    top: [
      ['/image', 401],
      ['/filter', 230],
      ['/m', 107],
      ['/product', 96],
    ],
    span: ['2019-01-22T00:26:14.000Z', '2019-01-22T00:29:11.000Z'],
  },
  'w3c/iis7-waikolai-u_ex091107.log': { format: 'w3c', lines: 412, hits: 352, malformed: 0 },
  'w3c/iis85-webknowit-u_ex160106.log': {
    format: 'w3c',
    lines: 1341,
    hits: 1257,
    malformed: 0,
    top: [
      ['/tools', 397],
      ['/images', 357],
      ['/assets', 195],
      ['/idx1.html', 105],
    ],
    span: ['2016-01-06T03:19:53.000Z', '2016-01-06T22:52:55.000Z'],
  },
  'w3c/iis10-coralogix-u_ex171118-sample.log': {
    format: 'w3c',
    lines: 146,
    hits: 142,
    malformed: 0,
  },
  'w3c/iis85-lnav-w3c-big.log': { format: 'w3c', lines: 254, hits: 210, malformed: 0 },
  'w3c/webtrends-ex960101.log': { format: 'w3c', lines: 6, hits: 5, malformed: 0 },
  // 5 entries; the last two are laid out like the first #Fields, not the 22-field one above them.
  'w3c/beats-iis-fields-change.log': { format: 'w3c', lines: 17, hits: 3, malformed: 2 },
  'csv/datadog-sample.csv': {
    format: 'csv',
    lines: 4837,
    hits: 4834,
    malformed: 0,
    top: [
      ['/api', 3930],
      ['/report', 904],
    ],
    span: ['2019-02-07T21:10:59.000Z', '2019-02-07T21:19:00.000Z'],
  },
  'awkward/alivenesstrends-nginx.log': { format: 'combined', lines: 73, hits: 73, malformed: 0 },
  'awkward/farmfresh-apache-combined.log': {
    format: 'combined',
    lines: 118,
    hits: 118,
    malformed: 0,
  },
  // 44 records torn in two (88 lines) + the final fragment `miriwo`; the strict grep
  // in the test below confirms 89.
  'awkward/nasa-aug95-wrapped.log': { format: 'common', lines: 1930, hits: 1841, malformed: 89 },
  'awkward/beats-nginx-xff.log': { format: 'combined', lines: 7, hits: 7, malformed: 0 },
  'awkward/beats-apache-ipv6.log': { format: 'combined', lines: 7, hits: 7, malformed: 0 },
  // 3 entries; the other 7 lines are directives and blank lines.
  'awkward/iis-advanced-quoted-lnav.log': { format: 'w3c', lines: 10, hits: 3, malformed: 0 },
};

interface Tally {
  lines: number;
  hits: number;
  skipped: number;
  malformed: number;
  reasons: string[];
  sections: Map<string, number>;
  statuses: Map<number | undefined, number>;
  min: number;
  max: number;
}

function parseFile(file: string, format: FormatName): Tally {
  const lines = splitLines(readFileSync(logPath(file), 'utf8'));
  const parser = createParser(format);
  const t: Tally = {
    lines: lines.length,
    hits: 0,
    skipped: 0,
    malformed: 0,
    reasons: [],
    sections: new Map(),
    statuses: new Map(),
    min: Infinity,
    max: -Infinity,
  };
  for (const line of lines) {
    const r = parser.parse(line);
    if (r.kind === 'skip') t.skipped++;
    else if (r.kind === 'malformed') {
      t.malformed++;
      if (t.reasons.length < 5) t.reasons.push(`${r.reason}: ${line.slice(0, 100)}`);
    } else {
      t.hits++;
      const { section, status, time } = r.hit;
      t.sections.set(section, (t.sections.get(section) ?? 0) + 1);
      t.statuses.set(status, (t.statuses.get(status) ?? 0) + 1);
      t.min = Math.min(t.min, time);
      t.max = Math.max(t.max, time);
    }
  }
  return t;
}

describe('log corpus', () => {
  const here = logFiles().map((f) => f.name);
  const absent = Object.keys(expected).filter((f) => !here.includes(f));

  test('every log at hand has an expectation here (new files must be added)', () => {
    assert.deepEqual(
      here.filter((f) => !(f in expected)),
      [],
    );
    if (hasCorpus) assert.deepEqual(absent, [], 'the corpus lacks files expected here');
  });

  for (const [file, want] of Object.entries(expected)) {
    if (!here.includes(file)) continue;
    test(`${file}: detected as ${want.format}, ${want.hits} hits, ${want.malformed} malformed`, () => {
      const lines = splitLines(readFileSync(logPath(file), 'utf8'));
      assert.equal(detectFormat(lines.slice(0, 50)), want.format);
      const t = parseFile(file, want.format);
      assert.equal(t.lines, want.lines, 'line count');
      assert.equal(t.hits, want.hits, `hits; malformed samples: ${t.reasons.join(' | ')}`);
      assert.equal(t.malformed, want.malformed, `malformed: ${t.reasons.join(' | ')}`);
      assert.equal(t.hits + t.malformed + t.skipped, t.lines);
      if (want.top) {
        const top = [...t.sections].sort((a, b) => b[1] - a[1]).slice(0, want.top.length);
        assert.deepEqual(top, want.top);
      }
      if (want.span) {
        assert.deepEqual([new Date(t.min).toISOString(), new Date(t.max).toISOString()], want.span);
      }
    });
  }

  whenCorpus(`the ${absent.length} corpus files not shipped (${absent.join(', ')})`, () => {
    test('nasa-aug95-wrapped: the torn lines are exactly those a strict CLF pattern rejects', () => {
      const file = 'awkward/nasa-aug95-wrapped.log';
      const strict =
        /^\S+ \S+ \S+ \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [-+]\d{4}\] "[^"]*" \d{3} (\d+|-)$/;
      const lines = splitLines(readFileSync(logPath(file), 'utf8'));
      const parser = createParser('common');
      const rejected = lines.flatMap((l, i) => (strict.test(l) ? [] : [i]));
      const malformed = lines.flatMap((l, i) => (parser.parse(l).kind === 'malformed' ? [i] : []));
      assert.equal(rejected.length, 89);
      assert.deepEqual(malformed, rejected);
      assert.equal(lines[lines.length - 1], 'miriwo');
    });
  });

  test('scanner noise counts as traffic with section (invalid)', () => {
    // test/fixtures/logs/SOURCES.md: meatlabel has 36 status-400 lines; farmfresh has 29 `"-" 408` lines.
    const meat = parseFile('combined/meatlabel-nginx-20251219.log', 'combined');
    assert.equal(meat.statuses.get(400), 36);
    const farm = parseFile('awkward/farmfresh-apache-combined.log', 'combined');
    assert.equal(farm.statuses.get(408), 29);
    assert.equal(farm.sections.get('(invalid)'), 29);
    // `"-" 408 -` and `"-" 408 152`
    const beats = parseFile('awkward/beats-apache-ipv6.log', 'combined');
    assert.equal(beats.sections.get('(invalid)'), 2);
  });
});
