/**
 * The command checks the Node version before it loads the program, so an
 * older Node gets a message naming both versions instead of Node's own
 * "No such built-in module: node:sqlite".
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { nodeVersionProblem } from '../../main/cli/node-version';
import { CLI, needsCli, ROOT } from './fixtures/cli';

needsCli();

const minimum = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }
).engines.node.replace(/^>=/, '');

describe('Node version check', () => {
  test('compares major, minor and patch as numbers', () => {
    assert.equal(nodeVersionProblem('22.22.0', '22.22'), null);
    assert.equal(nodeVersionProblem('v24.1.0', '22.22'), null);
    assert.equal(nodeVersionProblem('22.100.0', '22.22'), null, 'not a string comparison');
    assert.equal(nodeVersionProblem('23.0.0', '22.22.5'), null);
    assert.match(
      nodeVersionProblem('22.21.9', '22.22')!,
      /needs Node\.js 22\.22 or later; this is Node\.js 22\.21\.9/,
    );
    assert.match(nodeVersionProblem('v20.20.2', '22.22')!, /this is Node\.js 20\.20\.2\./);
    assert.notEqual(nodeVersionProblem('22.22.4', '22.22.5'), null);
  });

  test('the built command stops on an older Node with that message, before loading anything', () => {
    // The launcher reads process.versions.node: a preload makes this Node say it is 20.0.0.
    const pretend =
      'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.0.0"})';
    const r = spawnSync(process.execPath, ['--import', pretend, CLI, '--version'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '', 'the program did not run');
    assert.equal(
      r.stderr.trim().split('\n')[0],
      `http-console: needs Node.js ${minimum} or later; this is Node.js 20.0.0. ` +
        'Install a current Node.js (https://nodejs.org, or nvm, fnm, or your system packages) and run it again.',
    );
  });

  test('on this Node the command runs', () => {
    const r = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^http-console \d+\.\d+\.\d+/);
  });
});
