import { createHash } from 'node:crypto';
import { listValue } from '@duckdb/node-api';
import type { Database } from '../db/database.js';
import { sqlFile } from '../db/sql.js';
import { tableExists } from '../db/tables.js';
import { matchIndicators } from './attribute.js';
import { gradeAttribution } from './attribution.js';
import { runScript } from '../db/script.js';
import { hubThreshold } from '../link/rarity.js';
import { BEHAVIOUR_TIE_KINDS, DECISION, INFRASTRUCTURE_KINDS, SPLIT_KINDS, VALUE_SPLIT_KINDS } from './thresholds.js';
import { UnionFind } from '../union-find.js';

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
  /** Share of exchanges in a specific capability rather than general chat. */
  specialised: number;
  focus: number;
  top_capability: string | null;
  /** Detectors firing on a real share of the accounts. */
  breadth: number;
  /** Of those, detectors of extraction rather than heavy use (role `extraction` or `churn`, `detector_roles`). */
  extraction: number;
  median_exchanges: number;
  /** Output tokens over input tokens, pooled; null when the export has no token counts. */
  answer_ratio: number | null;
  /** Share of requests at the model's max_tokens ceiling beyond the typical account's; null when unknown. */
  ceiling: number | null;
  /** Detectors of account churn (role `churn`: re-registration, no-ramp, key-sprawl) firing on a real share of the accounts. */
  churn: number;
  /** Share of accounts opened shortly before their first request. */
  fresh: number;
  /** Answer demand: lone items asking for whole answers beyond the typical account, times the share of distinct items (demand.sql). */
  demand: number;
  /** The typical account's output over input tokens (median over accounts with 10+ exchanges); null or absent when unknown. */
  typical_answer_ratio?: number | null;
  /** Share of exchanges that are follow-up turns without tools: people replying to answers (an agent loop's turns carry tools). */
  conversing?: number;
}

/**
 * The cluster's distillation score: behaviour of its accounts, templating shared across accounts,
 * and what the traffic harvests (a specific capability or elicited reasoning). No part alone is
 * enough: a company's employees share templates but behave like people; one batch job behaves
 * like a script but is one account.
 */
export function clusterScore(f: ClusterFeatures): number {
  const w = isSparse(f) ? DECISION.sparse.weights : DECISION.weights;
  const score = w.behaviour * f.behaviour + w.coordination * f.coordinated + w.harvest * harvest(f);
  return Math.round(score * 1000) / 1000;
}

/**
 * What a campaign is after: traffic in one capability, reasoning it asks the model to show, or —
 * whatever the topic — whole answers to many distinct self-contained items (answer demand).
 * Traffic in a capability is a harvest only when the answers are taken whole (`wholeAnswers`): a
 * class or a hackathon works in its subject too, in conversations, with ordinary answers.
 */
export function harvest(f: ClusterFeatures): number {
  return Math.max(wholeAnswers(f) ? f.specialised : 0, f.elicitation, f.demand);
}

/**
 * The unit asks for the model's whole output (max_tokens at the ceiling beyond the typical
 * account, `DECISION.answers.minCeiling`), or takes answers at least as long, for its prompts, as
 * the typical account does. A harvest wants complete answers: truncated or short ones are no
 * training data. An honest cohort working in one subject converses (each turn's prompt carries the
 * conversation, so its answers run short for their prompts) under an SDK's default max_tokens: on
 * the simulator's medium preset the classroom's output/input is 1.29 against a typical 9.6, and
 * none of its requests asks for the ceiling. What the export cannot tell (no max_tokens, no token
 * counts) does not count against the unit.
 */
export function wholeAnswers(f: ClusterFeatures): boolean {
  if (f.ceiling === null || (f.ceiling ?? 0) >= DECISION.answers.minCeiling) return true;
  if (f.answer_ratio === null || f.typical_answer_ratio === null || f.typical_answer_ratio === undefined) return true;
  return f.answer_ratio >= f.typical_answer_ratio;
}

