/**
 * The follower's two outputs, lines and file states, fanned out to
 * listeners. A listener that throws is logged, never allowed to break
 * reading. Repeated identical `waiting`/`error`/`following` states are
 * reported once; `rotated` and `truncated` are events, reported every time.
 */
import type { FileCode, FileState } from '../../common/types';
import type { FileStatus } from './file-messages';
import type { LineBatch } from './line-splitter';

/** A state listener: the state, its message for people and its code for scripts. */
export type StateListener = (state: FileState, message: string, code: FileCode) => void;

export interface FollowerEvents {
  deliver(batch: LineBatch): void;
  setState(status: FileStatus): void;
  readonly lastState: FileState | null;
  readonly lastMessage: string;
  onLines(cb: (batch: LineBatch) => void): () => void;
  onState(cb: StateListener): () => void;
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
  const stateListeners = new Set<StateListener>();
  let lastState: FileState | null = null;
  let lastCode: FileCode | null = null;
  let lastMessage = '';
  return {
    deliver(batch) {
      if (batch.lines.length > 0 || batch.overlong.length > 0 || batch.blocks?.length)
        callEach(lineListeners, [batch], 'line');
    },
    setState({ state, code, message }) {
      const event = state === 'rotated' || state === 'truncated';
      if (!event && state === lastState && code === lastCode && message === lastMessage) return;
      lastState = state;
      lastCode = code;
      lastMessage = message;
      callEach(stateListeners, [state, message, code], 'state');
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
