/** The `--json` interface: one object per event per line. See docs/reference/json-events.md. */
import type { EngineEvent } from '../common/types';

/**
 * Schema version carried by every object as `v`. It changes only when a field
 * changes meaning or goes away; new fields do not change it.
 */
export const JSON_SCHEMA_VERSION = 1;

/**
 * JSON.stringify escapes U+0000–U+001F but leaves DEL, the C1 controls and
 * U+2028/U+2029 raw; valid JSON either way, but a person may `tail` the output
 * in a terminal that obeys C1 controls. As \u escapes the data is unchanged.
 */
const RAW_CONTROLS = /[\u007f-\u009f\u2028\u2029]/g;

/**
 * `e` as one line of JSON (without the newline), schema version first; `extra`
 * adds fields the front knows and the engine does not (a summary's `udpDrops`).
 */
export function jsonLine(e: EngineEvent, extra: object = {}): string {
  return JSON.stringify({ v: JSON_SCHEMA_VERSION, ...e, ...extra }).replace(
    RAW_CONTROLS,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
