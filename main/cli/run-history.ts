/** The history database a console or `serve` run writes to (docs/reference/history.md). */
import type { HistorySink } from '../engine/api';
import { historySink, openSourceHistory } from '../history/link';
import type { CliOptions } from './args';

/** Say something on stderr, in one line. */
const warn = (message: string) => process.stderr.write(`http-console: ${message}\n`);

/** The history database this run writes to (`--db`), or null. */
export function openRunHistory(options: CliOptions): HistorySink | null {
  if (options.db === null) return null;
  const history = openSourceHistory({
    path: options.db,
    file: options.file,
    explicit: options.dbExplicit,
    reset: options.resetHistory,
    hosts: options.historyHosts,
    warn,
  });
  return history ? historySink(history) : null;
}
