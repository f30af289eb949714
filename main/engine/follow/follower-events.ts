/**
 * The follower's two outputs, lines and file states, fanned out to
 * listeners. A listener that throws is logged, never allowed to break
 * reading. Repeated identical `waiting`/`error`/`following` states are
 * reported once; `rotated` and `truncated` are events, reported every time.
 */
import type { FileState } from '../../common/types';
import type { LineBatch } from './line-splitter';

export interface FollowerEvents {
  deliver(batch: LineBatch): void;
  setState(state: FileState, message: string): void;
  readonly lastState: FileState | null;
  readonly lastMessage: string;
  onLines(cb: (batch: LineBatch) => void): () => void;
  onState(cb: (state: FileState, message: string) => void): () => void;
}

function callEach<A extends unknown[]>(
  listeners: Set<(...args: A) => void>,
  args: A,
  what: string,
): void {
  for (const cb of listeners) {
    try {
      cb(...args);
    } catch (err) {
      console.error(`follower: a ${what} listener threw`, err);
    }
  }
}

/** Creates the listener sets. */
export function createFollowerEvents(): FollowerEvents {
  const lineListeners = new Set<(batch: LineBatch) => void>();
  const stateListeners = new Set<(state: FileState, message: string) => void>();
  let lastState: FileState | null = null;
  let lastMessage = '';
  return {
    deliver(batch) {
      if (batch.lines.length > 0 || batch.overlong.length > 0 || batch.blocks?.length)
        callEach(lineListeners, [batch], 'line');
    },
    setState(state, message) {
      const event = state === 'rotated' || state === 'truncated';
      if (!event && state === lastState && message === lastMessage) return;
      lastState = state;
      lastMessage = message;
      callEach(stateListeners, [state, message], 'state');
    },
    get lastState() {
      return lastState;
    },
    get lastMessage() {
      return lastMessage;
    },
    onLines(cb) {
      lineListeners.add(cb);
      return () => void lineListeners.delete(cb);
    },
    onState(cb) {
      stateListeners.add(cb);
      return () => void stateListeners.delete(cb);
    },
  };
}
