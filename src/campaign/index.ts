import { listValue } from '@duckdb/node-api';
import { applyAllowlist } from '../allowlist/apply.js';
import type { Context } from '../context.js';
import type { Database } from '../db/database.js';
import { sqlFile } from '../db/sql.js';
import { runScript } from '../db/script.js';
import type { Stage } from '../pipeline.js';
import { decideCampaigns, type CampaignGroup } from './decision.js';
import { estimateExchanges, type ExchangeEstimate } from './estimate.js';
import { levelOf } from './level.js';
import { seedFrom } from '../random.js';
import { separateExchanges, type SeparationDoubt } from './separation.js';
import { tableExists } from '../db/tables.js';
import { DECISION, INFRASTRUCTURE_KINDS } from './thresholds.js';
import { TIE_KINDS } from '../link/kinds.js';

const UPSTREAM = ['clusters', 'edges', 'signals', 'exchange_features'] as const;

/**
 * Clusters and signals in, campaigns out: the decision, the request-level separation, the
 * estimates and the final numbering (C1 is the largest by estimate). Owns `campaigns`,
 * `campaign_accounts`, `exchange_labels`, `estimates`, `campaign_signals`, `campaign_focus`,
 * plus `allowlist` and `allowlisted_accounts`.
 */
export const campaignStage: Stage = {
  name: 'campaigns',
  async run(ctx: Context): Promise<void> {
    const db = ctx.db;
    await runScript(db, sqlFile(import.meta.url, 'ip.sql'));
    await applyAllowlist(ctx, ctx.options.allowlist);
    await createOutputTables(db);
    const missing = [];
    for (const t of UPSTREAM) if (!(await tableExists(db, t))) missing.push(t);
    if (missing.length > 0) {
      ctx.log.warn(`campaigns: no ${missing.join(', ')} table from earlier stages; no campaign can be found`);
      return;
    }
    const groups = await decideCampaigns(db, ctx.options.partnerSalt ?? null);
    if (groups.length === 0) return;
    await runScript(db, sqlFile(import.meta.url, 'members.sql'), {
      caught: DECISION.behaviourCaught,
      kinds: listValue([...INFRASTRUCTURE_KINDS]),
      min_weight: DECISION.minTieWeight,
      content_members: DECISION.contentSatellite.members,
      content_share: DECISION.contentSatellite.templateShare,
      specificity: DECISION.contentSatellite.specificity,
      single_weight: DECISION.singleTieWeight,
      held: DECISION.heldSatellite.hold,
      near_proof: DECISION.heldSatellite.nearProof,
      family_kinds: listValue(TIE_KINDS.map((k) => k.kind)),
      families: listValue(TIE_KINDS.map((k) => k.family)),
      bases: listValue(TIE_KINDS.map((k) => String(k.base))),
    });
    const doubts = await separateExchanges(db);
    const rate = await samplingRate(ctx);
    const estimates = await estimateGroups(db, groups, rate, doubts);
    await writeCampaigns(db, groups, estimates, rate);
  },
};

