import { listValue } from '@duckdb/node-api';
import type { Database } from '../db/database.js';
import { sqlFile } from '../db/sql.js';
import { runScript } from '../db/script.js';

/** A client used by at least this many genuine accounts is a common one (a popular SDK, a browser). */
const COMMON_CLIENT_ACCOUNTS = 3;
const ITERATIONS = 40;
/** Laplace smoothing of trait frequencies: an unseen trait is rare, never impossible. */
const SMOOTHING = 0.5;

interface CellCount {
  campaign_key: string;
  account_id: string;
  cell: string;
  n: number;
}

/**
 * Splits the traffic of a campaign's accounts into the campaign's and the genuine customers'
 * (hydra resellers mix both). Each account's traffic is modelled as a mixture: a share π_a from
 * the campaign, whose traits are learned (EM), and the rest from genuine customers, whose traits
 * are those of the population outside any campaign. Traits are judged independently (naive
 * Bayes) over a few categorical features; an exchange is the campaign's when its posterior
 * exceeds one half. Pure campaign accounts converge to π_a ≈ 1 and keep all their traffic.
 * A conversation is one customer's: its turns all take the label of its first turn in the export
 * (`conversation.sql`), so an operator's follow-up turns that read like a person's stay with it.
 *
 * Reads `campaign_members(campaign_key, account_id)`; writes `campaign_exchange_keys(request_id, campaign_key)`.
 */
export async function separateExchanges(db: Database): Promise<Map<string, SeparationDoubt>> {
  await runScript(db, sqlFile(import.meta.url, 'separation.sql'), { common: COMMON_CLIENT_ACCOUNTS });
  const cells = await db.all<CellCount & Record<string, unknown>>(
    `SELECT campaign_key, account_id, cell, count(*)::BIGINT AS n FROM separation_exchanges
      WHERE campaign_key IS NOT NULL GROUP BY ALL ORDER BY campaign_key, account_id, cell`,
  );
  const population = await db.all<{ cell: string; n: number }>(
    `SELECT cell, count(*)::BIGINT AS n FROM separation_exchanges WHERE campaign_key IS NULL GROUP BY cell ORDER BY cell`,
  );

  const shares = await db.all<{ campaign_key: string; hits: number; total: number }>(
    'SELECT campaign_key, hits, total FROM separation_setting_share ORDER BY campaign_key',
  );
  const base = traitModel(population.map((p) => ({ traits: p.cell.split('|'), weight: p.n })));
  const settingShare = new Map(shares.map((s) => [s.campaign_key, smoothedShare(Number(s.hits), Number(s.total))]));
  const byCampaign = new Map<string, CellCount[]>();
  for (const c of cells) (byCampaign.get(c.campaign_key) ?? byCampaign.set(c.campaign_key, []).get(c.campaign_key)!).push(c);

  const keep: { account: string; cell: string; key: string }[] = [];
  const doubts = new Map<string, SeparationDoubt>();
  for (const [key, rows] of byCampaign) {
    const { kept, doubt } = separateCampaign(rows, withSetting(base, settingShare.get(key) ?? smoothedShare(0, 0)));
    for (const r of kept) keep.push({ account: r.account_id, cell: r.cell, key });
    doubts.set(key, doubt);
  }
  await db.run('CREATE OR REPLACE TEMP TABLE separation_kept (account_id VARCHAR, cell VARCHAR, campaign_key VARCHAR)');
  const chunk = 50_000;
  for (let i = 0; i < keep.length; i += chunk) {
    const part = keep.slice(i, i + chunk);
    await db.run('INSERT INTO separation_kept SELECT unnest($a), unnest($c), unnest($k)', {
      a: listValue(part.map((p) => p.account)),
      c: listValue(part.map((p) => p.cell)),
      k: listValue(part.map((p) => p.key)),
    });
  }
  await runScript(db, sqlFile(import.meta.url, 'conversation.sql'));
  const missed = await db.all<{ campaign_key: string; accounts: number; exchanges: number }>(
    'SELECT campaign_key, accounts, exchanges FROM separation_missed ORDER BY campaign_key',
  );
  for (const m of missed) {
    const d = doubts.get(m.campaign_key);
    if (d) d.missed = { accounts: Number(m.accounts), exchanges: Number(m.exchanges) };
  }
  return doubts;
}

