import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { buildPreload } from '../main/build-bundles';
import { createDashboardApi } from '../../preload/api';
import { IPC_PUSH_CHANNEL, IPC_REQUEST_CHANNELS } from '../../main/common/ipc';
import type { DashboardApi, PushEvent } from '../../main/common/api';

/** A recording ipcRenderer. */
function fakeIpc() {
  const invoked: [string, unknown[]][] = [];
  const listeners = new Map<string, Set<(e: unknown, p: unknown) => void>>();
  return {
    invoked,
    listeners,
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push([channel, args]);
      return `result of ${channel}`;
    },
    on: (channel: string, l: (e: unknown, p: unknown) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(l);
    },
    removeListener: (channel: string, l: (e: unknown, p: unknown) => void) =>
      listeners.get(channel)?.delete(l),
    emit: (channel: string, payload: unknown) => {
      for (const l of listeners.get(channel) ?? [])
        l({ sender: 'the ipcRenderer itself' }, payload);
    },
  };
}

const CONTRACT = [
  'chooseLogFile',
  'getPrefs',
  'history',
  'kind',
  'onEvent',
  'setPrefs',
  'snapshot',
];

describe('preload bridge API', () => {
  test('exposes exactly the DashboardApi members, frozen', () => {
    const api = createDashboardApi(fakeIpc());
    assert.deepEqual(Object.keys(api).sort(), CONTRACT);
    assert.equal(api.kind, 'electron');
    assert.ok(Object.isFrozen(api));
  });

  test('each request goes to its map channel with its arguments', async () => {
    const ipc = fakeIpc();
    const api = createDashboardApi(ipc);
    assert.equal(await api.snapshot(), 'result of stats:snapshot');
    await api.getPrefs();
    await api.setPrefs({ threshold: 3 });
    await api.chooseLogFile();
    await api.history({ from: 1000, to: 61_000, step: '1s' });
    assert.deepEqual(ipc.invoked, [
      ['stats:snapshot', []],
      ['prefs:get', []],
      ['prefs:set', [{ threshold: 3 }]],
      ['file:choose', []],
      ['history:range', [{ from: 1000, to: 61_000, step: '1s' }]],
    ]);
    assert.deepEqual(new Set(ipc.invoked.map(([c]) => c)), new Set(IPC_REQUEST_CHANNELS));
  });

  test('onEvent passes only the payload and returns a working unsubscribe', () => {
    const ipc = fakeIpc();
    const api = createDashboardApi(ipc);
    const got: unknown[] = [];
    const off = api.onEvent((e) => got.push(e));
    const push: PushEvent = { type: 'prefs', prefs: {} as never };
    ipc.emit(IPC_PUSH_CHANNEL, push);
    off();
    off();
    ipc.emit(IPC_PUSH_CHANNEL, push);
    assert.deepEqual(got, [push]);
    assert.equal(ipc.listeners.get(IPC_PUSH_CHANNEL)?.size, 0);
  });
});

describe('preload bundle (what the sandbox loads)', () => {
  let dir = '';
  let code = '';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hc-preload-'));
    await buildPreload(join(dir, 'index.cjs'));
    code = readFileSync(join(dir, 'index.cjs'), 'utf8');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('is one CommonJS file that requires only electron and exposes only window.api', async () => {
    const required: string[] = [];
    const exposed: [string, DashboardApi][] = [];
    const ipc = fakeIpc();
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, api: DashboardApi) => exposed.push([key, api]),
      },
      ipcRenderer: ipc,
    };
    const module = { exports: {} };
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${name}`);
    };
    vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports });
    assert.deepEqual(required, ['electron']);
    assert.equal(exposed.length, 1);
    const [key, api] = exposed[0]!;
    assert.equal(key, 'api');
    assert.deepEqual(Object.keys(api).sort(), CONTRACT);
    await api.setPrefs({ window: 60 });
    assert.deepEqual(ipc.invoked, [['prefs:set', [{ window: 60 }]]]);
  });
});
