/**
 * `--smoke-test`: proof that a real Electron runs the app, for CI on each
 * platform. With the app started as usual, it checks that the tray exists,
 * opens the dashboard window, waits for the built page to load, and asks the
 * page for `window.api`'s snapshot, which crosses the preload and IPC. The
 * caller exits 0 on success, or 1 with the reason.
 */

/** The slice of Electron's WebContents the check needs. */
export interface SmokeContents {
  isLoading(): boolean;
  getURL(): string;
  once(event: 'did-finish-load', listener: () => void): unknown;
  once(
    event: 'did-fail-load',
    listener: (event: unknown, code: number, description: string) => void,
  ): unknown;
  executeJavaScript(code: string): Promise<unknown>;
}

export interface SmokeDeps {
  /** Whether the tray icon exists (and is not destroyed). */
  trayAlive(): boolean;
  /** Open the dashboard window (it loads the page). */
  openDashboard(): void;
  /** The dashboard's contents, or null when no window was made. */
  contents(): SmokeContents | null;
  /** Deadline for each step; CI machines can be slow, so the default is generous. */
  timeoutMs?: number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export type SmokeResult = { ok: true; detail: string } | { ok: false; reason: string };

/** Run in the page: what `window.api` answers, or why it cannot. */
const PROBE = `(async () => {
  if (typeof window.api !== 'object' || window.api === null) return { error: 'window.api is missing: the preload did not run' };
  const s = await window.api.snapshot();
  return { kind: window.api.kind, state: s && s.state, threshold: s && s.threshold };
})()`;

/** Resolve with `work`, or reject naming `what` once the deadline passes. */
function within<T>(deps: SmokeDeps, what: string, work: Promise<T>): Promise<T> {
  const ms = deps.timeoutMs ?? 30_000;
  return new Promise<T>((resolve, reject) => {
    const timer = deps.setTimer(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
    work.then(
      (v) => (deps.clearTimer(timer), resolve(v)),
      (e: unknown) => (
        deps.clearTimer(timer),
        reject(e instanceof Error ? e : new Error(String(e)))
      ),
    );
  });
}

function loaded(contents: SmokeContents): Promise<void> {
  if (!contents.isLoading() && contents.getURL() !== '') return Promise.resolve();
  return new Promise((resolve, reject) => {
    contents.once('did-finish-load', () => resolve());
    contents.once('did-fail-load', (_e, code, description) =>
      reject(new Error(`the dashboard page failed to load: ${description} (${code})`)),
    );
  });
}

/** Run the check; never throws. */
export async function runSmokeTest(deps: SmokeDeps): Promise<SmokeResult> {
  try {
    if (!deps.trayAlive()) return { ok: false, reason: 'no tray icon was created' };
    deps.openDashboard();
    const contents = deps.contents();
    if (!contents) return { ok: false, reason: 'the dashboard window was not created' };
    await within(deps, 'loading the dashboard page', loaded(contents));
    const answer = (await within(
      deps,
      'window.api.snapshot()',
      contents.executeJavaScript(PROBE),
    )) as { error?: string; kind?: unknown; state?: unknown; threshold?: unknown } | null;
    if (answer?.error) return { ok: false, reason: answer.error };
    if (answer?.kind !== 'electron' || typeof answer.state !== 'string')
      return { ok: false, reason: `window.api answered ${JSON.stringify(answer)}` };
    return {
      ok: true,
      detail: `tray, dashboard window, page and window.api (state ${answer.state}, threshold ${String(answer.threshold)})`,
    };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
