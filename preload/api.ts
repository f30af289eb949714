/**
 * Builds the page's one API (`DashboardApi`) from the IPC channel map. Kept
 * apart from `index.ts` so it can be tested in Node with a fake transport.
 */
import type { DashboardApi, PushEvent } from '../main/common/api';
import { IPC_PUSH_CHANNEL } from '../main/common/ipc';
import type { IpcArgs, IpcRequestChannel, IpcResult } from '../main/common/ipc';

/** The slice of `ipcRenderer` the bridge needs. */
export interface RendererTransport {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/** Create the object exposed as `window.api`; it never hands out the transport itself. */
export function createDashboardApi(ipc: RendererTransport): DashboardApi {
  const invoke = <C extends IpcRequestChannel>(channel: C, ...args: IpcArgs<C>) =>
    ipc.invoke(channel, ...args) as Promise<IpcResult<C>>;

  // (No `satisfies` here: the security scanner's TypeScript parser predates it.)
  const api: DashboardApi = {
    kind: 'electron',
    snapshot: () => invoke('stats:snapshot'),
    getPrefs: () => invoke('prefs:get'),
    setPrefs: (patch) => invoke('prefs:set', patch),
    chooseLogFile: () => invoke('file:choose'),
    history: (range) => invoke('history:range', range),
    onEvent(listener: (event: PushEvent) => void): () => void {
      if (typeof listener !== 'function')
        throw new TypeError('onEvent: listener must be a function');
      // The Electron event (with its sender) never reaches the page: only the payload does.
      const wrapped = (_event: unknown, payload: unknown) => listener(payload as PushEvent);
      ipc.on(IPC_PUSH_CHANNEL, wrapped);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(IPC_PUSH_CHANNEL, wrapped);
      };
    },
  };
  return Object.freeze(api);
}
