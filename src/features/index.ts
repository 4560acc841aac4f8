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
    await buildExchangeFeatures(ctx.db, rules);
    await ctx.db.run(sqlFile(import.meta.url, 'account_features.sql'));
  },
};