/**
 * How many exchanges the separation may have put on the wrong side, in expectation: those it kept
 * weighted by their chance of being a customer's (1 − posterior), and those it left weighted by
 * their chance of being the campaign's. Pure campaign accounts add next to nothing; a hydra whose
 * customers ask the same kind of questions as its operator adds a real band.
 */
export interface SeparationDoubt {
  kept: number;
  left: number;
  /**
   * Accounts outside every campaign sending with one of its operator's settings, and those
   * exchanges: traffic the campaign may have missed (its accounts the decision left out).
   */
  missed?: { accounts: number; exchanges: number };
}

/** Position of the operator's-setting trait in a campaign exchange's cell (`separation.sql`). */
export const SETTING_TRAIT = 6;

/** A count's share with the model's Laplace smoothing over two values (operator's setting or not). */
export function smoothedShare(hits: number, total: number): number {
  return (hits + SMOOTHING) / (total + 2 * SMOOTHING);
}

/**
 * The genuine side of one campaign: the population's trait model for the traits every exchange
 * has, times the population's share of exchanges that use one of this campaign's operator
 * settings (`settingShare`) for the trait only campaign exchanges carry. Without that trait the
 * model is the population's.
 */
export function withSetting(base: TraitModel, settingShare: number): TraitModel {
  return (traits) => {
    const own = base(traits.slice(0, SETTING_TRAIT));
    const setting = traits[SETTING_TRAIT];
    if (setting === undefined) return own;
    return own * (setting === 'operator-setting' ? settingShare : 1 - settingShare);
  };
}

/** Frequencies of each trait value at each position, smoothed. */
export type TraitModel = (traits: readonly string[]) => number;

export function traitModel(rows: readonly { traits: readonly string[]; weight: number }[]): TraitModel {
  const counts: Map<string, number>[] = [];
  const totals: number[] = [];
  for (const { traits, weight } of rows) {
    traits.forEach((t, i) => {
      const m = counts[i] ?? (counts[i] = new Map());
      m.set(t, (m.get(t) ?? 0) + weight);
      totals[i] = (totals[i] ?? 0) + weight;
    });
  }
  return (traits) => {
    let p = 1;
    traits.forEach((t, i) => {
      const m = counts[i];
      const distinct = (m?.size ?? 0) + 1;
      p *= ((m?.get(t) ?? 0) + SMOOTHING) / ((totals[i] ?? 0) + SMOOTHING * distinct);
    });
    return p;
  };
}

/** Accounts whose traffic is at least this share in the operator's settings show how its program sends. */
const OPERATOR_ACCOUNT_SHARE = 0.9;
const OPERATOR_ACCOUNT_MIN = 10;

/**
 * The campaign side's chance of the operator's-setting trait. It is not learned by EM with the
 * rest: on a reseller's accounts its customers' lone long-answer questions look like its harvest
 * on every other trait, so any share of them EM gives the campaign raises the campaign's chance of
 * "own setting", which gives it more of them — measured, EM settled on absorbing 468 of them
 * (lattice, small seed 1, `--tactics reseller-mix`) whatever its start. It is read instead from the
 * accounts that are (nearly) all the operator's, the half of them with the fewest exchanges
 * without an operator setting: their share of those is how often the program itself goes without one. Without such accounts (every account
 * carries customers) the program is taken to send its settings always (the smoothed floor). A
 * campaign without operator settings gets a neutral trait (both values equally likely).
 */
