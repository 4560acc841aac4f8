import { humanDuration } from './duration.js';
import type { Context } from './context.js';
import { loadStage } from './load/index.js';
import { windowStage } from './load/window.js';
import { evidenceStage } from './load/evidence.js';
import { featuresStage } from './features/index.js';
import { partialStages } from './features/merge.js';
import { readPartials } from './features/partial.js';
import { signalsStage } from './detectors/index.js';
import { linkStage } from './link/index.js';
import { clusterStage } from './cluster/index.js';
import { campaignStage } from './campaign/index.js';
import { attributionStage } from './campaign/attribute.js';

/**
 * A stage reads tables and writes tables; it knows nothing of the stages after it.
 * The scan runs them in order and times each.
 */
export interface Stage {
  name: string;
  run(ctx: Context): Promise<void>;
}

export async function runStages(ctx: Context, stages: readonly Stage[]): Promise<void> {
  for (const stage of stages) await timeStage(ctx, stage.name, () => stage.run(ctx));
}

/**
 * Runs one step and records its wall time as a stage timing (no version: that marks a stage, not a
 * detector). The note on stderr tells whoever waits on a long scan where the time goes.
 */
export async function timeStage<T>(ctx: Context, name: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  ctx.log.stageStarted?.(name);
  let result: T;
  try {
    result = await step();
  } finally {
    ctx.log.progressDone();
  }
  const ms = Math.round(performance.now() - started);
  ctx.timings.push({ stage: name, name, ms });
  ctx.log.info(`stage ${name}: ${humanDuration(ms)}`);
  return result;
}

/** The stages of a scan, in order. Later stages read only the tables of earlier ones. */
export const SCAN_STAGES: readonly Stage[] = [
  loadStage,
  windowStage,
  evidenceStage,
  featuresStage,
  signalsStage,
  linkStage,
  clusterStage,
  campaignStage,
  attributionStage,
];

/** The stages of a scan of partials: the merge stands in for load, the per-account half for features. */
export function partialScanStages(dirs: string[]): readonly Stage[] {
  const { merge, features } = partialStages(readPartials(dirs));
  return SCAN_STAGES.map((s) => (s === loadStage ? merge : s === featuresStage ? features : s));
}
