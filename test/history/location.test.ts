import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appHistoryPath, defaultHistoryPath } from '../../main/history/location';

test('Linux: XDG_STATE_HOME, else ~/.local/state', () => {
  const home = '/home/ana';
  assert.equal(
    defaultHistoryPath({ platform: 'linux', env: { XDG_STATE_HOME: '/var/state' }, home }),
    '/var/state/http-console/history.db',
  );
  assert.equal(
    defaultHistoryPath({ platform: 'linux', env: {}, home }),
    '/home/ana/.local/state/http-console/history.db',
  );
  // A relative XDG_STATE_HOME is invalid by the XDG spec and ignored.
  assert.equal(
    defaultHistoryPath({ platform: 'freebsd', env: { XDG_STATE_HOME: 'state' }, home }),
    '/home/ana/.local/state/http-console/history.db',
  );
});

test('macOS: Application Support; Windows: LOCALAPPDATA', () => {
  assert.equal(
    defaultHistoryPath({ platform: 'darwin', env: {}, home: '/Users/ana' }),
    '/Users/ana/Library/Application Support/http-console/history.db',
  );
  assert.equal(
    defaultHistoryPath({
      platform: 'win32',
      env: { LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' },
      home: 'C:\\Users\\ana',
    }),
    'C:\\Users\\ana\\AppData\\Local\\http-console\\history.db',
  );
  assert.equal(
    defaultHistoryPath({ platform: 'win32', env: {}, home: 'C:\\Users\\ana' }),
    'C:\\Users\\ana\\AppData\\Local\\http-console\\history.db',
  );
});

test('the tray app: one database per log in its data folder, named by the log and its path', () => {
  const a = appHistoryPath('/u/data', '/var/log/nginx/access.log');
  const b = appHistoryPath('/u/data', '/srv/site/access.log');
  assert.match(a, /^\/u\/data\/history\/access\.log-[0-9a-f]{12}\.db$/);
  assert.notEqual(a, b, 'two logs of the same name never share a database');
  assert.equal(
    appHistoryPath('/u/data', '/var/log/nginx/access.log'),
    a,
    'the same log finds it again',
  );
  assert.match(appHistoryPath('/u/data', '/x/we ird;name'), /\/we_ird_name-[0-9a-f]{12}\.db$/);
});
