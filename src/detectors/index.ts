import type { Context } from '../context.js';
import { sqlFile } from '../db/sql.js';
import { runScript } from '../db/script.js';
import type { Stage } from '../pipeline.js';
import type { Detector } from './detector.js';
import { DETECTORS } from './registry.js';
import { evidenceCounts, missingEvidence } from '../load/evidence.js';

/** Writes `signals` from the features tables, timing each detector for report.json's `detectors`. */
export const signalsStage: Stage = {
  name: 'signals',
  async run(ctx: Context): Promise<void> {
    await runDetectors(ctx, DETECTORS);
  },
};

export async function runDetectors(ctx: Context, detectors: readonly Detector[]): Promise<void> {
  await runScript(ctx.db, sqlFile(import.meta.url, 'signals.sql'));
  const evidence = await evidenceCounts(ctx);
  for (const d of detectors) {
    // Absent evidence is no behaviour: the detector stays silent, and the report names what it lacked.
    if (missingEvidence(d.needs, evidence).length > 0) continue;
    const started = performance.now();
    await d.run(ctx.db);
    ctx.timings.push({ stage: 'signals', name: d.name, version: d.version, ms: Math.round(performance.now() - started) });
  }
  // Features are floating-point aggregates computed in parallel, so their last bits depend on the
  // thread count; strengths are quantised so the same input gives the same report, order included.
  await ctx.db.run('UPDATE signals SET strength = round(strength, 9)');
}
