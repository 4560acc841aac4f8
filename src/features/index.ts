import type { Context } from '../context.js';
import type { Stage } from '../pipeline.js';
import { loadCheckedRuleSet } from '../rules/ruleset.js';
import { sqlFile } from '../db/sql.js';
import { buildExchangeFeatures, writeRulePatterns } from './exchange.js';

/** The only pass over raw exchanges: everything detectors read comes from the tables made here. */
export const featuresStage: Stage = {
  name: 'features',
  async run(ctx: Context): Promise<void> {
    const rules = await loadCheckedRuleSet(ctx.db, ctx.options.rules);
    await writeRulePatterns(ctx.db, rules);
    const started = performance.now();
    await buildExchangeFeatures(ctx.db, rules);
    // Findings name rule ids, so the report's chain of custody names the packs (and versions)
    // they came from. All packs are matched in the one exchange pass: each carries its time.
    const ms = Math.round(performance.now() - started);
    for (const pack of rules.packs) {
      ctx.timings.push({ stage: 'features', name: `rules:${pack.name}`, version: pack.version, ms });
    }
    await ctx.db.run(sqlFile(import.meta.url, 'account_features.sql'));
  },
};
