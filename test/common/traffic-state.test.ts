import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trafficState, type StateInputs } from '../../main/common/traffic-state';
import type { TrafficState } from '../../main/common/types';

const base: StateInputs = {
  hasFile: true,
  paused: false,
  file: 'following',
  alert: false,
  avg: 0,
  threshold: 10,
};

test('one traffic-state rule: the file first, then the alert, then avg against 80 % of T', () => {
  const cases: [Partial<StateInputs>, TrafficState][] = [
    [{ hasFile: false, file: 'error' }, 'idle'],
    [{ paused: true, alert: true }, 'idle'],
    [{ file: 'waiting', alert: true }, 'waiting'],
    [{ file: 'error' }, 'error'],
    [{ file: 'rotated', avg: 1 }, 'normal'],
    [{ avg: 8 }, 'normal'],
    [{ avg: 8.01 }, 'elevated'],
    [{ avg: 10 }, 'elevated'],
    [{ avg: 10, alert: true }, 'alert'],
    [{ avg: 0, alert: true }, 'alert'],
  ];
  for (const [change, expected] of cases) {
    assert.equal(trafficState({ ...base, ...change }), expected, JSON.stringify(change));
  }
});
