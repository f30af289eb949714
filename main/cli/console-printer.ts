/**
 * Turns engine events into console output: JSON lines, or human lines with
 * the alert state in every summary block and a report at the end of a batch
 * run. See docs/reference/command-line.md.
 */
import type { EngineEvent, SummaryEvent } from '../common/types';
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

export interface PrinterOptions {
  json: boolean;
  /** false: a batch run, whose human output is one report at the end. */
  follow: boolean;
  /** The threshold now (the dashboard can change it while `serve` runs). */
  threshold: () => number;
  paint: Paint;
  write(line: string): void;
}

export interface ConsolePrinter {
  /** Print `e` now, or keep it for the end (a batch run's summaries). */
  event(e: EngineEvent): void;
  /** The last summary seen, printed or not. */
  readonly last: SummaryEvent | null;
  /** Print the report that ends a human batch run (nothing with --json or when following). */
  report(): void;
}

export function createConsolePrinter(o: PrinterOptions): ConsolePrinter {
  const alerts = createAlertTracker();
  let last: SummaryEvent | null = null;
  const human = (e: EngineEvent): string | null => {
    switch (e.type) {
      case 'summary':
        return o.follow ? formatSummary(e, o.threshold(), alerts.active(), o.paint) : null;
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
  return {
    event(e) {
      if (e.type === 'summary') last = e;
      if (e.type === 'alert' || e.type === 'recovery') alerts.note(e);
      // Charts only; and a batch run reads a file once: "following" would mislead.
      if (e.type === 'second' || (!o.follow && e.type === 'file' && e.state === 'following'))
        return;
      const line = o.json ? jsonLine(e) : human(e);
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
