import { listValue } from '@duckdb/node-api';
import type { Database } from '../db/database.js';
import { sqlFile } from '../db/sql.js';
import { DECISION, INFRASTRUCTURE_KINDS } from './thresholds.js';
import { UnionFind } from './union-find.js';

export interface ClusterFeatures {
  cluster_id: string;
  accounts: number;
  exchanges: number;
  /** Mean noisy-OR behaviour score of the cluster's accounts. */
  behaviour: number;
  /** Share of accounts whose own behaviour scores as caught. */
  caught: number;
  /** Share of the cluster's exchanges in templates two or more of its accounts use. */
  coordinated: number;
  elicitation: number;
  focus: number;
  top_capability: string | null;
}

/**
 * The cluster's distillation score: behaviour of its accounts, and how much of their traffic is
 * shared templating across accounts. Neither alone is enough: a company's employees share
 * templates but behave like people; one batch job behaves like a script but is one account.
 */
export function clusterScore(f: ClusterFeatures): number {
  const score = DECISION.behaviourWeight * f.behaviour + (1 - DECISION.behaviourWeight) * f.coordinated;
  return Math.round(score * 1000) / 1000;
}

export function isCampaign(f: ClusterFeatures): boolean {
  return f.accounts >= DECISION.minAccounts && clusterScore(f) >= DECISION.minScore;
}

export interface CampaignGroup {
  /** Smallest account id of the group: a key stable for the same input until final numbering. */
  key: string;
  clusters: string[];
  score: number;
}

/**
 * Scores every cluster, keeps those that score as distillation and joins the kept clusters that
 * share infrastructure (community detection may split one hydra in parts). Writes
 * `campaign_cluster_features` (all clusters) and `campaign_groups(cluster_id, campaign_key)`.
 */
export async function decideCampaigns(db: Database): Promise<CampaignGroup[]> {
  await db.run(sqlFile(import.meta.url, 'account-score.sql'), { weight: DECISION.signalWeight, floor: DECISION.signalFloor });
  await db.run(sqlFile(import.meta.url, 'cluster-score.sql'), { caught: DECISION.behaviourCaught });
  const features = await db.all<ClusterFeatures & Record<string, unknown>>(
    'SELECT * FROM campaign_cluster_features ORDER BY cluster_id');
  const kept = features.filter(isCampaign);
  const scores = new Map(features.map((f) => [f.cluster_id, f]));

  await db.run('CREATE OR REPLACE TEMP TABLE campaign_kept_clusters (cluster_id VARCHAR)');
  if (kept.length > 0) {
    await db.run('INSERT INTO campaign_kept_clusters SELECT unnest($ids)', { ids: listValue(kept.map((k) => k.cluster_id)) });
  }
  const ties = await db.all<{ x: string; y: string; ties: number }>(sqlFile(import.meta.url, 'cluster-ties.sql'), {
    kinds: listValue([...INFRASTRUCTURE_KINDS]),
  });
  const sets = new UnionFind(kept.map((k) => k.cluster_id));
  for (const t of ties) if (t.ties >= DECISION.mergeTies) sets.union(t.x, t.y);

  const leads = await db.all<{ cluster_id: string; lead: string }>(
    `SELECT cluster_id, min(account_id) AS lead FROM clusters
      WHERE cluster_id IN (SELECT cluster_id FROM campaign_kept_clusters)
        AND account_id NOT IN (SELECT account_id FROM allowlisted_accounts)
      GROUP BY cluster_id ORDER BY cluster_id`);
  const leadOf = new Map(leads.map((l) => [l.cluster_id, l.lead]));
  const groups: CampaignGroup[] = sets.groups().map((clusters) => {
    const key = clusters.map((c) => leadOf.get(c)!).sort()[0]!;
    // The group's score weighs each part by its accounts, so a small tail does not drag it.
    let weighted = 0;
    let accounts = 0;
    for (const c of clusters) {
      const f = scores.get(c)!;
      weighted += clusterScore(f) * f.accounts;
      accounts += f.accounts;
    }
    return { key, clusters: clusters.slice().sort(), score: Math.round((weighted / accounts) * 1000) / 1000 };
  }).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  await db.run('CREATE OR REPLACE TEMP TABLE campaign_groups (cluster_id VARCHAR, campaign_key VARCHAR, score DOUBLE)');
  for (const g of groups) {
    await db.run('INSERT INTO campaign_groups SELECT unnest($ids), $key, $score', {
      ids: listValue(g.clusters), key: g.key, score: g.score,
    });
  }
  return groups;
}
