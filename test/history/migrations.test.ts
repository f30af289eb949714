import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { openHistory, openHistoryReader } from '../../main/history/open';
import { migrate, SCHEMA_VERSION } from '../../main/history/schema';
import { fakeClock, sqlite, T0, tempDir } from './helpers';

const SOURCE = '/logs/access.log';
const HOUR = 3_600_000;

/**
 * Files as each older version wrote them: two hours and a minute of traffic,
 * 2 hits a minute on /a and 1 on /b, and one alert. Add one here for every
 * new schema version.
 */
const OLDER: Record<number, (path: string) => void> = {
  1(path) {
    const db = new DatabaseSync(path);
    db.exec('BEGIN');
    migrate(db, 0, 1);
    db.prepare("INSERT INTO meta VALUES ('source', ?), ('created', ?)").run(SOURCE, String(T0));
    const minute = db.prepare(
      'INSERT INTO minutes VALUES (?, 3, 300, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0.05, 0)',
    );
    const tops = db.prepare(
      `INSERT INTO minute_tops VALUES (?, 3, 2,
        '{"t":[["/a",2],["/b",1]],"o":0,"u":0}', '{"t":[["10.0.0.0/24",3]],"o":0,"u":0}',
        '{"t":[["200",3]],"o":0,"u":0}', '{"t":[["GET",3]],"o":0,"u":0}')`,
    );
    for (let m = 0; m <= 120; m++) {
      minute.run(T0 + m * 60_000);
      tops.run(T0 + m * 60_000);
    }
    db.prepare('INSERT INTO seconds VALUES (?, 3, 300, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0.05, 0)').run(
      T0 + 2 * HOUR,
    );
    db.prepare(
      `INSERT INTO alerts (type, at, avg, peak, hits, threshold, window, prefs)
       VALUES ('alert', ?, 11, 14, 1320, 10, 120, '{"threshold":10}')`,
    ).run(T0 + HOUR);
    db.exec('COMMIT');
    db.close();
  },
};

test('there is a fixture for every older schema version', () => {
  assert.deepEqual(
    Object.keys(OLDER).map(Number),
    Array.from({ length: SCHEMA_VERSION - 1 }, (_, i) => i + 1),
  );
});

for (const [version, write] of Object.entries(OLDER)) {
  test(`a version ${version} file is migrated when opened, its history kept`, (t) => {
    const tmp = tempDir();
    t.after(tmp.done);
    write(tmp.db);
    const reader = openHistoryReader(tmp.db);
    assert.equal(!reader.ok && reader.code, 'older-schema', 'a report does not migrate');

    const r = openHistory({ path: tmp.db, source: SOURCE, clock: fakeClock(T0) });
    assert.ok(r.ok, !r.ok ? r.message : '');
    const h = r.history;
    assert.equal(sqlite(tmp.db, 'PRAGMA user_version'), String(SCHEMA_VERSION));
    const range = h.range({ from: T0, to: T0 + 2 * HOUR + 60_000, step: '1m' });
    assert.equal(range.stats.hits, 121 * 3);
    assert.deepEqual(range.stats.sections, [
      { section: '/a', hits: 242 },
      { section: '/b', hits: 121 },
    ]);
    assert.equal(range.stats.approximate, false);
    assert.deepEqual(
      h.alerts().map((a) => [a.type, a.peak, a.prefs]),
      [['alert', 14, { threshold: 10 }]],
    );
    h.close();
    // The hours that were complete are rolled up, the last (open) one is not.
    assert.equal(sqlite(tmp.db, 'SELECT group_concat(at) FROM hours'), `${T0},${T0 + HOUR}`);
    assert.equal(sqlite(tmp.db, 'PRAGMA integrity_check'), 'ok');
  });
}
