/**
 * The preferences form's limits and choices, taken from the preference rules
 * (main/common/prefs-rules.ts) so the form, the host's validation and the
 * stored schema never disagree. The form still validates every change itself;
 * these attributes only guide the spinner, the keyboard and the reader.
 */
import { FORMAT_OPTIONS } from '../main/common/prefs';
import { PREF_RULES, type NumberRule } from '../main/common/prefs-rules';
import type { FormatOption } from '../main/common/types';
import { byId, el } from './dom';

/** What the format menu says for each format. */
const FORMAT_LABELS: Record<FormatOption, string> = {
  auto: 'Detect automatically',
  common: 'Common (NCSA)',
  combined: 'Combined (Apache, nginx)',
  w3c: 'W3C extended (IIS)',
  csv: 'CSV',
};

/** The range as the label shows it: ", 10 to 3600" or ", more than 0". */
function rangeText(rule: NumberRule): string {
  return rule.minExclusive ? `, more than ${rule.min}` : `, ${rule.min} to ${rule.max}`;
}

/** Put each number rule on its input and label, and fill the format menu. */
export function applyPrefsLimits(): void {
  for (const field of ['threshold', 'window', 'interval'] as const) {
    const rule: NumberRule = PREF_RULES[field];
    const input = byId<HTMLInputElement>(`pref-${field}`);
    input.min = String(rule.min);
    input.max = String(rule.max);
    input.step = rule.integer ? '1' : 'any';
    const range = document.querySelector(`[data-range="${field}"]`);
    if (range) range.textContent = rangeText(rule);
  }
  const menu = byId<HTMLSelectElement>('pref-format');
  menu.replaceChildren(
    ...FORMAT_OPTIONS.map((format) => {
      const option = el('option', { text: FORMAT_LABELS[format] });
      option.value = format;
      return option;
    }),
  );
}
