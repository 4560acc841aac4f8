import type { Database } from '../db/database.js';
import { sqlFile } from '../db/sql.js';
import { runScript } from '../db/script.js';
import type { Evidence } from '../load/evidence.js';

/**
 * What a detector's signal stands for in the campaign decision (`campaign/cluster-score.sql`).
 * Every detector counts in an account's behaviour score and in a unit's breadth; the role says
 * what else it vouches for:
 * - `usage`: heavy or narrow use — volume, single-turn use, capability focus, a release-day
 *   switch. Power users and evaluation harnesses show it too, so it never makes a campaign's
 *   extraction evidence on its own.
 * - `extraction`: speaks of extraction rather than heavy use (mass-produced prompts, scripted
 *   timing, elicited reasoning); a campaign needs at least one extraction detector.
 * - `churn`: account churn (accounts replaced, bought at full throughput, keys shared across a
 *   pool). An operator mark: it counts as extraction, and it stands in for the answers' value
 *   (`DECISION.freshHydra`).
 */
export type DetectorRole = 'usage' | 'extraction' | 'churn';

/** What each role counts as in the decision: the columns of the `detector_roles` table. */
export const ROLES: Readonly<Record<DetectorRole, { extraction: boolean; churn: boolean }>> = {
  usage: { extraction: false, churn: false },
  extraction: { extraction: true, churn: false },
  churn: { extraction: true, churn: true },
};

/**
 * One threshold of a detector, bound into its SQL as `$name`. The value is part of the config hash
 * (`report/build.ts`), so two reports made with different thresholds never look alike. Whole
 * numbers are bound as integers (usable in `INTERVAL ($hours) HOUR`), others as DOUBLE.
 */
export interface DetectorParam {
  /** Name in the SQL (`$name`): lower case, digits and underscores. */
  name: string;
  value: number;
  /** What it decides, and why it has this value. */
  meaning: string;
}

/**
 * One account-behaviour detector: reads the features tables and inserts rows into `signals`
 * (account_id, detector, strength in [0, 1], detail, rules). `guard` names the honest behaviour it
 * must spare, and how it does. `needs` names the evidence it cannot work without: when the inputs
 * carry none of one of them, it does not run (a column NULL everywhere must not read as a
 * behaviour), and the report says so. `role` is what its signal counts as in the decision;
 * `params` are its thresholds.
 */
export interface Detector {
  name: string;
  version: string;
  role: DetectorRole;
  description: string;
  guard: string;
  needs: readonly Evidence[];
  params: readonly DetectorParam[];
  run(db: Database): Promise<void>;
}

/** What a detector entry declares: everything but `run`, which `sqlDetector` makes from the SQL file. */
export type SqlDetectorSpec = Omit<Detector, 'run'> & {
  /** The statement's file, beside this module unless `moduleUrl` (import.meta.url) says where. */
  sql: string;
  moduleUrl?: string;
};

const PARAM_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * A detector whose whole work is one SQL statement. It runs as a prepared statement with
 * `$detector` (its name) and each of its `params` bound by name; DuckDB refuses a statement that
 * uses a parameter not declared, or is given one it does not use, so the entry and the SQL
 * cannot drift apart. Throws at definition on an entry without a valid role or with a malformed
 * or repeated parameter.
 */
export function sqlDetector(d: SqlDetectorSpec): Detector {
  if (!Object.hasOwn(ROLES, d.role))
    throw new Error(`detector ${d.name}: role must be one of ${Object.keys(ROLES).join(', ')}, got ${String(d.role)}`);
  const seen = new Set<string>(['detector']);
  for (const p of d.params) {
    if (!PARAM_NAME.test(p.name) || seen.has(p.name))
      throw new Error(`detector ${d.name}: parameter name ${JSON.stringify(p.name)} is malformed or repeated`);
    if (!Number.isFinite(p.value)) throw new Error(`detector ${d.name}: parameter ${p.name} must be a finite number`);
    if (!p.meaning.trim()) throw new Error(`detector ${d.name}: parameter ${p.name} needs its meaning`);
    seen.add(p.name);
  }
  const sql = sqlFile(d.moduleUrl ?? import.meta.url, d.sql);
  const bound: Record<string, string | number | bigint> = { detector: d.name };
  for (const p of d.params) bound[p.name] = Number.isInteger(p.value) ? BigInt(p.value) : p.value;
  return {
    name: d.name,
    version: d.version,
    role: d.role,
    description: d.description,
    guard: d.guard,
    needs: d.needs,
    params: d.params,
    async run(db: Database): Promise<void> {
      await runScript(db, sql, bound);
    },
  };
}

/** Shorthand for a parameter in a registry entry. */
export function param(name: string, value: number, meaning: string): DetectorParam {
  return { name, value, meaning };
}
