/**
 * How often the safety-net poll looks at a followed file (see
 * docs/reference/following.md, "Notifications and polling"). While the
 * directory's notifications can be trusted, a tick looks only when the last
 * look (a notification's own look counts) is SLOWER × `pollMs` old; otherwise
 * every `pollMs`. They are trusted from the start, and lose that trust when a
 * look finds a change with no notification before it (a network filesystem,
 * an overflowed notification queue, a write through a hard link elsewhere);
 * TRUST_AFTER announced changes in a row earn it back. Every tick looks while
 * rotated-away files are drained (nothing watches them) or nothing watches.
 */

/** Announced changes in a row that earn back the trust an unannounced one lost. */
export const TRUST_AFTER = 3;
/** The slowed safety net looks every SLOWER × pollMs. */
export const SLOWER = 5;

export interface PollPace {
  /** A notification about the file arrived. */
  hinted(): void;
  /** A look begins at `now`; returns whether a notification came since the last look began. */
  lookBegins(now: number): boolean;
  /** The look ended; `changed`: it found new bytes or another file at the path. */
  lookEnded(announced: boolean, changed: boolean): void;
  /** On a safety-net tick at `now`: look? `watching`: notifications are set up; `draining`: rotated-away files are open. */
  due(now: number, watching: boolean, draining: boolean): boolean;
  /** Whether the safety net is slowed now (for tests and status). */
  readonly slowed: boolean;
}

/** A pace for one file; `pollMs` is the safety net's fast interval. */
export function createPollPace(pollMs: number): PollPace {
  let hints = 0;
  let announcedInRow = TRUST_AFTER;
  let lastLook = -Infinity;
  return {
    hinted() {
      hints++;
    },
    lookBegins(now) {
      lastLook = now;
      const announced = hints > 0;
      hints = 0;
      return announced;
    },
    lookEnded(announced, changed) {
      if (!changed) return;
      announcedInRow = announced ? announcedInRow + 1 : 0;
    },
    due(now, watching, draining) {
      if (!watching || draining || announcedInRow < TRUST_AFTER) return true;
      return now - lastLook >= SLOWER * pollMs;
    },
    get slowed() {
      return announcedInRow >= TRUST_AFTER;
    },
  };
}
