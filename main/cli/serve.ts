import { createMonitor } from '../engine/monitor';
import { startWebServer } from '../web/server';
import type { CliOptions } from './args';
import { createPaint, formatAlert, formatFile, wantsColor } from './human';
import { untilSignal } from './signals';

/**
 * `http-console serve`: the engine and the dashboard page in one process.
 * Prints the URL, then alert/recovery and file-state lines, until a signal.
 */
export async function runServe(options: CliOptions): Promise<number> {
  const monitor = createMonitor({
    settings: {
      file: options.file,
      threshold: options.threshold,
      window: options.window,
      interval: options.interval,
      format: options.format,
    },
  });
  let server;
  try {
    server = await startWebServer({
      monitor,
      host: options.host,
      port: options.port,
      ...(options.token !== null ? { token: options.token } : {}),
    });
  } catch (err) {
    process.stderr.write(
      `http-console: cannot serve on ${options.host}:${options.port}: ${(err as Error).message}\n`,
    );
    await monitor.dispose();
    return 1;
  }
  process.stdout.write(`http-console: dashboard at ${server.url}\n`);
  const paint = createPaint(wantsColor(process.stdout, process.env));
  monitor.onEvent((e) => {
    if (e.type === 'alert' || e.type === 'recovery')
      process.stdout.write(formatAlert(e, paint) + '\n');
    else if (e.type === 'file') process.stdout.write(formatFile(e, paint) + '\n');
  });
  await untilSignal();
  await server.close();
  await monitor.dispose();
  return 0;
}
