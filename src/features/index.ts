import type { Context } from '../context.js';
import type { Stage } from '../pipeline.js';
import { loadCheckedRuleSet } from '../rules/ruleset.js';
import { sqlFile } from '../db/sql.js';
import { runScript } from '../db/script.js';
import { buildExchangeFeatures, writeRulePatterns } from './exchange.js';

/** The only pass over raw exchanges: everything detectors read comes from the tables made here. */
export const featuresStage: Stage = {
  name: 'features',
  async run(ctx: Context): Promise<void> {
    await exchangeFeatures(ctx);
    await exposePrompts(ctx, 'SELECT request_id, account_id, prompt FROM exchanges');
    await aggregateFeatures(ctx);
  },
};

/**
 * The per-exchange half: rule packs matched, prompts templated. This is the part that reads the
 * text of every exchange, so it is the part `distill-audit features` runs per partition.
 */
export async function exchangeFeatures(ctx: Context): Promise<void> {
  const rules = await loadCheckedRuleSet(ctx.db, ctx.options.rules);
  await writeRulePatterns(ctx.db, rules);
  const started = performance.now();
  await buildExchangeFeatures(ctx.db, rules);
  // Findings name rule ids, so the report's chain of custody names the packs (and versions)
  // they came from. All packs are matched in the one exchange pass, so each carries that pass's
  // whole time (the same figure for every pack), not a time of its own.
  const ms = Math.round(performance.now() - started);
  for (const pack of rules.packs) {
    ctx.timings.push({ stage: 'features', name: `rules:${pack.name}`, version: pack.version, kind: 'rule-pack', ms });
  }
}

/**
 * `exchange_prompts (request_id, account_id, prompt)`: where later stages find an exchange's prompt text (the
 * report's examples, prompt indicators). A view over `exchanges` in a scan of logs; over the
 * partials' Parquet files, read on demand, in a scan of partials.
 */
export async function exposePrompts(ctx: Context, select: string): Promise<void> {
  await ctx.db.run(`CREATE OR REPLACE TEMP VIEW exchange_prompts AS ${select}`);
}

/** The per-account half: sums, distinct counts, gaps and shares over `exchanges` and `exchange_features`. */
export async function aggregateFeatures(ctx: Context): Promise<void> {
  await runScript(ctx.db, sqlFile(import.meta.url, 'account_features.sql'));
}