/** Too few exchanges per account for account-level detectors to be relied on. */
export function isSparse(f: ClusterFeatures): boolean {
  return f.median_exchanges < DECISION.sparseExchanges;
}

/**
 * The answers are what the unit is after: as long as the prompts or longer, asked for up to the
 * model's ceiling, or reasoning elicited. A classifier, an extractor or a router sends a template
 * round the clock and keeps a few tokens of each answer; that is a workload, not a harvest.
 * Unknown (no token counts, no max_tokens in the export) does not count against the unit.
 */
export function takesAnswers(f: ClusterFeatures): boolean {
  const a = DECISION.answers;
  if (f.elicitation >= DECISION.minHarvest) return true;
  if (f.answer_ratio === null && f.ceiling === null) return true;
  return (f.answer_ratio ?? 0) >= a.minAnswerRatio || (f.ceiling ?? 0) >= a.minCeiling;
}

/** Many accounts, most of them opened for the purpose: the shape of a hydra, not of a customer. */
export function isFreshHydra(f: ClusterFeatures): boolean {
  return f.accounts >= DECISION.freshHydra.minAccounts && f.fresh >= DECISION.freshHydra.minShare;
}

/**
 * Evidence of extraction rather than heavy use: an extraction detector on a real share of the
 * accounts, or, pooled over the unit, a hydra of fresh accounts. A hydra's accounts are light by
 * design and carry its customers' traffic as well, so its account-level detectors (which need
 * thirty prompts, and most of them templated) can each stay under their bar in a short export.
 */
export function showsExtraction(f: ClusterFeatures): boolean {
  return f.extraction >= 1 || isFreshHydra(f);
}

/**
 * Cadence and templating are what any batch workload shows; the answers' worth, or the marks of
 * an operator's accounts (churn, a hydra of fresh accounts), are what a harvest shows besides.
 */
export function isHarvest(f: ClusterFeatures): boolean {
  return (takesAnswers(f) || f.churn >= 1 || isFreshHydra(f)) && !isCohort(f);
}

/**
 * People, not a harvest: a class or a hackathon opens fresh accounts together and starts from one
 * template (so templating, no-ramp and the fresh-hydra evidence fire), and its topic is one
 * course's or one event's (so a capability focus looks like a harvest). What a harvest must do
 * and a cohort does not: take whole answers to many items (answer demand, the max_tokens
 * ceiling), or elicit reasoning, or run tool loops. A cohort converses instead — its people reply
 * to the answers they get (follow-up turns without tools) — and takes measured answers. A unit
 * whose harvest rests on its topic alone and whose traffic converses is spared. Measured on the
 * simulator (medium, all tactics): classroom and hackathon cohorts converse on 34 % and 50 % of
 * their exchanges, with no demand and nothing at the ceiling; the campaigns 0–3 % (agent loops'
 * turns carry tools; broad and reasoning harvests are lone items), the reseller 14 % (its
 * customers' conversations) but with answer demand; the population 23 %.
 */
export function isCohort(f: ClusterFeatures): boolean {
  const c = DECISION.cohort;
  return (
    (f.conversing ?? 0) >= c.minConversing &&
    f.demand < c.maxDemand &&
    f.elicitation < DECISION.minHarvest &&
    (f.ceiling ?? 0) < c.maxCeiling
  );
}

export function isCampaign(f: ClusterFeatures): boolean {
  const common =
    f.accounts >= DECISION.minAccounts && harvest(f) >= DECISION.minHarvest && clusterScore(f) >= DECISION.minScore && isHarvest(f);
  if (!common) return false;
  if (isSparse(f)) {
    // Pooled templating across many accounts is the extraction evidence single accounts cannot show.
    const s = DECISION.sparse;
    return (
      f.accounts >= s.minAccounts &&
      harvest(f) >= s.minHarvest &&
      f.coordinated >= s.minCoordinated &&
      (showsExtraction(f) || f.coordinated >= s.pooledTemplating)
    );
  }
  return showsExtraction(f) && f.caught >= DECISION.minCaught && f.breadth >= DECISION.minBreadth;
}

