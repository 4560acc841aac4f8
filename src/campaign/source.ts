import type { Context } from '../context.js';
import type { Campaign } from '../report/model.js';
import type { CampaignSource } from '../report/build.js';
import { isLevel, levelRank, type Level } from './level.js';
import { tableExists } from '../db/tables.js';

const ISO = `'%Y-%m-%dT%H:%M:%SZ'`;

/**
 * The contract's campaign objects from the campaign tables, in `campaigns.rank` order (largest
 * estimate first). `minLevel` hides lower campaigns from the report; their ids stay as numbered.
 */
export function campaignSource(minLevel: Level = 'informational'): CampaignSource {
  return async (ctx: Context): Promise<Campaign[]> => {
    const db = ctx.db;
    if (!(await tableExists(db, 'campaigns'))) return [];
    const attributed = await tableExists(db, 'attributions');
    const rows = await db.all<{
      campaign_id: string;
      score: number;
      level: string;
      account_count: number;
      first_seen: string;
      last_seen: string;
      observed: number;
      estimate: number;
      ci_lo: number;
      ci_hi: number;
      disclosure: string;
      actor: string | null;
      confidence: 'high' | 'medium' | 'low' | null;
    }>(`SELECT c.campaign_id, c.score, c.level, c.account_count,
               strftime(c.first_seen, ${ISO}) AS first_seen, strftime(c.last_seen, ${ISO}) AS last_seen,
               e.observed, e.estimate, e.ci_lo, e.ci_hi, e.disclosure,
               ${attributed ? 'a.actor, a.confidence' : 'NULL AS actor, NULL AS confidence'}
          FROM campaigns c JOIN estimates e USING (campaign_id)
          ${attributed ? 'LEFT JOIN attributions a USING (campaign_id)' : ''}
         ORDER BY c.rank`);
    const hasEvidence = await tableExists(db, 'attribution_evidence');
    const out: Campaign[] = [];
    for (const r of rows) {
      if (isLevel(r.level) && levelRank(r.level) < levelRank(minLevel)) continue;
      const params = { id: r.campaign_id };
      const accounts = await db.all<{ account_id: string }>(
        'SELECT account_id FROM campaign_accounts WHERE campaign_id = $id ORDER BY account_id',
        params,
      );
      const evidence = hasEvidence
        ? (
            await db.all<{ indicator: string; accounts: number; exchanges: number; source?: string | null }>(
              'SELECT * EXCLUDE (campaign_id, ordinal) FROM attribution_evidence WHERE campaign_id = $id ORDER BY ordinal',
              params,
            )
          ).map(({ source, ...e }) => (source ? { ...e, source } : e))
        : [];
      const focus = await db.all<{ capability: string; share: number }>(
        'SELECT capability, share FROM campaign_focus WHERE campaign_id = $id ORDER BY share DESC, capability',
        params,
      );
      const signals = await db.all<{ detector: string; strength: number; detail: string }>(
        'SELECT detector, strength, detail FROM campaign_signals WHERE campaign_id = $id ORDER BY ordinal',
        params,
      );
      out.push({
        id: r.campaign_id,
        score: r.score,
        level: r.level,
        attribution: { actor: r.actor ?? null, confidence: r.actor ? r.confidence : null, evidence },
        accounts: accounts.map((a) => a.account_id),
        account_count: r.account_count,
        exchanges: { observed: r.observed, estimate: r.estimate, ci95: [r.ci_lo, r.ci_hi], disclosure: r.disclosure },
        first_seen: r.first_seen,
        last_seen: r.last_seen,
        focus,
        signals,
      });
    }
    return out;
  };
}
