/**
 * Standard input (`-f -`) as a line source: a pipe from `zcat`, or a web
 * server's piped log (Apache `CustomLog "|..."`). It ends at EOF, which is
 * also what a parent that exits or restarts looks like from here: its
 * replacement starts a new reader. See docs/reference/sources.md.
 */
import type { Readable } from 'node:stream';
import { readLines } from './stream-lines';
import type { LineSource, SourceSinks } from './types';

export interface StdinSourceOptions {
  sinks: SourceSinks;
  /** Source name; 'stdin'. */
  name?: string;
  /** Wall clock for batch times. */
  now?: () => number;
}

/** A source over `input` (process.stdin, injected). `done` resolves at EOF or after a read error (reported as state). */
export function createStdinSource(input: Readable, options: StdinSourceOptions): LineSource {
  const { sinks, name = 'stdin', now = Date.now } = options;
  let started = false;
  let disposed = false;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));

  async function run(): Promise<void> {
    try {
      const count = await readLines(input, name, sinks, now);
      sinks.state({
        source: name,
        state: 'ended',
        code: 'eof',
        message: `end of input after ${count} lines`,
      });
    } catch (err) {
      if (disposed) return finish();
      const message = `cannot read standard input: ${(err as Error).message}`;
      sinks.state({ source: name, state: 'error', code: 'read-error', message });
    }
    finish();
  }

  return {
    done,
    async start() {
      if (started) return;
      started = true;
      sinks.state({
        source: name,
        state: 'following',
        code: 'reading',
        message: 'reading standard input',
      });
      void run();
    },
    async dispose() {
      // Stops reading; the lines already read were delivered. `done` resolves once the loop ends.
      disposed = true;
      if (!input.destroyed) input.destroy();
      if (!started) finish();
    },
  };
}