/** Ties reach enough of a cluster to say it runs on the other's infrastructure. */
function joined(t: { x_accounts: number; y_accounts: number; x_size: number; y_size: number }): boolean {
  const [small, large] =
    t.x_size <= t.y_size
      ? [
          [t.x_accounts, t.x_size],
          [t.y_accounts, t.y_size],
        ]
      : [
          [t.y_accounts, t.y_size],
          [t.x_accounts, t.x_size],
        ];
  // The smaller part must share the gateway broadly; the larger only needs a few accounts on it.
  return (
    small[0]! >= Math.min(small[1]!, DECISION.mergeAccounts) &&
    small[0]! >= DECISION.mergeShare * small[1]! &&
    large[0]! >= Math.min(large[1]!, DECISION.mergeAccounts)
  );
}

export interface CampaignGroup {
  /** Smallest account id of the group: a key stable for the same input until final numbering. */
  key: string;
  clusters: string[];
  score: number;
  /**
   * Kept on the investigator's indicators, not on behaviour (no part of it scores as a campaign):
   * which actor and how far its indicators cover the group's accounts.
   */
  named: NamedUnit | null;
}

export interface NamedUnit {
  actor: string;
  accounts: number;
  of: number;
  kinds: number;
  indicators: string[];
}

/**
 * Scores every cluster, keeps those that score as distillation and joins the kept clusters that
 * share infrastructure (community detection may split one hydra in parts). Every cluster of six
 * accounts or more is first cut down to the parts its strongest ties hold together (one card, one
 * address in the same hours, one client fingerprint; content and timing ties between accounts
 * that behave as caught), and the parts are scored on their own: clustering that glues a hydra to
 * the population through weak hints must neither hide the hydra nor lend it honest accounts.
 * Writes `campaign_units(account_id, cluster_id)` (clusters or their parts),
 * `campaign_cluster_features` (per unit) and `campaign_groups(cluster_id, campaign_key, score)`.
 */
