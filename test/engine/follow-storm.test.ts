import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createFollower } from '../../main/engine/follow/follower';
import { fakeClock, record, tempLog } from './fixtures/follow-helpers';

/** Small seeded PRNG (mulberry32): the same storm on every run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('storm: appends, lines split across polls, overlapping polls and every kind of rotation; each line exactly once', async () => {
  const tmp = tempLog();
  const clock = fakeClock();
  const rand = prng(20240601);
  fs.writeFileSync(tmp.file, '');
  const f = createFollower({
    path: tmp.file,
    start: 'start',
    follow: true,
    watch: false,
    clock,
    maxBatchBytes: 4096,
  });
  const rec = record(f);
  await f.start();
  const written: string[] = [];
  let fd = fs.openSync(tmp.file, 'a');
  let n = 0;
  try {
    for (let round = 0; round < 300; round++) {
      for (let k = 1 + Math.floor(rand() * 40); k > 0; k--) {
        const line = `line ${n++} ${'x'.repeat(Math.floor(rand() * 300))}`;
        written.push(line);
        if (rand() < 0.2) {
          fs.writeSync(fd, line.slice(0, 7));
          void f.poll(); // not awaited: polls overlap with writes and with each other
          fs.writeSync(fd, `${line.slice(7)}\n`);
        } else {
          fs.writeSync(fd, `${line}\n`);
        }
      }
      void f.poll();
      if (rand() < 0.1) {
        const oldFd = fd;
        const kind = rand();
        if (kind < 0.4) fs.renameSync(tmp.file, `${tmp.file}.${round}`);
        else if (kind < 0.7) fs.rmSync(tmp.file);
        else {
          fs.writeFileSync(`${tmp.file}.new`, '');
          fs.renameSync(`${tmp.file}.new`, tmp.file); // a different file moved into place
        }
        fd = fs.openSync(tmp.file, 'a');
        // The server writes a little more to the file it still has open.
        for (let i = 0; i < 3; i++) {
          const line = `line ${n++} late`;
          written.push(line);
          fs.writeSync(oldFd, `${line}\n`);
        }
        fs.closeSync(oldFd);
        await f.poll();
        clock.advance(1000);
      }
      if (round % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await f.poll();
    clock.advance(5000);
    await f.poll();
    await f.poll();
  } finally {
    fs.closeSync(fd);
    await f.dispose();
    tmp.cleanup();
  }
  const byNumber = (s: string) => Number(s.split(' ')[1]);
  assert.equal(rec.lines.length, written.length, 'no line lost or repeated');
  assert.deepEqual(
    [...rec.lines].sort((a, b) => byNumber(a) - byNumber(b)),
    written,
  );
  assert.ok(rec.states.some(([s]) => s === 'rotated'));
  assert.ok(
    !rec.states.some(([s]) => s === 'truncated' || s === 'error'),
    JSON.stringify(rec.states),
  );
});
