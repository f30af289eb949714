import { createMonitor } from '../engine/monitor';
import { startWebServer, type WebServer, type WebServerOptions } from '../web/server';
import type { CliOptions } from './args';
import { createConsolePrinter } from './console-printer';
import { EXIT } from './exit-status';
import { engineMaker } from './fleet';
import { createPaint } from './human';
import { openRunHistory } from './run-history';
import { onStopSignal } from './signals';
import { listensOnUdp, severalSources, sourceSpecs } from './source-flags';
import { lastKnownDrops } from './udp-drops-report';

/** How `serve` and `agent` differ: what the server serves, and the line that announces it. */
export interface WebFront {
  server: Pick<WebServerOptions, 'routes' | 'exposeHosts'>;
  announce(server: WebServer): string;
}

/**
 * `http-console serve`: the engine and the dashboard page in one process.
 * Prints the URL, then alert/recovery and file-state lines, and on SIGINT or
 * SIGTERM a final summary of what was read since the last one.
 */
export function runServe(options: CliOptions): Promise<number> {
  return runWebFront(options, {
    server: {},
    announce: (server) => `http-console: dashboard at ${server.url}`,
  });
}

/** The engine and a web server over it, until SIGINT or SIGTERM (serve, agent). */
export async function runWebFront(options: CliOptions, front: WebFront): Promise<number> {
  // The log cannot be changed over HTTP, so this run has one history database at most.
  const history = openRunHistory(options);
  const sources = sourceSpecs(options.sources, process.stdin);
  const monitor = createMonitor({
    createEngine: engineMaker(options.prometheus),
    history: () => history,
    settings: {
      file: options.file,
      ...(sources ? { sources } : {}),
      threshold: options.threshold,
      window: options.window,
      interval: options.interval,
      format: options.format,
      anonymizeHosts: options.anonymizeHosts,
    },
  });
  let server;
  try {
    server = await startWebServer({
      monitor,
      host: options.host,
      port: options.port,
      ...(options.token !== null ? { token: options.token } : {}),
      history: () => history,
      ...front.server,
    });
  } catch (err) {
    process.stderr.write(
      `http-console: cannot serve on ${options.host}:${options.port}: ${(err as Error).message}\n`,
    );
    await monitor.dispose();
    return EXIT.unreadable;
  }
  process.stdout.write(`${front.announce(server)}\n`);
  const printer = createConsolePrinter({
    json: false,
    follow: true,
    threshold: () => monitor.settings.threshold,
    paint: createPaint(process.stdout),
    write: (s) => process.stdout.write(s + '\n'),
    severalSources: severalSources(options.sources),
    ...(listensOnUdp(options.sources)
      ? { udpDrops: lastKnownDrops(() => monitor.snapshot().inputs) }
      : {}),
  });
  let stopping = false;
  monitor.onEvent((e) => {
    // The page shows the figures; the terminal gets state changes, and the summary at the end.
    if (e.type === 'malformed' || (e.type === 'summary' && !stopping)) return;
    printer.event(e);
  });
  const signal = onStopSignal({ reopen: () => void monitor.reopen() });
  await signal.stopped;
  stopping = true;
  await monitor.stop();
  await server.close();
  await monitor.dispose();
  return EXIT.ok;
}
