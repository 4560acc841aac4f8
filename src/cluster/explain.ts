import type { Database } from '../db/database.js';
import { UserError } from '../errors.js';
import { tableExists } from '../db/tables.js';
import { ATTACH } from './index.js';

export interface Explanation {
  account: string;
  cluster: { id: string; accounts: number; ties: ClusterTie[] } | null;
  /**
   * The account's addresses (IPs, any hour) and how many of them are its cluster's own (used mostly
   * by members): how an account with no strong tie joins a proxy pool's cluster. Null outside one.
   */
  addresses: { total: number; own: number } | null;
  /** The account's strongest partners, strongest first. */
  partners: Partner[];
  /** Partners beyond those listed. */
  more: number;
}

export interface ClusterTie {
  kind: string;
  value: string;
  accounts: number;
  weight: number;
}

export interface Partner {
  account: string;
  strength: number;
  sameCluster: boolean;
  ties: { kind: string; weight: number; evidence: string }[];
}

/** Why an account is in its cluster, read from the `edges`, `clusters` and `cluster_ties` tables. */
export async function explainAccount(db: Database, account: string, limit = 10): Promise<Explanation> {
  for (const t of ['edges', 'clusters', 'cluster_ties', 'link_kinds']) {
    if (!(await tableExists(db, t))) {
      throw new UserError(`the database has no ${t} table: run a scan with --db first, or give log paths`, 'no-clusters');
    }
  }
  const known = await db.value<number>(
    `SELECT (SELECT count(*) FROM edges WHERE a = $id OR b = $id) + (SELECT count(*) FROM clusters WHERE account_id = $id)` +
      ((await tableExists(db, 'exchanges')) ? ' + (SELECT count(*) FROM (SELECT 1 FROM exchanges WHERE account_id = $id LIMIT 1))' : ''),
    { id: account },
  );
  if (known === 0) throw new UserError(`account "${account}" is not in the data (no exchanges, ties or cluster)`, 'account-unknown');

  const clusterRow = await db.one<{ cluster_id: string; accounts: number }>(
    `SELECT c.cluster_id, (SELECT count(*) FROM clusters d WHERE d.cluster_id = c.cluster_id) AS accounts
       FROM clusters c WHERE c.account_id = $id`,
    { id: account },
  );
  const cluster = clusterRow
    ? {
        id: clusterRow.cluster_id,
        accounts: clusterRow.accounts,
        ties: await db.all<ClusterTie & Record<string, unknown>>(
          `SELECT kind, value, accounts, weight FROM cluster_ties WHERE cluster_id = $c
            ORDER BY accounts * weight DESC, kind, value`,
          { c: clusterRow.cluster_id },
        ),
      }
    : null;

  const addresses =
    cluster && (await tableExists(db, 'link_items'))
      ? ((await db.one<{ total: number; own: number }>(
          `WITH ai AS (SELECT DISTINCT account_id, split_part(value, ' at ', 1) AS ip FROM link_items WHERE kind = 'ip_window'),
         mine AS (SELECT ip FROM ai WHERE account_id = $id),
         users AS (
           SELECT ai.ip, count(*) AS n, count(c.account_id) FILTER (WHERE ai.account_id <> $id) AS members
             FROM ai JOIN mine USING (ip) LEFT JOIN clusters c ON c.account_id = ai.account_id AND c.cluster_id = $c
            GROUP BY ai.ip
         )
         SELECT (SELECT count(*) FROM mine) AS total,
                count(*) FILTER (WHERE members >= 2 AND members >= $owned * n) AS own FROM users`,
          { id: account, c: cluster.id, owned: ATTACH.owned },
        )) ?? null)
      : null;

  const partnerRows = await db.all<{ other: string; strength: number; same: boolean; total: number }>(
    `WITH mine AS (
       SELECT CASE WHEN a = $id THEN b ELSE a END AS other, kind, weight FROM edges WHERE a = $id OR b = $id
     ), per_family AS (
       SELECT m.other, k.family, max(m.weight) AS weight FROM mine m JOIN link_kinds k USING (kind) GROUP BY m.other, k.family
     ), p AS (
       SELECT other, 1.0 - exp(sum(ln(1.0 - least(weight, 0.999)))) AS strength FROM per_family GROUP BY other
     )
     SELECT p.other, round(p.strength, 4) AS strength,
            coalesce(c.cluster_id = $cluster, false) AS same, count(*) OVER () AS total
       FROM p LEFT JOIN clusters c ON c.account_id = p.other
      ORDER BY p.strength DESC, p.other
      LIMIT $limit`,
    { id: account, cluster: cluster?.id ?? null, limit },
  );
  const partners: Partner[] = [];
  for (const p of partnerRows) {
    const ties = await db.all<{ kind: string; weight: number; evidence: string }>(
      `SELECT kind, weight, evidence FROM edges
        WHERE (a = $id AND b = $other) OR (a = $other AND b = $id)
        ORDER BY weight DESC, kind`,
      { id: account, other: p.other },
    );
    partners.push({ account: p.other, strength: p.strength, sameCluster: p.same, ties });
  }
  const total = partnerRows[0]?.total ?? 0;
  return { account, cluster, addresses, partners, more: Math.max(0, total - partners.length) };
}
