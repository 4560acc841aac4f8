import { listValue } from '@duckdb/node-api';
import type { Context } from '../context.js';
import { sqlFile } from '../db/sql.js';
import { tableExists } from '../db/tables.js';
import { runScript } from '../db/script.js';
import type { Stage } from '../pipeline.js';
import type { Database } from '../db/database.js';
import { clusterTies, joinGroups, wholeAttachments, type ClusterParams, type Tie } from './graph.js';
import { clusterId } from './ids.js';

export const CLUSTER_VERSION = '1';

/**
 * Thresholds on the combined tie strength. 0.6 is reached by one near-proof kind (payment,
 * same IP-hours, a footprint) or by two good hints together; 0.3 by one good hint.
 */
export const DEFAULT_CLUSTER_PARAMS: ClusterParams = { strong: 0.6, weak: 0.3, resolution: 1, seed: 5 };

/**
 * Joining a cluster through its own addresses (attach.sql): a cluster of at least 5 members owns
 * an address when they are at least half its users; an account with at least 5 addresses, half of
 * them one cluster's own, joins it.
 */
export const ATTACH = { min_members: 5, owned: 0.5, min_ips: 5, share: 0.5 };

/** Shared values listed per cluster in `cluster_ties`, and per kind within it. */
const TIES_PER_CLUSTER = 15;
const TIES_PER_KIND = 3;

/**
 * Writes `clusters(account_id, cluster_id)` for accounts in a cluster of two or more; an account
 * tied to nobody has no row (its own cluster would say nothing). Then `cluster_ties`.
 */
export async function buildClusters(ctx: Context, params: ClusterParams = DEFAULT_CLUSTER_PARAMS): Promise<number> {
  const { db } = ctx;
  const ties = await db.all<Tie & Record<string, unknown>>(sqlFile(import.meta.url, 'strength.sql'), { weak: params.weak });
  let groups = clusterTies(ties, params);
  await writeClusters(db, groups);
  if (await tableExists(db, 'link_items')) {
    const attached = await db.all<{ account_id: string; member: string }>(sqlFile(import.meta.url, 'attach.sql'), ATTACH);
    if (attached.length > 0) {
      groups = joinGroups(
        groups,
        wholeAttachments(
          groups,
          attached.map((r) => [r.account_id, r.member] as const),
        ),
      );
      await writeClusters(db, groups);
    }
  }
  if (await tableExists(db, 'link_items')) {
    await runScript(db, sqlFile(import.meta.url, 'ties.sql'), { per_cluster: TIES_PER_CLUSTER, per_kind: TIES_PER_KIND });
  } else {
    await db.run('CREATE OR REPLACE TABLE cluster_ties (cluster_id VARCHAR, kind VARCHAR, value VARCHAR, accounts BIGINT, weight DOUBLE)');
  }
  return groups.length;
}

async function writeClusters(db: Database, groups: readonly string[][]): Promise<void> {
  const accounts: string[] = [];
  const ids: string[] = [];
  for (const members of groups) {
    const id = clusterId(members);
    for (const m of members) {
      accounts.push(m);
      ids.push(id);
    }
  }
  await db.run('CREATE OR REPLACE TABLE clusters (account_id VARCHAR, cluster_id VARCHAR)');
  if (accounts.length > 0) {
    await db.run(
      `INSERT INTO clusters SELECT unnest($accounts) AS account_id, unnest($ids) AS cluster_id ORDER BY cluster_id, account_id`,
      { accounts: listValue(accounts), ids: listValue(ids) },
    );
  }
}

export const clusterStage: Stage = {
  name: 'cluster',
  async run(ctx: Context): Promise<void> {
    const started = performance.now();
    const count = await buildClusters(ctx);
    ctx.log.info(`cluster: ${count} cluster(s) of tied accounts`);
    ctx.timings.push({
      stage: 'cluster',
      name: 'cluster',
      version: CLUSTER_VERSION,
      kind: 'stage',
      ms: Math.round(performance.now() - started),
    });
  },
};
