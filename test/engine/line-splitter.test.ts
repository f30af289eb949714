import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLineSplitter } from '../../main/engine/follow/line-splitter';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('line splitter', () => {
  test('CRLF endings lose exactly one \\r; empty lines are kept', () => {
    const s = createLineSplitter();
    assert.deepEqual(s.push(b('a\r\nb\n\r\nc\r\n\n')).lines, ['a', 'b', '', 'c', '']);
  });

  test('a lone \\r (old Mac endings) ends a line, in string and raw mode', () => {
    const s = createLineSplitter();
    assert.deepEqual(s.push(b('a\rb\rc\r\r\nd\r')).lines, ['a', 'b', 'c', '', 'd']);
    const raw = createLineSplitter({ raw: true });
    const blocks = raw.push(b('a\rb\rc\r\r\nd\r')).blocks ?? [];
    assert.equal(Buffer.concat(blocks).toString(), 'a\nb\nc\n\r\nd\n');
  });

  test('a \\r at the end of a chunk ends the line; a \\n opening the next chunk belongs to it', () => {
    for (const raw of [false, true]) {
      const s = createLineSplitter({ raw });
      const text = (batch: ReturnType<typeof s.push>) =>
        raw ? Buffer.concat(batch.blocks ?? []).toString() : batch.lines.join('|');
      assert.equal(text(s.push(b('a\r'))), raw ? 'a\n' : 'a');
      assert.equal(text(s.push(b('\nb\r'))), raw ? 'b\n' : 'b', 'CRLF split across chunks');
      assert.equal(text(s.push(b('c\r'))), raw ? 'c\n' : 'c');
      assert.equal(text(s.push(b('\n\nd\n'))), raw ? '\nd\n' : '|d', 'only one \\n is taken');
    }
  });

  test('a partial line is held until its newline, flush returns the unterminated rest', () => {
    const s = createLineSplitter();
    assert.deepEqual(s.push(b('GET /a')).lines, []);
    assert.deepEqual(s.push(b(' 200')).lines, []);
    assert.deepEqual(s.push(b(' 12\nGET /b 404')).lines, ['GET /a 200 12']);
    assert.deepEqual(s.flush().lines, ['GET /b 404']);
    assert.deepEqual(s.flush().lines, []);
  });

  test('a final \\r ends the last line at once, without the \\r', () => {
    const s = createLineSplitter();
    assert.deepEqual(s.push(b('x\r')).lines, ['x']);
    assert.deepEqual(s.flush().lines, []);
  });

  test('a multibyte character split across chunks, byte by byte, arrives whole', () => {
    const s = createLineSplitter();
    const lines: string[] = [];
    for (const byte of b('café €5 😀\nnaïve\n')) lines.push(...s.push(Buffer.from([byte])).lines);
    assert.deepEqual(lines, ['café €5 😀', 'naïve']);
  });

  test('the caller may reuse its chunk buffer: held bytes are copied', () => {
    const s = createLineSplitter();
    const chunk = b('abc');
    s.push(chunk);
    chunk.fill(0x7a); // 'zzz'
    assert.deepEqual(s.push(b('\n')).lines, ['abc']);
  });

  test('invalid UTF-8 becomes U+FFFD and the following lines are intact', () => {
    const s = createLineSplitter();
    const chunk = Buffer.concat([
      b('ok1\nbad '),
      Buffer.from([0xff, 0xc3, 0x28]),
      b(' end\nok2\n'),
    ]);
    assert.deepEqual(s.push(chunk).lines, ['ok1', 'bad \ufffd\ufffd( end', 'ok2']);
  });

  test('a UTF-8 byte order mark is stripped from the first line only', () => {
    const s = createLineSplitter();
    assert.deepEqual(s.push(b('\ufeff#Version: 1.0\n\ufeffx\n')).lines, [
      '#Version: 1.0',
      '\ufeffx',
    ]);
  });

  test('a line of exactly maxLineBytes is kept, one byte more is overlong', () => {
    const s = createLineSplitter({ maxLineBytes: 8 });
    const out = s.push(b('12345678\r\n123456789\nok\n'));
    assert.deepEqual(out.lines, ['12345678', 'ok']);
    assert.deepEqual(out.overlong, ['123456789']);
  });

  test('overlong lines inside one big chunk are reported in place, neighbours kept', () => {
    const s = createLineSplitter({ maxLineBytes: 100 });
    const long = 'L'.repeat(500);
    const out = s.push(b(`a\n${long}\nb\n${long}\n`));
    assert.deepEqual(out.lines, ['a', 'b']);
    assert.deepEqual(out.overlong, ['L'.repeat(200), 'L'.repeat(200)]);
  });

  test('a 1 MB line streamed in pieces: first 200 characters reported once, rest discarded', () => {
    const s = createLineSplitter();
    const piece = b('é'.repeat(32 * 1024)); // 64 KiB of two-byte characters
    const lines: string[] = [];
    const overlong: string[] = [];
    const take = (o: { lines: string[]; overlong: string[] }) => (
      lines.push(...o.lines),
      overlong.push(...o.overlong)
    );
    take(s.push(b('before\n')));
    for (let i = 0; i < 16; i++) take(s.push(piece));
    take(s.push(b('tail of the long line\nafter\n')));
    assert.deepEqual(lines, ['before', 'after']);
    assert.deepEqual(overlong, ['é'.repeat(200)]);
  });

  test('memory stays bounded while a 256 MiB line streams in', () => {
    const s = createLineSplitter();
    const chunk = Buffer.alloc(1 << 20, 0x61); // reused, as the follower reuses its read buffer
    const before = process.memoryUsage().arrayBuffers;
    let overlong = 0;
    for (let i = 0; i < 256; i++) overlong += s.push(chunk).overlong.length;
    const grown = process.memoryUsage().arrayBuffers - before;
    const out = s.push(b('\nnext\n'));
    assert.equal(overlong, 1);
    assert.deepEqual(out.lines, ['next']);
    assert.ok(grown < 32 * (1 << 20), `held ${grown} bytes for one discarded line`);
  });

  test('rejects a nonsensical limit with a clear error', () => {
    assert.throws(
      () => createLineSplitter({ maxLineBytes: 0 }),
      /maxLineBytes must be a positive integer/,
    );
  });
});
