/** Which engine a run uses: a log's, or with `--prometheus` a fleet's (main/engine/fleet-engine.ts). */
import type { Engine, EngineOptions } from '../engine/api';
import { createEngine } from '../engine/engine';
import { createFleetEngine } from '../engine/fleet-engine';
import type { PrometheusOption } from './args';

/** The engine maker for these options; the fleet's takes the figures from EngineOptions. */
export function engineMaker(prometheus: PrometheusOption | null): (o: EngineOptions) => Engine {
  if (prometheus === null) return createEngine;
  const { url, selector, token } = prometheus;
  return (o) =>
    createFleetEngine({
      ...o,
      prometheus: { url, ...(selector !== null ? { selector } : {}), ...(token ? { token } : {}) },
    });
}
