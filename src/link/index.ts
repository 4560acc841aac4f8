import type { Context } from '../context.js';
import { sqlFile } from '../db/sql.js';
import type { Stage } from '../pipeline.js';
import { DEFAULT_LIMITS, hubThreshold, raritySql, type ExpansionLimits } from './rarity.js';
import { MIN_EDGE_WEIGHT, TIE_KINDS } from './kinds.js';
import { tableExists } from '../db/tables.js';
import { runScript } from '../db/script.js';

export const LINK_VERSION = '1';

/** MinHash signatures per account for lockstep; 16 give the Jaccard within about ±0.12. */
const SIGNATURES = 16;
/** Ten-minute slots an account needs before its timing is compared (two hours of activity). */
const MIN_SLOTS = 12;
/**
 * The rarity of a browser's user agent or TLS fingerprint is cut to this share: the export sees
 * a few of the build's users, the world many (browsers.sql).
 */
const BROWSER_RARITY = 0.3;
/**
 * A footprint needs this many accounts using both values, and that many must be this share of
 * each value's users: fewer is a coincidence a population of thousands produces.
 */
const FOOTPRINT_MIN_ACCOUNTS = 5;
const FOOTPRINT_SHARE = 0.8;
/** Weighted Jaccard at which an overlap tie reaches its kind's full weight. */
const SATURATION = 0.5;

/** Writes `edges` (and its working tables `link_items`, `link_values`, `link_activity`). */
export async function buildEdges(ctx: Context, limits: ExpansionLimits = DEFAULT_LIMITS): Promise<void> {
  const { db } = ctx;
  const accounts = await db.value<number>('SELECT count(DISTINCT account_id) FROM exchanges');
  // The population is a count we computed, never user text: safe to splice into the macro.
  await db.run(`CREATE OR REPLACE TEMP MACRO link_rarity(accounts) AS ${raritySql(accounts)}`);
  // A stored table, not a temporary one: `explain` on a kept database combines ties by family.
  await db.run(`CREATE OR REPLACE TABLE link_kinds
    (kind VARCHAR, family VARCHAR, mode VARCHAR, base DOUBLE, min_shared INTEGER, noun VARCHAR, rarity BOOLEAN, full_at INTEGER)`);
  for (const k of TIE_KINDS) {
    await db.run('INSERT INTO link_kinds VALUES ($kind, $family, $mode, $base, $min, $noun, $rarity, $full)', {
      kind: k.kind,
      family: k.family,
      mode: k.mode,
      base: k.base,
      min: k.minShared,
      noun: k.noun,
      rarity: k.rarity,
      full: k.fullAt,
    });
  }
  await runScript(db, sqlFile(import.meta.url, 'network.sql'));
  await runScript(db, sqlFile(import.meta.url, 'items-exchanges.sql'));
  if (await tableExists(db, 'exchange_features')) {
    await runScript(db, sqlFile(import.meta.url, 'items-templates.sql'));
  } else {
    ctx.log.info('links: no exchange_features table, so no prompt-template ties');
  }
  if (await tableExists(db, 'accounts')) await runScript(db, sqlFile(import.meta.url, 'items-accounts.sql'));
  await runScript(db, sqlFile(import.meta.url, 'items-lockstep.sql'), { signatures: SIGNATURES, min_slots: MIN_SLOTS });

  await runScript(db, sqlFile(import.meta.url, 'browsers.sql'));
  await runScript(db, sqlFile(import.meta.url, 'items-footprint.sql'), {
    min_accounts: FOOTPRINT_MIN_ACCOUNTS,
    share: FOOTPRINT_SHARE,
    hub: hubThreshold(accounts, limits),
  });
  await runScript(db, sqlFile(import.meta.url, 'values.sql'), { hub: hubThreshold(accounts, limits), browser: BROWSER_RARITY });
  await runScript(db, sqlFile(import.meta.url, 'pairs.sql'), { full_max: limits.fullPairsMax, rings: limits.rings });
  await runScript(db, sqlFile(import.meta.url, 'edges.sql'), {
    saturation: SATURATION,
    signatures: SIGNATURES,
    min_weight: MIN_EDGE_WEIGHT,
  });
  await db.run('DROP TABLE IF EXISTS link_pairs');
}

export const linkStage: Stage = {
  name: 'links',
  async run(ctx: Context): Promise<void> {
    const started = performance.now();
    await buildEdges(ctx);
    ctx.timings.push({ stage: 'links', name: 'links', version: LINK_VERSION, kind: 'stage', ms: Math.round(performance.now() - started) });
  },
};
