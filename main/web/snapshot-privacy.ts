/**
 * What an agent's `/api/snapshot` leaves out unless started with
 * `--expose-hosts`: client addresses are personal data, and a fleet needs
 * counts, not who sent them (see docs/reference/web.md).
 */
import type { Snapshot, Stats, SummaryEvent } from '../common/types';

/** The stats with an empty `hosts` top list; `distinctHosts` (a count) stays. */
function statsWithoutHosts(s: Stats): Stats {
  return { ...s, hosts: [] };
}

function summaryWithoutHosts(e: SummaryEvent): SummaryEvent {
  return {
    ...e,
    interval: statsWithoutHosts(e.interval),
    window: statsWithoutHosts(e.window),
    total: statsWithoutHosts(e.total),
  };
}

/**
 * The snapshot with every `hosts` list empty and no malformed samples (they
 * are raw log lines, which start with the client's address).
 */
export function withoutHosts(s: Snapshot): Snapshot {
  return {
    ...s,
    stats: { window: statsWithoutHosts(s.stats.window), total: statsWithoutHosts(s.stats.total) },
    lastSummary: s.lastSummary && summaryWithoutHosts(s.lastSummary),
    malformedSamples: [],
  };
}
