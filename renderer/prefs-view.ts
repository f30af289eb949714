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
  | 'logFiles'
  | 'source'
  | 'prometheusUrl'
  | 'prometheusSelector'
  | 'prometheusTokenFile'
  | 'threshold'
  | 'window'
  | 'interval'
  | 'format'
  | 'anonymizeHosts'
  | 'notifications'
  | 'launchAtLogin';
const FIELDS: Field[] = [
  'logFiles',
  'source',
  'prometheusUrl',
  'prometheusSelector',
  'prometheusTokenFile',
  'threshold',
  'window',
  'interval',
  'format',
  'anonymizeHosts',
  'notifications',
  'launchAtLogin',
];
/** What the web dashboard's operator chose on the command line; read-only there. */
const SET_BY_OPERATOR: Field[] = [
  'logFiles',
  'source',
  'prometheusUrl',
  'prometheusSelector',
  'prometheusTokenFile',
];

/** The field names users read in messages. */
export const FIELD_LABELS: Record<string, string> = {
  logFiles: 'Log files',
  source: 'Watch',
  prometheusUrl: 'Prometheus URL',
  prometheusSelector: 'Prometheus selector',
  prometheusTokenFile: 'Prometheus token file',
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

type FieldInput = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function readValue(field: Field, input: FieldInput): unknown {
  if (input instanceof HTMLInputElement && input.type === 'checkbox') return input.checked;
  const raw = input.value.trim();
  switch (field) {
    case 'logFiles':
      // One path per line.
      return raw
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
    case 'prometheusUrl':
    case 'prometheusTokenFile':
      return raw === '' ? null : raw;
    case 'source':
    case 'format':
    case 'prometheusSelector':
      return raw;
    default:
      return raw === '' ? NaN : Number(raw);
  }
}

/** A preference as its field shows it. */
function shown(v: Prefs[Field]): string {
  if (Array.isArray(v)) return v.join('\n');
  return v === null ? '' : String(v);
}

export function createPrefsView(api: DashboardApi) {
  const form = byId<HTMLFormElement>('prefs-form');
  const saved = byId('prefs-saved');
  const formError = byId('err-form');
  const recent = byId('recent-files');
  const inputs = new Map(FIELDS.map((f) => [f, byId<FieldInput>(`pref-${f}`)]));
  const errors = new Map(FIELDS.map((f) => [f, byId(`err-${f}`)]));
  applyPrefsLimits();
  let savedTimer: ReturnType<typeof setTimeout> | undefined;

  if (api.kind === 'web') {
    byId('choose-file').hidden = true;
    // The server reads what its operator gave on the command line; it refuses changes over HTTP.
    for (const f of SET_BY_OPERATOR) {
      const input = inputs.get(f)!;
      input.setAttribute(input instanceof HTMLSelectElement ? 'disabled' : 'readonly', '');
      input.title = 'Set on the command line when starting http-console serve';
    }
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
      else input.value = shown(v);
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
    // The host applies the chosen files and pushes the new prefs, which fill the form.
    const files = await api.chooseLogFile();
    if (files) fill({ ...(await api.getPrefs()) }, 'logFiles');
  });

  return {
    render(prefs: Prefs | null) {
      if (prefs) fill(prefs);
    },
  };
}
