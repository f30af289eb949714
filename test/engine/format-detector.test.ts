/**
 * Format detection while reading: blank and unrecognisable lines are skipped,
 * the first lines that parse decide, and no line that parses under the
 * detected format is ever counted malformed for coming early.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createFormatDetector } from '../../main/engine/parse/format-detector';
import { clf, fakeCore } from './helpers';

const T = 1_700_000_000;
const valid = (n: number) => Array.from({ length: n }, (_, i) => clf(T + Math.floor(i / 100)));
const banner = Array.from({ length: 30 }, (_, i) => `=== server banner line ${i}: starting up ===`);

describe('createFormatDetector', () => {
  test('undecided while only blank or unrecognisable lines come; those are handed back to count', () => {
    const d = createFormatDetector();
    assert.deepEqual(d.offer(['', '  ', '\r']), { format: null, unrecognised: [] });
    assert.deepEqual(d.offer(['hello', '', 'world']), {
      format: null,
      unrecognised: ['hello', 'world'],
    });
    assert.equal(d.rejected, 2);
    assert.deepEqual(d.offer([...banner.slice(0, 3), clf(T)]), {
      format: 'common',
      unrecognised: [],
    });
  });

  test('decides on the first lines that parse, after a banner in the same batch', () => {
    const d = createFormatDetector();
    const r = d.offer([...banner, '', ...valid(5).map((l) => `${l} "-" "curl/8"`)]);
    assert.deepEqual(r, { format: 'combined', unrecognised: [] });
    assert.equal(d.rejected, 0, 'lines before the decision are left to the parser, in order');
  });

  test('a W3C log is recognised by its directives after a banner', () => {
    const d = createFormatDetector();
    assert.equal(d.offer([...banner, '#Software: IIS', '#Fields: date time']).format, 'w3c');
  });
});

describe('MonitorCore: detection never throws lines away', () => {
  const auto = () => fakeCore({ start: T, format: 'auto', window: 600, threshold: 1e9 });

  test('100 blank lines before 1000 valid ones: 1000 hits, nothing malformed', () => {
    const c = auto();
    c.feed(T + 10, [...Array.from({ length: 100 }, () => ''), ...valid(1000)]);
    const total = c.core.stats().total;
    assert.equal(c.core.format, 'common');
    assert.equal(total.hits, 1000);
    assert.equal(total.malformed, 0);
  });

  test('a 30-line banner before 1000 valid lines: 1000 hits, the banner malformed', () => {
    const c = auto();
    c.feed(T + 10, [...banner, ...valid(1000)]);
    const total = c.core.stats().total;
    assert.equal(total.hits, 1000);
    assert.equal(total.malformed, 30);
  });

  test('the banner in its own read: still 1000 hits', () => {
    const c = auto();
    c.feed(T + 10, banner);
    c.feed(T + 10, valid(1000));
    assert.equal(c.core.stats().total.hits, 1000);
    assert.equal(c.core.stats().total.malformed, 30);
  });

  test('300,000 leading blank lines do not overflow the stack', () => {
    const c = auto();
    c.feed(
      T + 10,
      Array.from({ length: 300_000 }, () => ''),
    );
    c.feed(T + 10, valid(10));
    assert.equal(c.core.stats().total.hits, 10);
  });

  test('no recognisable line: every one counted malformed, and a batch run still ends with a summary', () => {
    const c = fakeCore({ start: T, format: 'auto', live: false });
    c.feed(T, ['not a log', 'still not a log']);
    c.core.finish();
    const last = c.summaries().at(-1);
    assert.ok(last, 'a summary');
    assert.equal(last.total.malformed, 2);
    assert.equal(c.core.format, null);
    assert.equal(c.core.detector.rejected, 2);
  });
});
