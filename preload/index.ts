/**
 * The sandboxed preload: exposes exactly `DashboardApi` as `window.api` and
 * nothing else (no raw ipcRenderer). Bundled to one CommonJS file, because a
 * sandboxed preload may require only `electron`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createDashboardApi } from './api';

contextBridge.exposeInMainWorld('api', createDashboardApi(ipcRenderer));
