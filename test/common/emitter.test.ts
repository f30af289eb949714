import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEmitter } from '../../main/common/emitter';

type Events = { lines: [count: number]; state: [state: string, message: string] };

/** An emitter whose listener errors are collected instead of printed. */
function make() {
  const errors: [unknown, string][] = [];
  const emitter = createEmitter<Events>({
    onListenerError: (err, name) => errors.push([err, name]),
  });
  return { emitter, errors };
}

describe('emitter', () => {
  test('delivers typed payloads to the listeners of that event only, in subscription order', () => {
    const { emitter } = make();
    const seen: string[] = [];
    emitter.on('state', (state, message) => seen.push(`a ${state} ${message}`));
    emitter.on('lines', (n) => seen.push(`lines ${n + 1}`));
    emitter.on('state', (state) => seen.push(`b ${state}`));
    emitter.emit('state', 'waiting', 'no file');
    emitter.emit('lines', 41);
    assert.deepEqual(seen, ['a waiting no file', 'b waiting', 'lines 42']);
  });

  test('a throwing listener is reported and the others still run', () => {
    const { emitter, errors } = make();
    const seen: number[] = [];
    const boom = new Error('listener bug');
    emitter.on('lines', (n) => seen.push(n));
    emitter.on('lines', () => {
      throw boom;
    });
    emitter.on('lines', (n) => seen.push(n * 10));
    assert.doesNotThrow(() => emitter.emit('lines', 2));
    assert.deepEqual(seen, [2, 20]);
    assert.deepEqual(errors, [[boom, 'lines']]);
  });

  test('a throwing error reporter does not break emit either', () => {
    const emitter = createEmitter<Events>({
      onListenerError: () => {
        throw new Error('reporter bug');
      },
    });
    const seen: number[] = [];
    emitter.on('lines', () => {
      throw new Error('listener bug');
    });
    emitter.on('lines', (n) => seen.push(n));
    assert.doesNotThrow(() => emitter.emit('lines', 7));
    assert.deepEqual(seen, [7]);
  });

  test('by default a listener error goes to console.error', (t) => {
    const logged = t.mock.method(console, 'error', () => undefined);
    const emitter = createEmitter<Events>();
    emitter.on('lines', () => {
      throw new Error('listener bug');
    });
    emitter.emit('lines', 1);
    assert.equal(logged.mock.callCount(), 1);
    assert.match(String(logged.mock.calls[0]!.arguments.join(' ')), /lines.*listener bug/s);
  });

  test('unsubscribe stops delivery and is idempotent', () => {
    const { emitter } = make();
    const seen: number[] = [];
    const off = emitter.on('lines', (n) => seen.push(n));
    emitter.emit('lines', 1);
    off();
    off();
    emitter.emit('lines', 2);
    assert.deepEqual(seen, [1]);
    assert.equal(emitter.listenerCount('lines'), 0);
  });

  test('a listener removed during emit is not called; one added during emit waits for the next', () => {
    const { emitter } = make();
    const seen: string[] = [];
    let offB = () => {};
    emitter.on('lines', (n) => {
      seen.push(`a${n}`);
      offB();
      emitter.on('lines', (m) => seen.push(`c${m}`));
    });
    offB = emitter.on('lines', (n) => seen.push(`b${n}`));
    emitter.emit('lines', 1);
    assert.deepEqual(seen, ['a1']);
    emitter.emit('lines', 2);
    assert.deepEqual(seen, ['a1', 'a2', 'c2']);
  });

  test('a listener unsubscribing itself during emit does not skip the next one', () => {
    const { emitter } = make();
    const seen: string[] = [];
    const offA = emitter.on('lines', () => {
      seen.push('a');
      offA();
    });
    emitter.on('lines', () => seen.push('b'));
    emitter.emit('lines', 1);
    emitter.emit('lines', 1);
    assert.deepEqual(seen, ['a', 'b', 'b']);
  });

  test('the same function subscribed twice is called twice and unsubscribed one at a time', () => {
    const { emitter } = make();
    let calls = 0;
    const fn = () => void calls++;
    const off1 = emitter.on('lines', fn);
    emitter.on('lines', fn);
    emitter.emit('lines', 0);
    off1();
    emitter.emit('lines', 0);
    assert.equal(calls, 3);
  });

  test('clear removes every listener of every event', () => {
    const { emitter } = make();
    const seen: unknown[] = [];
    emitter.on('lines', (n) => seen.push(n));
    emitter.on('state', (s) => seen.push(s));
    emitter.clear();
    emitter.emit('lines', 1);
    emitter.emit('state', 'error', 'gone');
    assert.deepEqual(seen, []);
    assert.equal(emitter.listenerCount('state'), 0);
  });
});