async function createOutputTables(db: Database): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE campaigns (campaign_id VARCHAR, rank INTEGER, score DOUBLE, level VARCHAR,
    account_count INTEGER, observed BIGINT, estimate BIGINT, first_seen TIMESTAMP, last_seen TIMESTAMP,
    clusters VARCHAR[], lead_account VARCHAR)`);
  await db.run('CREATE OR REPLACE TABLE campaign_accounts (campaign_id VARCHAR, account_id VARCHAR, exchanges BIGINT)');
  await db.run('CREATE OR REPLACE TABLE exchange_labels (request_id VARCHAR, campaign_id VARCHAR)');
  await db.run(`CREATE OR REPLACE TABLE estimates (campaign_id VARCHAR, observed BIGINT, estimate BIGINT, ci_lo BIGINT,
    ci_hi BIGINT, disclosure VARCHAR, sampling_rate DOUBLE,
    sampling_lo BIGINT, sampling_hi BIGINT, membership_lo BIGINT, membership_hi BIGINT, unseen_lo BIGINT, unseen_hi BIGINT,
    accounts_seen INTEGER, accounts_estimate INTEGER, accounts_ci_lo INTEGER, accounts_ci_hi INTEGER,
    capture_infrastructure INTEGER, capture_behaviour INTEGER, capture_both INTEGER, missed_accounts INTEGER, missed_exchanges BIGINT)`);
  await db.run(
    'CREATE OR REPLACE TABLE campaign_signals (campaign_id VARCHAR, detector VARCHAR, strength DOUBLE, detail VARCHAR, ordinal INTEGER)',
  );
  await db.run('CREATE OR REPLACE TABLE campaign_focus (campaign_id VARCHAR, capability VARCHAR, share DOUBLE)');
}

/** The export's sampling rate: the loader's `settings` (flag over file), else the flag, else 1. */
async function samplingRate(ctx: Context): Promise<number> {
  if (await tableExists(ctx.db, 'settings')) {
    const v = await ctx.db.value<string | null>("SELECT any_value(value) FROM settings WHERE name = 'sampling_rate'");
    const n = Number(v);
    if (v !== null && v !== undefined && n > 0 && n <= 1) return n;
  }
  return ctx.options.samplingRate ?? 1;
}

interface CaptureRow {
  campaign_key: string;
  account_id: string;
  exchanges: number;
  infrastructure: boolean;
  behaviour: boolean;
  sources: string[];
}

async function estimateGroups(
  db: Database,
  groups: CampaignGroup[],
  rate: number,
  doubts: Map<string, SeparationDoubt>,
): Promise<Map<string, ExchangeEstimate & { accountCount: number }>> {
  const rows = await db.all<CaptureRow & Record<string, unknown>>(sqlFile(import.meta.url, 'capture.sql'), {
    kinds: listValue([...INFRASTRUCTURE_KINDS]),
    caught: DECISION.behaviourCaught,
    min_weight: DECISION.minTieWeight,
    family_kinds: listValue(TIE_KINDS.map((k) => k.kind)),
    families: listValue(TIE_KINDS.map((k) => k.family)),
  });
  const out = new Map<string, ExchangeEstimate & { accountCount: number }>();
  for (const g of groups) {
    const own = rows.filter((r) => r.campaign_key === g.key);
    if (own.length === 0) continue;
    const first = own.filter((r) => r.infrastructure).length;
    const second = own.filter((r) => r.behaviour).length;
    const both = own.filter((r) => r.infrastructure && r.behaviour).length;
    // Sources that caught none of the campaign's accounts say nothing about its size.
    const sources = new Set(own.flatMap((r) => r.sources)).size;
    out.set(g.key, {
      accountCount: own.length,
      ...estimateExchanges({
        accountCounts: own.map((r) => r.exchanges),
        samplingRate: rate,
        // Capture–recapture needs both families to have caught something; otherwise it says nothing.
        capture: first > 0 && second > 0 ? { first, second, both } : null,
        histories: sources >= DECISION.captureSources ? { caught: own.map((r) => r.sources.length), sources } : null,
        separation: doubts.get(g.key) ?? null,
        missed: doubts.get(g.key)?.missed ?? null,
        seed: seedFrom(g.key),
      }),
    });
  }
  return out;
}

async function writeCampaigns(
  db: Database,
  groups: CampaignGroup[],
  estimates: Map<string, ExchangeEstimate & { accountCount: number }>,
  rate: number,
) {
  // Numbering: largest estimate first, ties by the smallest account id, so ids are stable.
  // A campaign is coordinated: after separation it still needs its minimum of accounts.
  const ranked = groups
    .filter((g) => estimates.has(g.key) && estimates.get(g.key)!.accountCount >= DECISION.minAccounts)
    .sort((a, b) => estimates.get(b.key)!.estimate - estimates.get(a.key)!.estimate || (a.key < b.key ? -1 : 1));
  await db.run('CREATE OR REPLACE TEMP TABLE campaign_numbering (campaign_key VARCHAR, campaign_id VARCHAR, rank INTEGER)');
  for (const [i, g] of ranked.entries()) {
    await db.run('INSERT INTO campaign_numbering VALUES ($key, $id, $rank)', { key: g.key, id: `C${i + 1}`, rank: i + 1 });
  }
  await db.run(`INSERT INTO exchange_labels
    SELECT k.request_id, n.campaign_id FROM campaign_exchange_keys k JOIN campaign_numbering n USING (campaign_key)
     ORDER BY n.rank, k.request_id`);
  await db.run(`INSERT INTO campaign_accounts
    SELECT l.campaign_id, f.account_id, count(*) FROM exchange_labels l JOIN exchange_features f USING (request_id)
     GROUP BY ALL ORDER BY l.campaign_id, f.account_id`);
  for (const [i, g] of ranked.entries()) {
    const e = estimates.get(g.key)!;
    const id = `C${i + 1}`;
    const accounts = await db.value<number>('SELECT count(*) FROM campaign_accounts WHERE campaign_id = $id', { id });
    await db.run(
      `INSERT INTO campaigns
      SELECT $id, $rank, $score, $level, $accounts, $observed, $estimate, s.first_seen, s.last_seen, $clusters, $lead
        FROM (SELECT min(f.ts) AS first_seen, max(f.ts) AS last_seen
                FROM exchange_labels l JOIN exchange_features f USING (request_id) WHERE l.campaign_id = $id) s`,
      {
        id,
        rank: i + 1,
        score: g.score,
        level: levelOf(g.score, e.estimate, Number(accounts)),
        accounts: Number(accounts),
        observed: e.observed,
        estimate: e.estimate,
        clusters: listValue(g.clusters),
        lead: g.key,
      },
    );
    await db.run(
      `INSERT INTO estimates VALUES ($id, $observed, $estimate, $lo, $hi, $disclosure, $rate,
      $slo, $shi, $mlo, $mhi, $ulo, $uhi, $aseen, $aest, $alo, $ahi, $cinf, $cbeh, $cboth, $missa, $misse)`,
      {
        id,
        observed: e.observed,
        estimate: e.estimate,
        lo: e.ci95[0],
        hi: e.ci95[1],
        disclosure: e.disclosure,
        rate,
        slo: e.sources.sampling[0],
        shi: e.sources.sampling[1],
        mlo: e.sources.membership[0],
        mhi: e.sources.membership[1],
        ulo: e.sources.unseen[0],
        uhi: e.sources.unseen[1],
        aseen: e.accounts.seen,
        aest: e.accounts.estimate,
        alo: e.accounts.ci95[0],
        ahi: e.accounts.ci95[1],
        cinf: e.capture?.first ?? null,
        cbeh: e.capture?.second ?? null,
        cboth: e.capture?.both ?? null,
        missa: e.missed?.accounts ?? 0,
        misse: e.missed?.exchanges ?? 0,
      },
    );
  }
  await runScript(db, sqlFile(import.meta.url, 'signals-summary.sql'), {
    floor: DECISION.signalFloor,
    fresh_days: DECISION.freshHydra.days,
    fresh_accounts: DECISION.freshHydra.minAccounts,
    fresh_share: DECISION.freshHydra.minShare,
  });
  // A group kept on the indicators says so first among its signals.
  for (const [i, g] of ranked.entries()) {
    if (!g.named) continue;
    const n = g.named;
    await db.run('INSERT INTO campaign_signals VALUES ($id, $detector, $strength, $detail, -1)', {
      id: `C${i + 1}`,
      detector: 'indicator-led',
      strength: Math.round((n.accounts / n.of) * 1000) / 1000,
      detail:
        `behaviour alone is inconclusive (score ${g.score.toFixed(2)}, below ${DECISION.minScore} or short of the campaign bars); ` +
        `kept because the indicators of ${n.actor} cover ${n.accounts} of its ${n.of} accounts through ${n.kinds} independent kinds: ` +
        n.indicators.join(', '),
    });
  }
  await runScript(db, sqlFile(import.meta.url, 'focus.sql'));
}
