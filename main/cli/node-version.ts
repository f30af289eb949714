/**
 * The Node version check the command makes before loading the program (see
 * launcher.ts). Pure: versions in, the message out.
 */

/** `22.22.0` → [22, 22, 0]; missing parts are 0. */
function parts(version: string): number[] {
  const nums = version
    .replace(/^v/, '')
    .split('.')
    .map((p) => Number.parseInt(p, 10));
  return [0, 1, 2].map((i) => (Number.isFinite(nums[i]) ? nums[i]! : 0));
}

/**
 * Null when `running` is at least `minimum` (both `MAJOR.MINOR[.PATCH]`),
 * otherwise a message naming both and what to do.
 */
export function nodeVersionProblem(running: string, minimum: string): string | null {
  const have = parts(running);
  const need = parts(minimum);
  for (let i = 0; i < 3; i++) {
    if (have[i]! > need[i]!) return null;
    if (have[i]! < need[i]!)
      return (
        `needs Node.js ${minimum} or later; this is Node.js ${running.replace(/^v/, '')}. ` +
        'Install a current Node.js (https://nodejs.org, or nvm, fnm, or your system packages) and run it again.'
      );
  }
  return null;
}