export async function decideCampaigns(db: Database, partnerSalt: string | null = null): Promise<CampaignGroup[]> {
  await runScript(db, sqlFile(import.meta.url, 'account-score.sql'), { weight: DECISION.signalWeight, floor: DECISION.signalFloor });
  await runScript(db, sqlFile(import.meta.url, 'answers.sql'));
  await runScript(db, sqlFile(import.meta.url, 'fresh.sql'), { days: DECISION.freshHydra.days });
  await runScript(db, sqlFile(import.meta.url, 'demand.sql'), { ratio: DECISION.demandRatio });
  await runScript(db, sqlFile(import.meta.url, 'conversing.sql'));
  await db.run(`CREATE OR REPLACE TEMP TABLE campaign_units AS
    SELECT account_id, cluster_id FROM clusters
     WHERE account_id NOT IN (SELECT account_id FROM allowlisted_accounts)`);
  let features = await scoreUnits(db);
  const large = features.filter((f) => f.accounts >= 2 * DECISION.minAccounts);
  if (
    large.length > 0 &&
    (await splitUnits(
      db,
      large.map((f) => f.cluster_id),
    ))
  )
    features = await scoreUnits(db);
  const exclusive = await valueUnits(db, features);
  if (exclusive.size > 0) features = await scoreUnits(db);
  const named = await namedUnits(
    db,
    partnerSalt,
    features.filter((f) => !isCampaign(f) && f.accounts >= DECISION.minAccounts),
  );
  const kept = features.filter((f) => isCampaign(f) || named.has(f.cluster_id));
  const keptIds = new Set(kept.map((k) => k.cluster_id));
  // Parts that carry campaign-like traffic but are too small or too thin to stand alone: they may
  // join a campaign whose infrastructure most of them share, never form one.
  // A batch workload that keeps short answers is not campaign-like traffic, whatever it shares.
  const followers = features.filter(
    (f) => !keptIds.has(f.cluster_id) && f.accounts >= DECISION.minAccounts && harvest(f) >= DECISION.sparse.minHarvest && isHarvest(f),
  );
  const scores = new Map(features.map((f) => [f.cluster_id, f]));

  await db.run('CREATE OR REPLACE TEMP TABLE campaign_kept_clusters (cluster_id VARCHAR)');
  const considered = [...kept, ...followers].map((k) => k.cluster_id);
  if (considered.length > 0) {
    await db.run('INSERT INTO campaign_kept_clusters SELECT unnest($ids)', { ids: listValue(considered) });
  }
  const ties = await db.all<{ x: string; y: string; x_accounts: number; y_accounts: number; x_size: number; y_size: number }>(
    sqlFile(import.meta.url, 'cluster-ties.sql'),
    { kinds: listValue([...INFRASTRUCTURE_KINDS]), min_weight: 0 },
  );
  const sets = new UnionFind(considered);
  for (const t of ties) if (keptIds.has(t.x) && keptIds.has(t.y) && joined(t)) sets.union(t.x, t.y);
  // Units running visibly different client stacks are different set-ups, whatever prompts they
  // share: broad harvesting draws its items from the same kind of question bank, so two operators'
  // prompt sets overlap; the parts of one hydra that a sampled export cut apart keep one client.
  const stacks = await dominantClients(db);
  const prompts = (
    await db.all<{ x: string; y: string; x_share: number; y_share: number }>(sqlFile(import.meta.url, 'template-ties.sql'))
  ).filter((p) => !(stacks.has(p.x) && stacks.has(p.y) && stacks.get(p.x) !== stacks.get(p.y)));
  for (const p of prompts) {
    if (keptIds.has(p.x) && keptIds.has(p.y) && Math.min(p.x_share, p.y_share) >= DECISION.mergeTemplates) sets.union(p.x, p.y);
  }
  // A follower running a campaign's prompt set belongs to it, as one sharing its infrastructure does.
  const byPrompts = new Map<string, { kept: string; share: number }>();
  for (const p of prompts) {
    for (const [follower, keeper, share] of [
      [p.x, p.y, p.x_share],
      [p.y, p.x, p.y_share],
    ] as const) {
      if (keptIds.has(follower) || !keptIds.has(keeper) || share < DECISION.mergeTemplates) continue;
      const prior = byPrompts.get(follower);
      if (!prior || share > prior.share || (share === prior.share && keeper < prior.kept)) byPrompts.set(follower, { kept: keeper, share });
    }
  }
  const best = new Map<string, { kept: string; tied: number }>();
  for (const t of ties) {
    for (const [follower, keeper, tied, size, keeperTied, keeperSize] of [
      [t.x, t.y, t.x_accounts, t.x_size, t.y_accounts, t.y_size],
      [t.y, t.x, t.y_accounts, t.y_size, t.x_accounts, t.x_size],
    ] as const) {
      if (keptIds.has(follower) || !keptIds.has(keeper)) continue;
      if (tied < Math.max(Math.min(size, DECISION.mergeAccounts), DECISION.mergeShare * size)) continue;
      if (keeperTied < Math.min(keeperSize, DECISION.mergeAccounts)) continue;
      const prior = best.get(follower);
      if (!prior || tied > prior.tied || (tied === prior.tied && keeper < prior.kept)) best.set(follower, { kept: keeper, tied });
    }
  }
  for (const [follower, { kept: keeper }] of best) sets.union(follower, keeper);
  for (const [follower, { kept: keeper }] of byPrompts) if (!best.has(follower)) sets.union(follower, keeper);
  // Kept units running on one exclusive client are one set-up: the part of a hydra the clustering
  // found and the part only its TLS stack unites, or the pieces a sampled export cut it into.
  const byStack = new Map<string, string>();
  for (const [unit, client] of await exclusiveStacks(db)) {
    if (!keptIds.has(unit)) continue;
    const first = byStack.get(client);
    if (first === undefined) byStack.set(client, unit);
    else sets.union(first, unit);
  }

  const leads = await db.all<{ cluster_id: string; lead: string }>(
    `SELECT cluster_id, min(account_id) AS lead FROM campaign_units
      WHERE cluster_id IN (SELECT cluster_id FROM campaign_kept_clusters)
      GROUP BY cluster_id ORDER BY cluster_id`,
  );
  const leadOf = new Map(leads.map((l) => [l.cluster_id, l.lead]));
  const groups: CampaignGroup[] = sets
    .groups()
    .filter((clusters) => clusters.some((c) => keptIds.has(c)))
    .map((clusters) => {
      const key = clusters.map((c) => leadOf.get(c)!).sort()[0]!;
      // The group's score weighs each part by its accounts, so a small tail does not drag it.
      let weighted = 0;
      let accounts = 0;
      for (const c of clusters) {
        const f = scores.get(c)!;
        weighted += clusterScore(f) * f.accounts;
        accounts += f.accounts;
      }
      // Named only when no part of it stands on behaviour: then the indicators are what keeps it.
      const byBehaviour = clusters.some((c) => keptIds.has(c) && !named.has(c));
      const naming = byBehaviour ? null : (clusters.map((c) => named.get(c)).find((n) => n !== undefined) ?? null);
      return { key, clusters: clusters.slice().sort(), score: Math.round((weighted / accounts) * 1000) / 1000, named: naming };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  await db.run('CREATE OR REPLACE TEMP TABLE campaign_groups (cluster_id VARCHAR, campaign_key VARCHAR, score DOUBLE)');
  for (const g of groups) {
    await db.run('INSERT INTO campaign_groups SELECT unnest($ids), $key, $score', {
      ids: listValue(g.clusters),
      key: g.key,
      score: g.score,
    });
  }
  return groups;
}

/**
 * Adds a unit per exclusive custom client (`value-units.sql`) over the accounts no kept unit
 * holds, scores it like any cluster, and keeps it only when it scores as a campaign: its accounts
 * then leave the (rejected) clusters they were in. A unit that does not score is dropped, so its
 * accounts stay where the clustering put them. Returns unit id → client value of the units kept.
 */
async function valueUnits(db: Database, features: readonly ClusterFeatures[]): Promise<Map<string, string>> {
  const kept = features.filter((f) => isCampaign(f)).map((f) => f.cluster_id);
  await db.run('CREATE OR REPLACE TEMP TABLE campaign_value_kept (cluster_id VARCHAR)');
  if (kept.length > 0) await db.run('INSERT INTO campaign_value_kept SELECT unnest($ids)', { ids: listValue(kept) });
  const population = await db.value<number>('SELECT count(DISTINCT account_id) FROM exchanges');
  await runScript(db, sqlFile(import.meta.url, 'value-units.sql'), {
    main: DECISION.exclusiveClient.main,
    exclusive: DECISION.exclusiveClient.exclusive,
    hub: hubThreshold(Number(population ?? 0)),
    min_accounts: DECISION.minAccounts,
  });
  const rows = await db.all<{ value: string }>('SELECT DISTINCT value FROM campaign_value_units ORDER BY value');
  if (rows.length === 0) return new Map();
  // Unit ids never spell the value (a client fingerprint is the sender's text).
  const ids = new Map(rows.map((r) => [r.value, `V${createHash('sha256').update(r.value).digest('hex').slice(0, 10)}`]));
  await db.run(
    `INSERT INTO campaign_units
    SELECT v.account_id, m.id FROM campaign_value_units v JOIN (SELECT unnest($values) AS value, unnest($ids) AS id) m USING (value)`,
    { values: listValue([...ids.keys()]), ids: listValue([...ids.values()]) },
  );
  const scored = await scoreUnits(db);
  const out = new Map<string, string>();
  for (const [value, id] of ids) {
    const f = scored.find((x) => x.cluster_id === id);
    // The value is no proof that the accounts are one set-up (an SDK build many people use is a
    // value too): most of them must be caught on their own behaviour, whatever path the decision
    // takes (the sparse path's pooled templating is what a crowd on one SDK's examples shows).
    // And an organisation's staff on its in-house tool is one customer with many seats, whatever
    // the tool asks for: the accounts must carry an operator's marks — account churn on a real
    // share of them, or a hydra of fresh accounts.
    if (f && isCampaign(f) && f.caught >= DECISION.minCaught && (f.churn >= 1 || isFreshHydra(f))) out.set(id, value);
  }
  // Accounts of a kept value unit leave their other units; a value unit not kept is dropped.
  await db.run('DELETE FROM campaign_value_kept');
  if (out.size > 0) await db.run('INSERT INTO campaign_value_kept SELECT unnest($ids)', { ids: listValue([...out.keys()]) });
  await db.run(
    `DELETE FROM campaign_units
     WHERE (list_contains($all, cluster_id) AND cluster_id NOT IN (SELECT cluster_id FROM campaign_value_kept))
        OR (NOT list_contains($all, cluster_id)
            AND account_id IN (SELECT account_id FROM campaign_units WHERE cluster_id IN (SELECT cluster_id FROM campaign_value_kept)))`,
    { all: listValue([...ids.values()]) },
  );
  return out;
}

/**
 * Per considered unit, the exclusive custom client (`value-units.sql`) that is the main client of
 * at least `DECISION.dominantClient` of its accounts, when there is one.
 */
async function exclusiveStacks(db: Database): Promise<Map<string, string>> {
  return dominantValues(db, 'SELECT account_id, value FROM campaign_client_mains WHERE exclusive');
}

/**
 * Units that behaviour alone does not keep but the investigator's indicators tie to one actor:
 * graded as an attribution would be (`gradeAttribution`), they are kept when the grade is high —
 * at least half the unit's accounts or exchanges covered by two or more independent kinds of
 * indicator (network, billing, client, content, account id), and no rival actor. A cluster the
 * investigator has named is never silently dropped; the report says it rests on the indicators
 * (signal `indicator-led`) and its level stays as low as its behaviour score puts it.
 */
async function namedUnits(
  db: Database,
  partnerSalt: string | null,
  candidates: readonly ClusterFeatures[],
): Promise<Map<string, NamedUnit>> {
  const out = new Map<string, NamedUnit>();
  if (candidates.length === 0 || !(await tableExists(db, 'indicators'))) return out;
  await db.run('CREATE OR REPLACE TEMP TABLE campaign_candidates (cluster_id VARCHAR)');
  await db.run('INSERT INTO campaign_candidates SELECT unnest($ids)', { ids: listValue(candidates.map((c) => c.cluster_id)) });
  await db.run(`CREATE OR REPLACE TEMP VIEW attribution_scope AS
    SELECT f.request_id, u.cluster_id AS campaign_id
      FROM exchange_features f JOIN campaign_units u USING (account_id)
     WHERE u.cluster_id IN (SELECT cluster_id FROM campaign_candidates)`);
  const { matches, coverage } = await matchIndicators(db, partnerSalt);
  for (const f of candidates) {
    const own = coverage.filter((c) => c.campaign_id === f.cluster_id);
    if (own.length === 0) continue;
    const a = gradeAttribution(
      { accounts: f.accounts, exchanges: f.exchanges },
      matches.filter((m) => m.campaign_id === f.cluster_id),
      own,
    );
    if (a.actor === null || a.confidence !== 'high') continue;
    const covered = own.find((c) => c.actor === a.actor)!;
    out.set(f.cluster_id, {
      actor: a.actor,
      accounts: Number(covered.accounts),
      of: f.accounts,
      kinds: a.kinds,
      indicators: a.evidence.filter((e) => !e.indicator.includes(' (indicator of ')).map((e) => e.indicator),
    });
  }
  return out;
}

/**
 * Per considered unit, the client fingerprint most of its accounts use (at least
 * `DECISION.dominantClient` of them), when there is one: the operator's runner or gateway, or a
 * popular SDK it copies. Units without one are absent.
 */
async function dominantClients(db: Database): Promise<Map<string, string>> {
  if (!(await tableExists(db, 'link_items'))) return new Map();
  return dominantValues(db, "SELECT account_id, value FROM link_items WHERE kind = 'client_fingerprint'");
}

/**
 * Per considered unit, the value of `pairs` (a fixed query of the code's own, never user text, over
 * account_id and value) held by the most of its accounts, at least `DECISION.dominantClient` of them.
 */
async function dominantValues(db: Database, pairs: string): Promise<Map<string, string>> {
  const rows = await db.all<{ cluster_id: string; value: string }>(
    `WITH sizes AS (
       SELECT cluster_id, count(*) AS size FROM campaign_units
        WHERE cluster_id IN (SELECT cluster_id FROM campaign_kept_clusters) GROUP BY cluster_id
     ), used AS (
       SELECT u.cluster_id, p.value, count(DISTINCT p.account_id) AS n
         FROM (${pairs}) p JOIN campaign_units u USING (account_id)
        WHERE u.cluster_id IN (SELECT cluster_id FROM campaign_kept_clusters)
        GROUP BY ALL
     )
     SELECT u.cluster_id, u.value FROM used u JOIN sizes z USING (cluster_id)
      WHERE u.n >= $share * z.size
     QUALIFY row_number() OVER (PARTITION BY u.cluster_id ORDER BY u.n DESC, u.value) = 1
      ORDER BY u.cluster_id`,
    { share: DECISION.dominantClient },
  );
  return new Map(rows.map((r) => [r.cluster_id, r.value]));
}

async function scoreUnits(db: Database): Promise<ClusterFeatures[]> {
  await runScript(db, sqlFile(import.meta.url, 'cluster-score.sql'), {
    caught: DECISION.behaviourCaught,
    floor: DECISION.signalFloor,
    breadth_share: DECISION.breadthShare,
  });
  return db.all<ClusterFeatures & Record<string, unknown>>('SELECT * FROM campaign_cluster_features ORDER BY cluster_id');
}

/**
 * Per unit being split: the values of a client fingerprint or card that its accounts, more
 * than anyone else, use — the operator's own gateway, TLS stack or cards, however many of its
 * accounts share them (which makes each edge weak). A popular SDK's fingerprint that a blending
 * operator's accounts copy is mostly used by others and joins nothing. Returns unit → value → accounts.
 */
async function unitValues(db: Database): Promise<Map<string, Map<string, string[]>>> {
  const out = new Map<string, Map<string, string[]>>();
  if (!(await tableExists(db, 'link_items'))) return out;
  const rows = await db.all<{ cluster_id: string; item: string; account_id: string }>(
    `WITH unit_items AS (
       SELECT u.cluster_id, i.kind, i.value, i.account_id
         FROM link_items i JOIN campaign_units u USING (account_id)
        WHERE u.cluster_id IN (SELECT cluster_id FROM campaign_split) AND list_contains($kinds, i.kind)
     ), inside AS (
       SELECT cluster_id, kind, value, count(DISTINCT account_id) AS n FROM unit_items
        GROUP BY ALL HAVING count(DISTINCT account_id) >= 2
     ), users AS (
       SELECT l.kind, l.value, count(DISTINCT l.account_id) AS n
         FROM link_items l JOIN (SELECT DISTINCT kind, value FROM inside) v USING (kind, value)
        GROUP BY ALL
     )
     SELECT DISTINCT ui.cluster_id, ui.kind || ' ' || ui.value AS item, ui.account_id
       FROM unit_items ui JOIN inside s USING (cluster_id, kind, value) JOIN users t USING (kind, value)
      WHERE s.n >= $specificity * t.n
      ORDER BY ui.cluster_id, item, ui.account_id`,
    { kinds: listValue([...VALUE_SPLIT_KINDS]), specificity: DECISION.unitSpecificity },
  );
  for (const r of rows) {
    const byItem = out.get(r.cluster_id) ?? out.set(r.cluster_id, new Map()).get(r.cluster_id)!;
    (byItem.get(r.item) ?? byItem.set(r.item, []).get(r.item)!).push(r.account_id);
  }
  return out;
}

/**
 * Replaces each listed unit by its core's connected parts of at least `minAccounts` accounts
 * (named `<cluster>/<smallest account>`). The core is the accounts caught on their own behaviour
 * and those holding a strong infrastructure tie (a card, addresses in the same hours) inside the
 * unit — so a sampled export, where few accounts are caught alone, keeps its hydras whole; parts
 * connect through an address in the same hour, a tie strong by rarity alone (≥ singleTieWeight),
 * a client or card the unit's accounts more than anyone else use (`unitValues`), or two kinds of content and timing tie at once, between
 * core accounts: one shared template, one minute of lockstep, or one popular client between two
 * operators' accounts must not make them one.
 * Hints every population shares (a webmail domain, a popular SDK) do not connect. Accounts
 * outside every part leave the unit. Returns whether any unit was split.
 */
async function splitUnits(db: Database, units: string[]): Promise<boolean> {
  await db.run('CREATE OR REPLACE TEMP TABLE campaign_split (cluster_id VARCHAR)');
  await db.run('INSERT INTO campaign_split SELECT unnest($ids)', { ids: listValue(units) });
  const edges = await db.all<{
    cluster_id: string;
    a: string;
    b: string;
    strong: boolean;
    linked: boolean;
    a_caught: boolean;
    b_caught: boolean;
  }>(
    `SELECT ua.cluster_id, e.a, e.b,
            bool_or(list_contains($kinds, e.kind) AND e.weight >= $min_weight) AS strong,
            bool_or(e.kind = 'ip_window' OR (list_contains($kinds, e.kind) AND e.weight >= $link_weight))
              OR count(DISTINCT e.kind) FILTER (WHERE e.kind = 'ip_window' OR list_contains($behaviour_kinds, e.kind)) >= 2 AS linked,
            coalesce(any_value(sa.behaviour), 0) >= $caught AS a_caught,
            coalesce(any_value(sb.behaviour), 0) >= $caught AS b_caught
       FROM edges e
       JOIN campaign_units ua ON ua.account_id = e.a
       JOIN campaign_units ub ON ub.account_id = e.b AND ub.cluster_id = ua.cluster_id
       LEFT JOIN campaign_account_scores sa ON sa.account_id = e.a
       LEFT JOIN campaign_account_scores sb ON sb.account_id = e.b
      WHERE ua.cluster_id IN (SELECT cluster_id FROM campaign_split)
        AND (list_contains($kinds, e.kind) OR list_contains($behaviour_kinds, e.kind))
      GROUP BY ua.cluster_id, e.a, e.b
      ORDER BY ua.cluster_id, e.a, e.b`,
    {
      kinds: listValue([...SPLIT_KINDS]),
      behaviour_kinds: listValue([...BEHAVIOUR_TIE_KINDS]),
      min_weight: DECISION.minTieWeight,
      caught: DECISION.behaviourCaught,
      link_weight: DECISION.singleTieWeight,
    },
  );
  const shared = await unitValues(db);
  const parts: { account: string; unit: string }[] = [];
  for (const unit of units) {
    const own = edges.filter((e) => e.cluster_id === unit);
    const core = new Set<string>();
    for (const e of own) {
      if (e.a_caught) core.add(e.a);
      if (e.b_caught) core.add(e.b);
      if (e.strong) {
        core.add(e.a);
        core.add(e.b);
      }
    }
    const sets = new UnionFind(core);
    for (const e of own) if (e.linked && core.has(e.a) && core.has(e.b)) sets.union(e.a, e.b);
    for (const users of shared.get(unit)?.values() ?? []) {
      const inCore = users.filter((a) => core.has(a));
      for (const a of inCore.slice(1)) sets.union(inCore[0]!, a);
    }
    for (const group of sets.groups()) {
      if (group.length < DECISION.minAccounts) continue;
      for (const account of group) parts.push({ account, unit: `${unit}/${group[0]}` });
    }
  }
  await db.run('DELETE FROM campaign_units WHERE cluster_id IN (SELECT cluster_id FROM campaign_split)');
  if (parts.length > 0) {
    await db.run('INSERT INTO campaign_units SELECT unnest($a), unnest($u)', {
      a: listValue(parts.map((p) => p.account)),
      u: listValue(parts.map((p) => p.unit)),
    });
  }
  return true;
}
