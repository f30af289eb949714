/**
 * The chart's time range: live ranges drawn from the seconds the page holds
 * (up to 1 h), longer ones and any past range (from/to fields, or a drag on
 * the chart) read from the history database, with one way back to live.
 */
import type { HistoryRange } from '../main/common/history-types';
import { byId } from './dom';
import { formatDateTime } from './format';

/** Why the long and past ranges are missing. */
export const NO_HISTORY =
  'Ranges longer than 1 h and past ranges need the history database; this monitor runs without one.';

/** Longest range drawn from the page's own seconds; longer ones come from history. */
export const LIVE_MAX_SECONDS = 3600;

export interface RangePickerDeps {
  /** The monitor's clock, ms. */
  now(): number;
  /** Read a range; null when there is no history database. */
  load(from: number, to: number): Promise<HistoryRange | null>;
  /** Show a range read from history, or null: back to live. */
  show(range: HistoryRange | null): void;
}

/** `YYYY-MM-DDTHH:MM:SS` in local time, what a datetime-local field holds. */
const fieldValue = (ms: number) => formatDateTime(ms).replace(' ', 'T');

export function createRangePicker(deps: RangePickerDeps) {
  const radios = [...document.querySelectorAll<HTMLInputElement>('input[name="range"]')];
  const form = byId<HTMLFormElement>('range-form');
  const fromField = byId<HTMLInputElement>('range-from');
  const toField = byId<HTMLInputElement>('range-to');
  const back = byId<HTMLButtonElement>('back-to-live');
  const caption = byId('range-caption');
  const note = byId('history-note');
  let liveSeconds = 120;
  // Each request bumps it, so a slow answer for an abandoned range is dropped.
  let seq = 0;
  let onLive: () => void = () => undefined;

  function goLive() {
    seq++;
    for (const r of radios) r.checked = Number(r.value) === liveSeconds;
    back.hidden = true;
    caption.textContent = '';
    deps.show(null);
    onLive();
  }

  /** No database behind this page: hide what needs one, and say why. */
  function unavailable(reason: string) {
    for (const r of radios) {
      if (Number(r.value) > LIVE_MAX_SECONDS) r.closest('label')!.hidden = true;
    }
    form.hidden = true;
    note.textContent = reason;
    note.hidden = false;
  }

  function pick(from: number, to: number) {
    const mine = ++seq;
    fromField.value = fieldValue(from);
    toField.value = fieldValue(to);
    const preset = radios.find((r) => r.checked && Number(r.value) > LIVE_MAX_SECONDS);
    if (!preset) for (const r of radios) r.checked = false;
    back.hidden = false;
    caption.textContent = 'Reading history…';
    deps.load(from, to).then(
      (range) => {
        if (mine !== seq) return;
        if (range === null) {
          unavailable(NO_HISTORY);
          goLive();
          return;
        }
        caption.textContent = `Showing ${formatDateTime(range.from)} – ${formatDateTime(range.to)}`;
        deps.show(range);
      },
      (err: unknown) => {
        if (mine !== seq) return;
        caption.textContent = `Could not read history: ${err instanceof Error ? err.message : String(err)}`;
      },
    );
  }

  for (const r of radios) {
    r.addEventListener('change', () => {
      const seconds = Number(r.value);
      if (seconds <= LIVE_MAX_SECONDS) {
        liveSeconds = seconds;
        goLive();
      } else {
        const now = deps.now();
        pick(now - seconds * 1000, now);
      }
    });
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const from = new Date(fromField.value).getTime();
    const to = new Date(toField.value).getTime();
    if (!Number.isFinite(from)) caption.textContent = 'From: enter a date and time.';
    else if (!Number.isFinite(to)) caption.textContent = 'To: enter a date and time.';
    else if (to <= from) caption.textContent = 'To: must be after From.';
    else pick(from, to);
  });
  back.addEventListener('click', goLive);

  return {
    pick,
    unavailable,
    /** The live range shown, seconds. */
    liveSeconds: () => liveSeconds,
    /** Called when the page returns to live. */
    onLive(fn: () => void) {
      onLive = fn;
    },
  };
}
