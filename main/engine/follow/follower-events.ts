/**
 * The follower's two outputs, lines and file states, fanned out to
 * listeners. A listener that throws is logged, never allowed to break
 * reading. Repeated identical `waiting`/`error`/`following` states are
 * reported once; `rotated` and `truncated` are events, reported every time.
 */
import { createEmitter } from '../../common/emitter';
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

/** Creates the listener sets. */
export function createFollowerEvents(): FollowerEvents {
  const emitter = createEmitter<{ lines: [LineBatch]; state: [FileState, string, FileCode] }>();
  let lastState: FileState | null = null;
  let lastCode: FileCode | null = null;
  let lastMessage = '';
  return {
    deliver(batch) {
      if (batch.lines.length > 0 || batch.overlong.length > 0 || batch.blocks?.length)
        emitter.emit('lines', batch);
    },
    setState({ state, code, message }) {
      const event = state === 'rotated' || state === 'truncated';
      if (!event && state === lastState && code === lastCode && message === lastMessage) return;
      lastState = state;
      lastCode = code;
      lastMessage = message;
      emitter.emit('state', state, message, code);
    },
    get lastState() {
      return lastState;
    },
    get lastMessage() {
      return lastMessage;
    },
    onLines: (cb) => emitter.on('lines', cb),
    onState: (cb) => emitter.on('state', cb),
  };
}
