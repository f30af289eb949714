/**
 * The history database (see docs/reference/history.md): what the engine's
 * front-ends wire in.
 */
export { defaultHistoryPath } from './location';
export { openHistory, openHistoryReader, type OpenHistoryOptions, type OpenResult } from './open';
export { runReport } from './report';
export type * from './types';
