/**
 * Decisions behind every IPC handler, kept pure: is the sender our own
 * dashboard page, and are the arguments acceptable? Anything else is refused
 * whole before a handler runs.
 */
import { checkHistoryQuery } from '../common/history-types';
import { IPC_ARITY } from '../common/ipc';
import type { IpcRequestChannel } from '../common/ipc';
import type { PrefsPatch } from '../common/prefs';
import { validatePrefsPatch } from '../common/prefs';

/** Strip query and hash: the page may be opened at `#prefs`. */
function pageOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'file:' ? `${u.protocol}//${u.host}${u.pathname}` : null;
  } catch {
    return null;
  }
}

/**
 * Only the dashboard's own top-level file:// page may call main. A frame
 * inside it, another file, or any http(s) page (should one ever load) is refused.
 */
export function isTrustedSender(
  frame: { url: string; isMainFrame: boolean } | null | undefined,
  dashboardUrl: string,
): boolean {
  if (!frame || !frame.isMainFrame || typeof frame.url !== 'string') return false;
  const page = pageOf(frame.url);
  return page !== null && page === pageOf(dashboardUrl);
}

/** A plain object made by a literal or JSON (no class instance, no array). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export type ArgsCheck =
  { ok: true; args: unknown[] } | { ok: false; field: string; message: string };

/** Validate the arguments of one request; the handler receives only the checked copy. */
export function checkRequest(channel: string, args: readonly unknown[]): ArgsCheck {
  if (!Object.prototype.hasOwnProperty.call(IPC_ARITY, channel)) {
    return { ok: false, field: 'channel', message: `channel: unknown channel` };
  }
  const arity = IPC_ARITY[channel as IpcRequestChannel];
  if (args.length !== arity) {
    return {
      ok: false,
      field: 'args',
      message: `args: ${channel} takes ${arity} argument(s), got ${args.length}`,
    };
  }
  if (channel === 'prefs:set') {
    const patch = args[0];
    if (!isPlainObject(patch))
      return { ok: false, field: 'prefs', message: 'prefs: must be an object' };
    const check = validatePrefsPatch(patch);
    if (!check.ok) return check;
    const copy: PrefsPatch = check.patch;
    return { ok: true, args: [copy] };
  }
  if (channel === 'history:range') {
    const check = checkHistoryQuery(args[0]);
    return check.ok ? { ok: true, args: [check.query] } : check;
  }
  return { ok: true, args: [] };
}
