/**
 * `GET /metrics`: the monitor's figures in the Prometheus text exposition
 * format 0.0.4, so a fleet of servers can be scraped and alerted on.
 */
import { STATUS_CLASSES } from '../common/status-classes';
import type { Snapshot, TrafficState } from '../common/types';
import { TOP_N } from '../engine/stats/traffic-stats';

/** Content-Type of the exposition format. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Sections with their own label value (the engine's top list); the rest are summed under `other`. */
export const MAX_SECTION_LABELS = TOP_N;

const STATES: TrafficState[] = ['idle', 'waiting', 'error', 'normal', 'elevated', 'alert'];

type Sample = [labels: Record<string, string> | null, value: number];

function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function sampleLine(name: string, [labels, value]: Sample): string {
  const l = labels
    ? `{${Object.entries(labels)
        .map(([k, v]) => `${k}="${labelValue(v)}"`)
        .join(',')}}`
    : '';
  const v = Number.isFinite(value)
    ? String(value)
    : value > 0
      ? '+Inf'
      : value < 0
        ? '-Inf'
        : 'NaN';
  return `${name}${l} ${v}`;
}

function family(
  name: string,
  type: 'counter' | 'gauge',
  help: string,
  samples: Sample[],
): string[] {
  return [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} ${type}`,
    ...samples.map((s) => sampleLine(name, s)),
  ];
}

/**
 * Requests by section and status class: the snapshot's own counts (which only
 * grow), or, from a snapshot without them (nothing read yet), every request as `other`.
 */
function sectionRows(s: Snapshot): NonNullable<Snapshot['sectionRequests']> {
  return s.sectionRequests ?? [{ section: 'other', status: s.stats.total.status }];
}

/** Render a snapshot as exposition text (ends with a newline, as the format requires). */
export function renderMetrics(s: Snapshot): string {
  const total = s.stats.total;
  // Label names are a contract with the shipped Prometheus rules (docs/reference/metrics.md).
  const rows = sectionRows(s);
  const requests = rows.flatMap((r) =>
    STATUS_CLASSES.map((c): Sample => [{ status_class: c, section: r.section }, r.status[c]]),
  );
  const sections = rows.map((r): Sample => [
    { section: r.section },
    STATUS_CLASSES.reduce((sum, c) => sum + r.status[c], 0),
  ]);

  const lines = [
    ...family(
      'http_console_requests_total',
      'counter',
      `Requests read since start, by status_class (other: outside 100-599 or no status) and section (the top ${MAX_SECTION_LABELS} since it entered the top list, the rest as "other").`,
      requests,
    ),
    ...family(
      'http_console_section_requests_total',
      'counter',
      'Requests read since start, by section: http_console_requests_total summed over status_class (for agents of earlier versions).',
      sections,
    ),
    ...family(
      'http_console_bytes_sent_total',
      'counter',
      'Bytes sent, over requests whose size is known.',
      [[null, total.bytes]],
    ),
    ...family(
      'http_console_malformed_lines_total',
      'counter',
      'Lines that do not fit the log format.',
      [[null, total.malformed]],
    ),
    ...family(
      'http_console_late_lines_total',
      'counter',
      'Lines older than the alert window when read.',
      [[null, total.late]],
    ),
    ...family(
      'http_console_skewed_lines_total',
      'counter',
      'Lines more than 1 hour ahead of the wall clock.',
      [[null, total.skewed]],
    ),
    ...family(
      'http_console_window_average_rps',
      'gauge',
      'Average requests per second over the alert window.',
      [[null, s.avg]],
    ),
    ...family('http_console_window_requests', 'gauge', 'Requests in the alert window.', [
      [null, s.windowHits],
    ]),
    ...family('http_console_window_seconds', 'gauge', 'Length of the alert window.', [
      [null, s.window],
    ]),
    ...family(
      'http_console_threshold_rps',
      'gauge',
      'Window average above which an alert is raised.',
      [[null, s.threshold]],
    ),
    ...family('http_console_alert_active', 'gauge', '1 while a high-traffic alert is active.', [
      [null, s.alert.active ? 1 : 0],
    ]),
    ...family(
      'http_console_state',
      'gauge',
      'Monitor state: 1 for the current one (idle, waiting, error, normal, elevated, alert).',
      STATES.map((st): Sample => [{ state: st }, s.state === st ? 1 : 0]),
    ),
  ];
  if (s.at !== null) {
    lines.push(
      ...family(
        'http_console_clock_seconds',
        'gauge',
        "The monitor's clock (log time), Unix seconds.",
        [[null, s.at / 1000]],
      ),
    );
  }
  return lines.join('\n') + '\n';
}
