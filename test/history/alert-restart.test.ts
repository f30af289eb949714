/**
 * A restarted `serve` with a history database knows the alert it left: one
 * still running is shown as active since its original time and not recorded
 * again; one that ended while it was away recovers once.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Snapshot } from '../../main/common/types';
import { needsCli } from '../cli/fixtures/cli';
import { clfLine, serveCli, writeTraffic, type Served } from '../e2e/fixtures/serve-cli';
import { waitFor } from '../engine/helpers';
import { sqlite, tempDir } from './helpers';

needsCli();
const tmp = tempDir();
after(() => tmp.done());

const WINDOW = 2;
const args = ['--db', tmp.db, '-m', '2', '--window', String(WINDOW)];
const transitions = () => sqlite(tmp.db, 'SELECT type FROM alerts ORDER BY at, id');
const newestSecond = () => Number(sqlite(tmp.db, 'SELECT coalesce(max(at), 0) FROM seconds'));
const snapshot = (s: Served): Promise<Snapshot> =>
  fetch(s.url.replace(/\/\?token=.*$/, '/api/snapshot')).then((r) => r.json() as Promise<Snapshot>);

test('a restart during an alert keeps it (same since, nothing recorded); a restart after it recovers once', async () => {
  const log = join(tmp.dir, 'access.log');
  let lines = '';
  for (let k = 2 * WINDOW; k > 0; k--)
    for (let i = 0; i < 10; i++) lines += clfLine(Date.now() - k * 1000);
  writeFileSync(log, lines);
  const traffic = writeTraffic(log, 20);
  try {
    let served = await serveCli(log, args);
    try {
      await waitFor(() => transitions() === 'alert', 'the alert recorded', 20_000);
    } finally {
      await served.stop();
    }
    const since = Number(sqlite(tmp.db, "SELECT at FROM alerts WHERE type = 'alert'"));
    const stoppedAt = newestSecond();

    served = await serveCli(log, args);
    try {
      // Seconds after the restart are stored: a transition judged at the start would be too.
      await waitFor(() => newestSecond() > stoppedAt + 2000, 'seconds after the restart', 20_000);
      const snap = await snapshot(served);
      console.log(
        'DBG',
        sqlite(tmp.db, 'SELECT type, at FROM alerts'),
        since,
        stoppedAt,
        JSON.stringify(snap.alert),
      );
      assert.equal(snap.alert.active, true);
      assert.equal(snap.alert.since, since, 'active since its original time');
      assert.equal(transitions(), 'alert', 'the running alert is not recorded again');
    } finally {
      await served.stop();
    }
  } finally {
    traffic.stop();
  }

  // The traffic stops; once the window has passed, a restart finds it over.
  const lastLine = Date.now();
  await waitFor(() => Date.now() > lastLine + (WINDOW + 2) * 1000, 'the window passed', 20_000);
  const served = await serveCli(log, args);
  try {
    await waitFor(() => transitions() === 'alert\nrecovery', 'the recovery recorded', 20_000);
    const snap = await snapshot(served);
    assert.equal(snap.alert.active, false);
    assert.equal(snap.history.filter((e) => e.type === 'recovery').length, 1);
  } finally {
    await served.stop();
  }
  assert.equal(transitions(), 'alert\nrecovery', 'recovered once');
});
