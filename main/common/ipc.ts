/**
 * The IPC contract between Electron main and the preload: one map of
 * `domain:verb` request channels to their argument and result types, and the
 * one push channel. Main registers a handler per request channel; the preload
 * builds `DashboardApi` from the same map, so the two cannot drift apart.
 * Pure: no Electron import (this folder runs in plain Node too).
 */
import type { PushEvent, SetPrefsResult } from './api';
import type { HistoryQuery, HistoryRange } from './history-types';
import type { Prefs, PrefsPatch } from './prefs';
import type { Snapshot } from './types';

/** Request channels (renderer → main, `invoke`/`handle`). */
export interface IpcRequests {
  'stats:snapshot': { args: []; result: Snapshot };
  'prefs:get': { args: []; result: Prefs };
  'prefs:set': { args: [patch: PrefsPatch]; result: SetPrefsResult };
  'file:choose': { args: []; result: string[] | null };
  'history:range': { args: [range: HistoryQuery]; result: HistoryRange | null };
}

export type IpcRequestChannel = keyof IpcRequests;
export type IpcArgs<C extends IpcRequestChannel> = IpcRequests[C]['args'];
export type IpcResult<C extends IpcRequestChannel> = IpcRequests[C]['result'];

/** Every request channel, for registration and for the preload's invokers. */
export const IPC_REQUEST_CHANNELS = [
  'stats:snapshot',
  'prefs:get',
  'prefs:set',
  'file:choose',
  'history:range',
] as const satisfies readonly IpcRequestChannel[];

/** How many arguments each request channel takes; anything else is refused. */
export const IPC_ARITY: Readonly<Record<IpcRequestChannel, number>> = Object.freeze({
  'stats:snapshot': 0,
  'prefs:get': 0,
  'prefs:set': 1,
  'file:choose': 0,
  'history:range': 1,
});

/** The push channel (main → renderer, `webContents.send`), carrying one `PushEvent`. */
export const IPC_PUSH_CHANNEL = 'monitor:event';

/** The payload type of the push channel. */
export type IpcPush = PushEvent;
