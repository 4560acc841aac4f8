import type { Context } from '../context.js';
import type { Database } from '../db/database.js';
import { sqlFile } from '../db/sql.js';
import { runScript } from '../db/script.js';
import type { Stage } from '../pipeline.js';
import { gradeAttribution, type ActorCoverage, type IndicatorMatch } from './attribution.js';
import { tableExists } from '../db/tables.js';

/**
 * Matches the investigator's indicators against each campaign and grades the attribution.
 * Writes `attributions` and `attribution_evidence`.
 */
export const attributionStage: Stage = {
  name: 'attribution',
  async run(ctx: Context): Promise<void> {
    const db = ctx.db;
    await db.run(`CREATE OR REPLACE TABLE attributions (campaign_id VARCHAR, actor VARCHAR, confidence VARCHAR,
      coverage DOUBLE, kinds INTEGER, conflict BOOLEAN)`);
    await db.run(`CREATE OR REPLACE TABLE attribution_evidence (campaign_id VARCHAR, ordinal INTEGER, indicator VARCHAR,
      accounts BIGINT, exchanges BIGINT, source VARCHAR)`);
    const campaigns = await db.all<{ campaign_id: string; accounts: number; exchanges: number }>(
      'SELECT campaign_id, account_count AS accounts, observed AS exchanges FROM campaigns ORDER BY rank',
    );
    if (campaigns.length === 0) return;
    await db.run('CREATE OR REPLACE TEMP VIEW attribution_scope AS SELECT request_id, campaign_id FROM exchange_labels');
    const { matches, coverage } = await matchIndicators(db, ctx.options.partnerSalt ?? null);
    for (const c of campaigns) {
      const a = gradeAttribution(
        c,
        matches.filter((m) => m.campaign_id === c.campaign_id),
        coverage.filter((m) => m.campaign_id === c.campaign_id),
      );
      await db.run('INSERT INTO attributions VALUES ($id, $actor, $confidence, $coverage, $kinds, $conflict)', {
        id: c.campaign_id,
        actor: a.actor,
        confidence: a.confidence,
        coverage: a.coverage,
        kinds: a.kinds,
        conflict: a.conflict,
      });
      for (const [i, e] of a.evidence.entries()) {
        await db.run('INSERT INTO attribution_evidence VALUES ($id, $i, $indicator, $accounts, $exchanges, $source)', {
          id: c.campaign_id,
          i,
          indicator: e.indicator,
          accounts: e.accounts,
          exchanges: e.exchanges,
          source: e.source ?? null,
        });
      }
    }
  },
};

type Keyed<T> = T & { campaign_id: string } & Record<string, unknown>;

/**
 * Tests every indicator on the groups of `attribution_scope(request_id, campaign_id)` — the
 * campaigns, or the decision's candidate units — and returns, per group, each indicator's
 * coverage and each actor's. Empty when the investigation file has no indicators.
 */
export async function matchIndicators(
  db: Database,
  partnerSalt: string | null = null,
): Promise<{ matches: Keyed<IndicatorMatch>[]; coverage: Keyed<ActorCoverage>[] }> {
  const hasIndicators = (await tableExists(db, 'indicators')) && (await db.value<number>('SELECT count(*) FROM indicators')) > 0;
  if (!hasIndicators) return { matches: [], coverage: [] };
  // A database kept from before partner sources has no `source` column yet.
  await db.run('ALTER TABLE indicators ADD COLUMN IF NOT EXISTS source VARCHAR');
  await runScript(db, sqlFile(import.meta.url, 'ip.sql'));
  await runScript(db, sqlFile(import.meta.url, 'attribute.sql'), { partner_salt: partnerSalt });
  // A pattern read from a column is compiled again for every exchange it is tested on (50x
  // slower on campaign traffic); bound as a parameter it is compiled once.
  const prompts = await db.all<{ actor: string; ordinal: number; value: string }>(
    `SELECT actor, ordinal, value FROM indicators WHERE type = 'prompt' ORDER BY actor, ordinal`,
  );
  const promptText = prompts.length > 0 && (await tableExists(db, 'exchange_prompts'));
  for (const p of promptText ? prompts : []) {
    const re = p.value.startsWith('re:');
    await db.run(
      `INSERT INTO attribution_hits SELECT l.campaign_id, $actor, $ordinal, e.request_id, e.account_id
        FROM attribution_scope l JOIN exchange_prompts e USING (request_id)
       WHERE ${re ? 'regexp_matches(e.prompt, $pattern)' : 'e.prompt = $pattern'}`,
      { actor: p.actor, ordinal: p.ordinal, pattern: re ? p.value.slice(3) : p.value },
    );
  }
  const matches = await db.all<Keyed<IndicatorMatch>>(`SELECT h.campaign_id, h.actor, i.type, i.value, h.ordinal, i.source,
      count(DISTINCT h.account_id)::BIGINT AS accounts, count(DISTINCT h.request_id)::BIGINT AS exchanges
    FROM attribution_hits h JOIN indicators i USING (actor, ordinal)
    GROUP BY ALL ORDER BY h.campaign_id, h.actor, h.ordinal`);
  const coverage = await db.all<Keyed<ActorCoverage>>(`SELECT campaign_id, actor, count(DISTINCT account_id)::BIGINT AS accounts,
      count(DISTINCT request_id)::BIGINT AS exchanges
    FROM attribution_hits GROUP BY ALL ORDER BY campaign_id, actor`);
  return { matches, coverage };
}
