/**
 * Finding the Prometheus tools the tests run (prometheus, promtool, amtool).
 * A missing tool skips its tests with a message on a workstation; in CI
 * (`CI` set) a missing prometheus or promtool is a failure, since CI installs them.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** docs/prometheus: the files the README ships, tested as they are. */
export const promDocs = fileURLToPath(new URL('../../docs/prometheus/', import.meta.url));

/** True when `tool --version` runs. */
export function hasTool(tool: string): boolean {
  return spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * The `skip` option for a test that needs `tool`: false when present; a message when
 * absent outside CI; throws in CI when `requiredInCi` (the test then fails loudly).
 */
export function skipWithout(tool: string, requiredInCi: boolean): string | false {
  if (hasTool(tool)) return false;
  if (requiredInCi && process.env.CI) throw new Error(`${tool} is not installed, and CI needs it`);
  return `${tool} is not installed (apt-get install ${tool === 'amtool' ? 'prometheus-alertmanager' : 'prometheus'})`;
}
