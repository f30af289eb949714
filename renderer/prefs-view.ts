/**
 * The preferences form. Each change is checked here first (the same
 * validation the host runs), then applied live through the API; a refused
 * value is shown under its field, naming it.
 */
import type { DashboardApi } from '../main/common/api';
import { validatePrefsPatch, type Prefs } from '../main/common/prefs';
import { byId, el } from './dom';
import { applyPrefsLimits } from './prefs-limits';

type Field =
  | 'logFile'
  | 'threshold'
  | 'window'
  | 'interval'
  | 'format'
  | 'anonymizeHosts'
  | 'notifications'
  | 'launchAtLogin';
const FIELDS: Field[] = [
  'logFile',
  'threshold',
  'window',
  'interval',
  'format',
  'anonymizeHosts',
  'notifications',
  'launchAtLogin',
];

/** The field names users read in messages. */
export const FIELD_LABELS: Record<string, string> = {
  logFile: 'Log file',
  threshold: 'Threshold',
  window: 'Alert window',
  interval: 'Summary interval',
  format: 'Log format',
  anonymizeHosts: 'Anonymise client addresses',
  notifications: 'Notifications',
  launchAtLogin: 'Launch at login',
};

/** "threshold: must be …" → "Threshold: must be …" */
export function fieldMessage(field: string, message: string): string {
  const rest = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  return `${FIELD_LABELS[field] ?? field}: ${rest}`;
}

function readValue(field: Field, input: HTMLInputElement | HTMLSelectElement): unknown {
  if (input instanceof HTMLInputElement && input.type === 'checkbox') return input.checked;
  const raw = input.value.trim();
  if (field === 'logFile') return raw === '' ? null : raw;
  if (field === 'format') return raw;
  return raw === '' ? NaN : Number(raw);
}

export function createPrefsView(api: DashboardApi) {
  const form = byId<HTMLFormElement>('prefs-form');
  const saved = byId('prefs-saved');
  const formError = byId('err-form');
  const recent = byId('recent-files');
  const inputs = new Map(
    FIELDS.map((f) => [f, byId<HTMLInputElement | HTMLSelectElement>(`pref-${f}`)]),
  );
  const errors = new Map(FIELDS.map((f) => [f, byId(`err-${f}`)]));
  applyPrefsLimits();
  let savedTimer: ReturnType<typeof setTimeout> | undefined;

  if (api.kind === 'web') {
    byId('choose-file').hidden = true;
    // The server follows the file its operator gave with -f; it refuses changes over HTTP.
    const file = inputs.get('logFile')!;
    file.setAttribute('readonly', '');
    file.title = 'Set with -f when starting http-console serve';
    // So is anonymising: whoever holds the token must not turn it off.
    const anonymize = inputs.get('anonymizeHosts')!;
    anonymize.setAttribute('disabled', '');
    anonymize.title = 'Set with --anonymize-hosts when starting http-console serve';
    form.querySelectorAll<HTMLElement>('.desktop-only').forEach((e) => (e.hidden = true));
  }

  function showError(field: string, message: string | null) {
    const box = errors.get(field as Field);
    const input = inputs.get(field as Field);
    if (box && input) {
      box.textContent = message ? fieldMessage(field, message) : '';
      input.setAttribute('aria-invalid', message ? 'true' : 'false');
      if (message) input.setAttribute('aria-describedby', box.id);
    } else {
      formError.textContent = message ? fieldMessage(field, message) : '';
    }
  }

  function fill(prefs: Prefs, only?: Field) {
    for (const f of only ? [only] : FIELDS) {
      const input = inputs.get(f)!;
      if (!only && document.activeElement === input) continue; // do not fight the user's typing
      const v = prefs[f];
      if (input instanceof HTMLInputElement && input.type === 'checkbox')
        input.checked = v === true;
      else input.value = v === null ? '' : String(v);
    }
    recent.replaceChildren(...prefs.recentFiles.map((p) => el('option', { text: p })));
    for (const o of recent.children) (o as HTMLOptionElement).value = o.textContent ?? '';
  }

  async function commit(field: Field, value: unknown) {
    formError.textContent = '';
    const check = validatePrefsPatch({ [field]: value });
    if (!check.ok) return showError(check.field, check.message);
    const result = await api.setPrefs(check.patch);
    if (!result.ok) return showError(result.field, result.message);
    showError(field, null);
    fill(result.prefs, field);
    saved.textContent = `${FIELD_LABELS[field]} saved.`;
    clearTimeout(savedTimer);
    savedTimer = setTimeout(() => (saved.textContent = ''), 4000);
  }

  for (const [field, input] of inputs) {
    input.addEventListener('change', () => void commit(field, readValue(field, input)));
  }
  // Enter in a field fires `change` (which applies it); the form itself never navigates (form-action 'none').
  form.addEventListener('submit', (e) => e.preventDefault());
  byId('choose-file').addEventListener('click', async () => {
    const path = await api.chooseLogFile();
    if (path) await commit('logFile', path);
  });

  return {
    render(prefs: Prefs | null) {
      if (prefs) fill(prefs);
    },
  };
}