export function settingModel(
  rows: readonly { account_id: string; n: number }[],
  traits: readonly (readonly string[])[],
): (value: string | undefined) => number {
  const perAccount = new Map<string, { op: number; n: number }>();
  rows.forEach((r, i) => {
    const m = perAccount.get(r.account_id) ?? { op: 0, n: 0 };
    if (traits[i]![SETTING_TRAIT] === 'operator-setting') m.op += r.n;
    m.n += r.n;
    perAccount.set(r.account_id, m);
  });
  let operated = 0;
  const pure: { op: number; n: number }[] = [];
  for (const m of perAccount.values()) {
    operated += m.op;
    if (m.n >= OPERATOR_ACCOUNT_MIN && m.op >= OPERATOR_ACCOUNT_SHARE * m.n) pure.push(m);
  }
  if (operated === 0) return () => 1;
  // Of those, the half sending the fewest exchanges without the operator's settings: a mixed
  // account whose customers send a few percent of its traffic passes the share too, and pooled
  // in it taught the program to go without its settings that often, so the customers' lone
  // questions on such accounts joined the campaign (meridian, small all tactics: 360 of them,
  // +2.8 %). The program's own rate shows on every account; customers only add to it.
  pure.sort((a, b) => (a.n - a.op) / a.n - (b.n - b.op) / b.n || a.n - b.n);
  // The rate is read from that half, smoothed over every pure account's exchanges.
  let halfOp = 0;
  let halfN = 0;
  for (const m of pure.slice(0, Math.ceil(pure.length / 2))) {
    halfOp += m.op;
    halfN += m.n;
  }
  const pureN = pure.reduce((sum, m) => sum + m.n, 0);
  const own =
    pureN > 0 ? (((halfN - halfOp) / halfN) * pureN + SMOOTHING) / (pureN + 2 * SMOOTHING) : SMOOTHING / (operated + 2 * SMOOTHING);
  return (value) => (value === undefined ? 1 : value === 'operator-setting' ? 1 - own : own);
}

/** EM over one campaign's (account, cell) counts; returns the cells judged the campaign's. */
export function separateCampaign<T extends { account_id: string; cell: string; n: number }>(
  rows: readonly T[],
  genuine: TraitModel,
): { kept: T[]; doubt: SeparationDoubt } {
  const traits = rows.map((r) => r.cell.split('|'));
  const g = traits.map((t) => genuine(t));
  const share = new Map<string, number>();
  for (const r of rows) share.set(r.account_id, 0.9);
  const setting = settingModel(rows, traits);
  let posterior = rows.map(() => 1);
  for (let it = 0; it < ITERATIONS; it++) {
    const learned = traitModel(rows.map((r, i) => ({ traits: traits[i]!.slice(0, SETTING_TRAIT), weight: r.n * posterior[i]! })));
    const campaign: TraitModel = (t) => learned(t.slice(0, SETTING_TRAIT)) * setting(t[SETTING_TRAIT]);
    posterior = rows.map((r, i) => {
      const pi = share.get(r.account_id)!;
      const c = pi * campaign(traits[i]!);
      const h = (1 - pi) * g[i]!;
      return c + h > 0 ? c / (c + h) : 0;
    });
    const mass = new Map<string, [number, number]>();
    rows.forEach((r, i) => {
      const m = mass.get(r.account_id) ?? [0, 0];
      m[0] += r.n * posterior[i]!;
      m[1] += r.n;
      mass.set(r.account_id, m);
    });
    // π stays inside (0, 1): an account the model calls pure can still show one odd exchange.
    for (const [a, [c, n]] of mass) share.set(a, Math.min(0.999, Math.max(0.001, c / n)));
  }
  const doubt: SeparationDoubt = { kept: 0, left: 0 };
  rows.forEach((r, i) => {
    const p = posterior[i]!;
    if (p > 0.5) doubt.kept += r.n * (1 - p);
    else doubt.left += r.n * p;
  });
  return { kept: rows.filter((_, i) => posterior[i]! > 0.5), doubt };
}
