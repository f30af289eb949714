/**
 * The app's fleet engine: the Prometheus target from preferences, with the
 * token read from its file each time the fleet is watched (the rule and its
 * messages are the console's `--prometheus-token-file`).
 */
import type { FleetTarget } from '../engine/api';
import { createFleetEngine } from '../engine/fleet-engine';
import type { FleetEngineFactory } from '../engine/monitor';
import { readPrometheusToken, type TokenFileAccess } from '../cli/prometheus-token';

const FLAG = '--prometheus-token-file: ';

/** The token of `target`, or undefined without a token file; throws an Error naming the preference. */
export function fleetToken(
  target: FleetTarget,
  warn: (message: string) => void,
  access?: TokenFileAccess,
): string | undefined {
  if (target.tokenFile === null) return undefined;
  const rename = (m: string) =>
    m.startsWith(FLAG) ? `prometheusTokenFile: ${m.slice(FLAG.length)}` : m;
  try {
    return readPrometheusToken(target.tokenFile, (m) => warn(rename(m)), access);
  } catch (err) {
    throw new Error(rename((err as Error).message));
  }
}

/** Makes the fleet engine for the monitor (main/engine/fleet-engine.ts). */
export function appFleetEngine(warn: (message: string) => void): FleetEngineFactory {
  return (target, options) => {
    const token = fleetToken(target, warn);
    return createFleetEngine({
      ...options,
      prometheus: {
        url: target.url,
        ...(target.selector ? { selector: target.selector } : {}),
        ...(token !== undefined ? { token } : {}),
      },
    });
  };
}
