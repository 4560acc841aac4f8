import type { Context } from '../context.js';
import type { Database } from '../db/database.js';
import { sqlFile } from '../db/sql.js';
import { runScript } from '../db/script.js';
import type { Stage } from '../pipeline.js';
import { ROLES, type Detector } from './detector.js';
import { DETECTORS } from './registry.js';
import { evidenceCounts, missingEvidence } from '../load/evidence.js';

/** Writes `signals` from the features tables, timing each detector for report.json's `detectors`. */
export const signalsStage: Stage = {
  name: 'signals',
  async run(ctx: Context): Promise<void> {
    await runDetectors(ctx, DETECTORS);
  },
};

/**
 * Runs the given detectors (the registry's, or a test's) and writes `detector_roles`, the role of
 * each of them, which is where the campaign decision learns what a detector's signal counts as.
 */
export async function runDetectors(ctx: Context, detectors: readonly Detector[]): Promise<void> {
  await runScript(ctx.db, sqlFile(import.meta.url, 'signals.sql'));
  await writeDetectorRoles(ctx.db, detectors);
  const evidence = await evidenceCounts(ctx);
  for (const d of detectors) {
    // Absent evidence is no behaviour: the detector stays silent, and the report names what it lacked.
    if (missingEvidence(d.needs, evidence).length > 0) continue;
    const started = performance.now();
    await d.run(ctx.db);
    ctx.timings.push({ stage: 'signals', name: d.name, version: d.version, kind: 'detector', ms: Math.round(performance.now() - started) });
  }
  // Features are floating-point aggregates computed in parallel, so their last bits depend on the
  // thread count; strengths are quantised so the same input gives the same report, order included.
  await ctx.db.run('UPDATE signals SET strength = round(strength, 9)');
}

/**
 * Writes `detector_roles`: each detector of the run, its role and what that counts as in the
 * campaign decision (`ROLES`), which reads it there.
 */
export async function writeDetectorRoles(db: Database, detectors: readonly Detector[]): Promise<void> {
  const names = detectors.map((d) => d.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  // One row per detector: a name given twice would count its signals twice in the decision.
  if (twice !== undefined) throw new Error(`detector ${twice} is listed twice`);
  await db.run(`CREATE OR REPLACE TABLE detector_roles (${ROLE_COLUMNS.map((c) => `${c.name} ${c.type}`).join(', ')})`);
  await db.insertMany(
    'detector_roles',
    ROLE_COLUMNS,
    detectors.map((d) => ({ detector: d.name, role: d.role, ...ROLES[d.role] })),
  );
}

const ROLE_COLUMNS = [
  { name: 'detector', type: 'VARCHAR' },
  { name: 'role', type: 'VARCHAR' },
  { name: 'extraction', type: 'BOOLEAN' },
  { name: 'churn', type: 'BOOLEAN' },
] as const;
