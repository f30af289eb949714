/**
 * Turns engine events into console output: JSON lines, or human lines with
 * the alert state in every summary block and a report at the end of a batch
 * run. See docs/reference/command-line.md.
 */
import type { EngineEvent, Stats, SummaryEvent } from '../common/types';
import { createAlertTracker } from './alert-tracker';
import {
  formatAlert,
  formatFile,
  formatMalformed,
  formatReport,
  formatSummary,
  type Paint,
} from './human';
import { jsonLine } from './json-lines';
import type { UdpDrops } from './udp-drops-report';

export interface PrinterOptions {
  json: boolean;
  /** false: a batch run, whose human output is one report at the end. */
  follow: boolean;
  /** The threshold now (the dashboard can change it while `serve` runs). */
  threshold: () => number;
  paint: Paint;
  write(line: string): void;
  /**
   * The run reads several sources (or a glob, stdin, syslog): summaries carry
   * the `sources` breakdown. Default false: one file's output as it always was.
   */
  severalSources?: boolean;
  /** The UDP listeners' drop counts now (summaries show them; absent: none). */
  udpDrops?: () => UdpDrops[];
}

export interface ConsolePrinter {
  /** Print `e` now, or keep it for the end (a batch run's summaries). */
  event(e: EngineEvent): void;
  /** The last summary seen, printed or not. */
  readonly last: SummaryEvent | null;
  /** Print the report that ends a human batch run (nothing with --json or when following). */
  report(): void;
}

/** The stats without their `sources` list. */
function withoutSources({ sources: _, ...s }: Stats): Stats {
  return s;
}

/** A summary as this run shows it: the sources breakdown only when there are several. */
function shownSummary(e: SummaryEvent, several: boolean): SummaryEvent {
  if (several) return e;
  return {
    ...e,
    interval: withoutSources(e.interval),
    window: withoutSources(e.window),
    total: withoutSources(e.total),
  };
}

export function createConsolePrinter(o: PrinterOptions): ConsolePrinter {
  const alerts = createAlertTracker();
  let last: SummaryEvent | null = null;
  const drops = () => o.udpDrops?.() ?? [];
  const human = (e: EngineEvent): string | null => {
    switch (e.type) {
      case 'summary':
        return o.follow ? formatSummary(e, o.threshold(), alerts.active(), o.paint, drops()) : null;
      case 'alert':
      case 'recovery':
        return formatAlert(e, o.paint);
      case 'file':
        return formatFile(e, o.paint);
      case 'malformed':
        return formatMalformed(e, o.paint);
      case 'second':
        return null;
    }
  };
  /** --json: a summary carries `udpDrops` when a UDP listener's count is known. */
  const extra = (e: EngineEvent): object => {
    const d = e.type === 'summary' ? drops() : [];
    return d.length > 0 ? { udpDrops: d } : {};
  };
  return {
    event(raw) {
      const e = raw.type === 'summary' ? shownSummary(raw, o.severalSources ?? false) : raw;
      if (e.type === 'summary') last = e;
      if (e.type === 'alert' || e.type === 'recovery') alerts.note(e);
      // Charts only; and a batch run reads a file once: "following" would mislead.
      if (e.type === 'second' || (!o.follow && e.type === 'file' && e.state === 'following'))
        return;
      const line = o.json ? jsonLine(e, extra(e)) : human(e);
      if (line !== null) o.write(line);
    },
    get last() {
      return last;
    },
    report() {
      if (!o.json && !o.follow && last) {
        o.write(formatReport(last, o.threshold(), alerts.periods(), o.paint));
      }
    },
  };
}
