import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSyslogDeframer } from '../../main/engine/sources/syslog-stream';
import { rng } from '../engine/helpers';

type Event = ['frame', string] | ['bad', string, string];

/** Feeds `stream` cut at `cuts` (sorted offsets) and returns what came out. */
function run(stream: Buffer, cuts: number[], maxFrameBytes?: number): Event[] {
  const out: Event[] = [];
  const d = createSyslogDeframer(
    { frame: (t) => out.push(['frame', t]), bad: (t, r) => out.push(['bad', t, r]) },
    maxFrameBytes === undefined ? {} : { maxFrameBytes },
  );
  let from = 0;
  for (const cut of [...cuts, stream.length]) {
    d.push(stream.subarray(from, cut));
    from = cut;
  }
  d.end();
  return out;
}

const frames = (events: Event[]) => events.filter((e) => e[0] === 'frame').map((e) => e[1]);
const octet = (msg: string) => `${Buffer.byteLength(msg)} ${msg}`;

// What logger --tcp --octet-count, logger --tcp and rsyslog's omfwd put on the wire.
const M1 = '<13>1 2026-11-28T08:43:52.818663+00:00 vm nginx - - - GET /a 200';
const M2 = '<13>Nov 28 08:43:52 vm nginx: GET /b 404';
const M3 = '<13>1 2026-11-28T08:44:15+00:00 vm nginx - - -  café €5 😀\n';
const WIRE = Buffer.from(`${octet(M1)}${M2}\n${octet(M3)}${M2}\r\n${octet(M1)}`);
const EXPECTED = [M1, M2, M3, M2, M1];

describe('syslog TCP framing (RFC 6587)', () => {
  test('octet counting and newline framing, mixed on one connection', () => {
    assert.deepEqual(
      run(WIRE, []),
      EXPECTED.map((m) => ['frame', m]),
    );
  });

  test('every single cut and every pair of cuts of the stream gives the same frames', () => {
    for (let i = 0; i <= WIRE.length; i++) {
      assert.deepEqual(frames(run(WIRE, [i])), EXPECTED, `cut at ${i}`);
      for (let j = i; j <= WIRE.length; j += 3) {
        assert.deepEqual(frames(run(WIRE, [i, j])), EXPECTED, `cuts at ${i}, ${j}`);
      }
    }
  });

  test('byte by byte, and random chunkings', () => {
    const all = Array.from({ length: WIRE.length }, (_, i) => i);
    assert.deepEqual(frames(run(WIRE, all)), EXPECTED);
    const random = rng(11);
    for (let round = 0; round < 500; round++) {
      const cuts = all.filter(() => random() < 0.2);
      assert.deepEqual(frames(run(WIRE, cuts)), EXPECTED, `cuts ${cuts.join(',')}`);
    }
  });

  test('every possible chunking of a short stream with over-long frames: same events each time', () => {
    // Limit 2 bytes: "3 xyz" and "abcd\n" are over-long; both framings must resynchronise.
    // 15 bytes: 2^14 chunkings.
    const stream = Buffer.from('1 a3 xyzabcd\nb\n');
    const reference = run(stream, [], 2);
    assert.deepEqual(reference, [
      ['frame', 'a'],
      ['bad', 'xyz', 'syslog frame of 3 bytes is longer than the 2-byte limit'],
      ['bad', 'abcd', 'syslog message longer than 2 bytes'],
      ['frame', 'b'],
    ]);
    const n = stream.length - 1; // cut points 1..n
    for (let mask = 0; mask < 1 << n; mask++) {
      const cuts: number[] = [];
      for (let b = 0; b < n; b++) if (mask & (1 << b)) cuts.push(b + 1);
      const events = run(stream, cuts, 2);
      // The sample of a bad frame is what had arrived when it was judged; the verdicts are the same.
      assert.deepEqual(
        events.map((e) => (e[0] === 'bad' ? ['bad', e[2]] : e)),
        reference.map((e) => (e[0] === 'bad' ? ['bad', e[2]] : e)),
        `cuts ${cuts.join(',')}`,
      );
    }
  });

  test('an over-long frame is skipped by its length and the next frame arrives intact', () => {
    const big = `<13>Nov 28 08:43:52 vm nginx: ${'x'.repeat(70_000)}`;
    const events = run(Buffer.from(`${octet(big)}${octet(M1)}`), [300, 40_000]);
    assert.equal(events.length, 2);
    assert.equal(events[0]![0], 'bad');
    assert.match(events[0]![2]!, /longer than the 65536-byte limit/);
    assert.equal(events[0]![1].length, 200);
    assert.deepEqual(events[1], ['frame', M1]);
  });

  test('an over-long newline-framed message: reported once, memory bounded, stream resumes', () => {
    const out: Event[] = [];
    const d = createSyslogDeframer({
      frame: (t) => out.push(['frame', t]),
      bad: (t, r) => out.push(['bad', t, r]),
    });
    d.push(Buffer.from('<13>Nov 28 08:43:52 vm nginx: '));
    for (let i = 0; i < 100; i++) d.push(Buffer.alloc(10_000, 0x61)); // 1 MB with no newline
    d.push(Buffer.from(`tail\n${M2}\n`));
    d.end();
    assert.deepEqual(
      out.map((e) => e[0]),
      ['bad', 'frame'],
    );
    assert.deepEqual(out[1], ['frame', M2]);
  });

  test('the connection closing: an unterminated message counts, a cut octet-counted frame is bad', () => {
    assert.deepEqual(run(Buffer.from(`${M2}\r`), []), [['frame', M2]]);
    const cut = run(Buffer.from(octet(M1).slice(0, 30)), []);
    assert.equal(cut.length, 1);
    assert.equal(cut[0]![0], 'bad');
    assert.match(cut[0]![2]!, /connection closed inside a syslog frame \(27 of 64 bytes\)/);
  });

  test('the caller may reuse its chunk buffer', () => {
    const out: string[] = [];
    const d = createSyslogDeframer({ frame: (t) => out.push(t), bad: () => assert.fail('bad') });
    const chunk = Buffer.from(octet(M1).slice(0, 20));
    d.push(chunk);
    chunk.fill(0x7a);
    d.push(Buffer.from(octet(M1).slice(20)));
    assert.deepEqual(out, [M1]);
  });
});
