/** Recent files for the tray menu: most recent first, missing ones marked. */
import { MAX_RECENT_FILES } from '../common/prefs';

/** Pair each recent path with whether it exists now (`exists` is injected: tests use a fake). */
export function recentView(
  recent: readonly string[],
  exists: (path: string) => boolean,
): { path: string; exists: boolean }[] {
  return recent.slice(0, MAX_RECENT_FILES).map((path) => ({ path, exists: exists(path) }));
}
