/**
 * The tray app's history databases: one per source set in its data folder
 * (docs/reference/history.md). One log keeps its database of earlier versions;
 * several logs, or a fleet, get one named by the set.
 */
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { historySink, openSourceHistory } from '../history/link';
import { appHistoryPath } from '../history/location';
import { openHistory } from '../history/open';
import type { HistorySink } from '../engine/api';

/** Whether `name` (from sourceSetName) names a set of logs or a fleet rather than one log file. */
const isSetName = (name: string) => name.startsWith('[') || name.startsWith('prometheus ');

/** A short readable label for a set: `access.log+2` or `prometheus-127.0.0.1_9090`. */
function setLabel(name: string): string {
  let label = 'set';
  if (name.startsWith('prometheus ')) {
    const host = /^prometheus \w+:\/\/([^/{]+)/.exec(name)?.[1] ?? '';
    label = `prometheus-${host}`;
  } else {
    const files = JSON.parse(name) as string[];
    label = `${basename(files[0] ?? 'log')}+${files.length - 1}`;
  }
  return label.replace(/[^\w.+-]+/g, '_').slice(0, 40);
}

/** The database file of a source set under the app's userData folder. */
export function appSetHistoryPath(userData: string, name: string): string {
  if (!isSetName(name)) return appHistoryPath(userData, name);
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 12);
  return join(userData, 'history', `${setLabel(name)}-${hash}.db`);
}

/** Open the history of a source set, or say why not (one line) and return null. */
export function openAppHistory(
  userData: string,
  name: string,
  warn: (message: string) => void,
): HistorySink | null {
  const path = appSetHistoryPath(userData, name);
  if (!isSetName(name)) {
    const history = openSourceHistory({ path, file: name, explicit: false, warn });
    return history ? historySink(history) : null;
  }
  const opened = openHistory({
    path,
    source: name,
    explicit: false,
    onError: (f) => warn(`history stopped, monitoring goes on: ${f.message}`),
  });
  if (opened.ok) return historySink(opened.history);
  warn(`history off, monitoring goes on: ${opened.message}`);
  return null;
}
