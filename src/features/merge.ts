import type { Context } from '../context.js';
import { createLoadTables, loadSideInputs } from '../load/index.js';
import { readInvestigation } from '../load/indicators.js';
import type { Stage } from '../pipeline.js';
import { aggregateFeatures, exposePrompts } from './index.js';
import { mergePartials, partialPromptsSql, type Partial } from './partial.js';

/**
 * The stages that stand in for load and features when a scan starts from partials
 * (`scan --features DIR...`): the partials are merged into the load stage's tables, the run's
 * window applies as usual, and only the per-account half of features runs here.
 */
export function partialStages(partials: Partial[]): { merge: Stage; features: Stage } {
  return {
    merge: {
      name: 'merge',
      async run(ctx: Context): Promise<void> {
        const investigation = ctx.options.indicators ? await readInvestigation(ctx, ctx.options.indicators) : undefined;
        await createLoadTables(ctx);
        await mergePartials(ctx, partials);
        await loadSideInputs(ctx, investigation);
      },
    },
    features: {
      name: 'features',
      async run(ctx: Context): Promise<void> {
        // The partials were written before any window: keep the features of the exchanges in it.
        await ctx.db.run(`CREATE OR REPLACE TABLE exchange_features AS
          SELECT f.* FROM partial_features f SEMI JOIN exchanges e USING (request_id)`);
        await ctx.db.run('DROP TABLE partial_features');
        await exposePrompts(ctx, partialPromptsSql(partials));
        await aggregateFeatures(ctx);
      },
    },
  };
}
