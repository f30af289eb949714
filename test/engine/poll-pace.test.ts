import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createPollPace,
  SLOWER,
  TRUST_AFTER,
  type PollPace,
} from '../../main/engine/follow/poll-pace';

const POLL = 1000;

/** A look at `now` that finds a change, announced by a notification or not. */
function change(pace: PollPace, now: number, announced: boolean): void {
  if (announced) pace.hinted();
  pace.lookEnded(pace.lookBegins(now), true);
}

describe('poll pace: the safety net slows only while notifications announce every change', () => {
  test('trusted from the start: a quiet file is looked at every SLOWER × pollMs', () => {
    const pace = createPollPace(POLL);
    assert.equal(pace.slowed, true);
    pace.lookEnded(pace.lookBegins(0), false);
    assert.equal(pace.due(POLL, true, false), false);
    assert.equal(pace.due(SLOWER * POLL, true, false), true);
  });

  test('after an unannounced change, every tick until TRUST_AFTER announced changes in a row', () => {
    const pace = createPollPace(POLL);
    change(pace, 0, false);
    for (let i = 1; i < TRUST_AFTER; i++) change(pace, i * POLL, true);
    assert.equal(pace.due(TRUST_AFTER * POLL, true, false), true);
    change(pace, TRUST_AFTER * POLL, false);
    for (let i = 1; i < TRUST_AFTER; i++) change(pace, (TRUST_AFTER + i) * POLL, true);
    assert.equal(pace.slowed, false, 'the row starts again after an unannounced change');
    change(pace, 2 * TRUST_AFTER * POLL, true);
    assert.equal(pace.slowed, true);
    assert.equal(pace.due((2 * TRUST_AFTER + 1) * POLL, true, false), false);
  });

  test('slowed: a tick looks only SLOWER × pollMs after the last look, whatever started it', () => {
    const pace = createPollPace(POLL);
    for (let i = 0; i < TRUST_AFTER; i++) change(pace, i * POLL, true);
    const last = (TRUST_AFTER - 1) * POLL;
    assert.equal(pace.due(last + POLL, true, false), false);
    assert.equal(pace.due(last + SLOWER * POLL - 1, true, false), false);
    assert.equal(pace.due(last + SLOWER * POLL, true, false), true);
    // A notification's look resets the wait.
    change(pace, last + 2 * POLL, true);
    assert.equal(pace.due(last + SLOWER * POLL, true, false), false);
  });

  test('a change found with no notification before it returns to every tick', () => {
    const pace = createPollPace(POLL);
    for (let i = 0; i < TRUST_AFTER; i++) change(pace, i * POLL, true);
    change(pace, 10 * POLL, false);
    assert.equal(pace.slowed, false);
    assert.equal(pace.due(10 * POLL + 1, true, false), true);
  });

  test('looks that find nothing neither earn nor lose trust', () => {
    const pace = createPollPace(POLL);
    pace.lookEnded(pace.lookBegins(0), false);
    assert.equal(pace.slowed, true);
    change(pace, POLL, false);
    for (let i = 2; i < 10; i++) pace.lookEnded(pace.lookBegins(i * POLL), false);
    assert.equal(pace.slowed, false);
  });

  test('no watch, or rotated-away files to drain: every tick looks even when slowed', () => {
    const pace = createPollPace(POLL);
    for (let i = 0; i < TRUST_AFTER; i++) change(pace, i * POLL, true);
    const soon = TRUST_AFTER * POLL;
    assert.equal(pace.due(soon, false, false), true);
    assert.equal(pace.due(soon, true, true), true);
  });
});
