/**
 * Runs the built main bundle in a child Node process against the recording
 * `electron` stand-in, and lets a test wait for what it reports and send it
 * commands (click a menu item, invoke IPC as the page, quit...).
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const register = fileURLToPath(new URL('./electron-standin/register.mjs', import.meta.url));

export type Report = { kind: string } & Record<string, unknown>;

export interface AppProcess {
  readonly reports: Report[];
  /** Resolves with the first report (from the start) matching `pred`, after `from` if given. */
  waitFor(
    pred: (r: Report) => boolean,
    what: string,
    opts?: { from?: number; timeoutMs?: number },
  ): Promise<Report>;
  command(cmd: string, args?: Record<string, unknown>): Promise<Report>;
  /** Resolves with the exit code; rejects if the process is still alive after `timeoutMs`. */
  exited(timeoutMs?: number): Promise<number | null>;
  kill(): void;
  stderr(): string;
}

/** Start `<appDir>/dist/main/index.js` with `argv`, the stand-in and its environment. */
export function startApp(appDir: string, argv: string[], env: Record<string, string>): AppProcess {
  const child: ChildProcess = fork(join(appDir, 'dist/main/index.js'), argv, {
    execArgv: ['--import', register],
    env: { ...process.env, HC_STANDIN_APP_PATH: appDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const reports: Report[] = [];
  const waiters = new Set<() => void>();
  let err = '';
  let exitCode: number | null | undefined;
  child.stderr?.on('data', (d) => (err += String(d)));
  child.stdout?.resume();
  child.on('message', (m) => {
    reports.push(m as Report);
    for (const w of [...waiters]) w();
  });
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      for (const w of [...waiters]) w();
      resolve(code);
    }),
  );
  let nextId = 1;

  const waitFor: AppProcess['waitFor'] = (pred, what, opts = {}) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const hit = reports.slice(opts.from ?? 0).find(pred);
        if (hit) {
          done();
          resolve(hit);
        } else if (exitCode !== undefined) {
          done();
          reject(new Error(`app exited (${exitCode}) before ${what}\nstderr:\n${err}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        const tail = reports.slice(-15).map((r) => JSON.stringify(r).slice(0, 200));
        reject(
          new Error(
            `timed out waiting for ${what}; last reports:\n${tail.join('\n')}\nstderr:\n${err}`,
          ),
        );
      }, opts.timeoutMs ?? 15_000);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  return {
    reports,
    waitFor,
    async command(cmd, args = {}) {
      const id = nextId++;
      child.send({ id, cmd, ...args });
      const reply = await waitFor((r) => r.kind === 'reply' && r.id === id, `reply to ${cmd}`);
      if (typeof reply.error === 'string') throw new Error(`${cmd}: ${reply.error}`);
      return reply;
    },
    exited: (timeoutMs = 15_000) =>
      Promise.race([
        exit,
        new Promise<never>((_, reject) =>
          setTimeout(
            () =>
              reject(
                new Error(
                  `app still running ${timeoutMs} ms after quit: something was not disposed`,
                ),
              ),
            timeoutMs,
          ).unref(),
        ),
      ]),
    kill: () => {
      if (exitCode === undefined) child.kill('SIGKILL');
    },
    stderr: () => err,
  };
}
