/**
 * The IPC bridge: the only module that touches `ipcMain`. Every request is
 * refused unless it comes from the dashboard page's own top-level frame and
 * its arguments pass `checkRequest`; pushes go out on the one push channel.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { PushEvent } from '../common/api';
import type { IpcArgs, IpcRequestChannel, IpcResult } from '../common/ipc';
import { IPC_PUSH_CHANNEL, IPC_REQUEST_CHANNELS } from '../common/ipc';
import { checkRequest, isTrustedSender } from './ipc-guard';

/** One implementation per request channel, receiving only validated arguments. */
export type IpcHandlers = {
  [C in IpcRequestChannel]: (...args: IpcArgs<C>) => IpcResult<C> | Promise<IpcResult<C>>;
};

/** Register every handler of the map; returns a function that removes them. */
export function registerIpc(
  ipcMain: IpcMain,
  dashboardUrl: () => string,
  handlers: IpcHandlers,
): () => void {
  // electron-store answers a sync 'electron-store-get-data' for renderer-side
  // stores; ours live in main only, so no page may ask for the userData path.
  ipcMain.removeAllListeners('electron-store-get-data');
  for (const channel of IPC_REQUEST_CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const frame = event.senderFrame;
      const sender = frame ? { url: frame.url, isMainFrame: frame.parent === null } : null;
      if (!isTrustedSender(sender, dashboardUrl())) {
        throw new Error(`${channel}: refused, the sender is not the dashboard page`);
      }
      const check = checkRequest(channel, args);
      if (!check.ok) {
        // prefs:set reports a bad value as a result the page can show next to the field.
        if (channel === 'prefs:set')
          return { ok: false, field: check.field, message: check.message };
        throw new Error(`${channel}: ${check.message}`);
      }
      const handler = handlers[channel] as (...a: unknown[]) => unknown;
      return handler(...check.args);
    });
  }
  return () => {
    for (const channel of IPC_REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** Push one event to the page, if it is alive. */
export function pushToPage(contents: WebContents | null | undefined, event: PushEvent): void {
  if (!contents || contents.isDestroyed()) return;
  contents.send(IPC_PUSH_CHANNEL, event);
}
