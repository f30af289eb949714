/**
 * The follower's two outputs, lines and file states, fanned out to
 * listeners. A listener that throws is logged, never allowed to break
 * reading. Repeated identical `waiting`/`error`/`following` states are
 * reported once; `rotated` and `truncated` are events, reported every time.
 */
import { createEmitter } from '../../common/emitter';
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

/** Creates the listener sets. */
export function createFollowerEvents(): FollowerEvents {
  const emitter = createEmitter<{ lines: [LineBatch]; state: [FileState, string] }>();
  let lastState: FileState | null = null;
  let lastMessage = '';
  return {
    deliver(batch) {
      if (batch.lines.length > 0 || batch.overlong.length > 0 || batch.blocks?.length)
        emitter.emit('lines', batch);
    },
    setState(state, message) {
      const event = state === 'rotated' || state === 'truncated';
      if (!event && state === lastState && message === lastMessage) return;
      lastState = state;
      lastMessage = message;
      emitter.emit('state', state, message);
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
