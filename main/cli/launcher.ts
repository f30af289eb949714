/**
 * The `http-console` command's entry. It checks the Node version before it
 * loads the program (main.js), whose first imports (node:sqlite) would
 * otherwise stop an older Node with its own "No such built-in module". Kept
 * tiny, and built for old Node versions, so that it runs on them and says so.
 */
import { nodeVersionProblem } from './node-version';

/** From package.json's `engines.node`, set by the build. */
declare const __MIN_NODE__: string;

const problem = nodeVersionProblem(process.versions.node, __MIN_NODE__);
if (problem !== null) {
  process.stderr.write(`http-console: ${problem}\n`);
  process.exit(1);
}
// The program is a bundle of its own beside this one (dist/cli/main.js), found at run time;
// a rejected load prints Node's own error and stack, as any crash of the program does.
const program = './main.js';
void import(program);
