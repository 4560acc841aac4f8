import { readFileSync } from 'node:fs';
import type { Database } from '../db/database.js';
import { sqlFile } from '../db/sql.js';
import { UserError } from '../errors.js';
import { runScript } from '../db/script.js';
import type { ReportBundle } from '../report/bundle.js';
import { presentTables } from '../db/tables.js';

export const OBSERVABLES_SCHEMA = 'distill-audit/observables@1';
export const OBSERVABLES_FILE = 'observables.json';

/**
 * Which of a campaign's values are its own, and so worth a partner's matching. Two accounts is
 * the least that makes a value the campaign's rather than one customer's; 90 % of the value's
 * traffic keeps out carrier NATs, cloud ASNs and popular SDK user agents that the campaign merely
 * shares with honest users (a partner matching those would flag its own population).
 */
export const OBSERVABLE_THRESHOLDS = {
  minAccounts: 2,
  minSpecificity: 0.9,
} as const;

/** Kinds a partner can match on, in the order they are shared. */
export const OBSERVABLE_KINDS = ['cidr', 'asn', 'user_agent', 'client_fingerprint', 'email_domain'] as const;
export type ObservableKind = (typeof OBSERVABLE_KINDS)[number];

/** Kinds that never leave in clear (hashed under `--share-hashed-ids`, else left out). */
export const PRIVATE_KINDS = ['account_id', 'api_key_id', 'payment_fingerprint', 'email'] as const;
export type PrivateKind = (typeof PRIVATE_KINDS)[number];

export interface Observable {
  kind: ObservableKind;
  value: string;
  accounts: number;
  exchanges: number;
  /** Share of the value's exchanges (accounts, for e-mail domains) in the export that are the campaign's. */
  specificity: number;
  first_seen: string | null;
  last_seen: string | null;
}

export interface CampaignObservables {
  observables: Observable[];
  /** Identifiers of the campaign's accounts that stay with the provider; absent in a redacted report. */
  private?: Record<PrivateKind, string[]>;
}

/** `observables.json`: written beside report.json, read by `distill-audit share`. */
export interface ObservablesFile {
  schema: typeof OBSERVABLES_SCHEMA;
  thresholds: typeof OBSERVABLE_THRESHOLDS;
  /** Why values are missing, when the run had no exchange table (a scan of partials). */
  missing: string | null;
  campaigns: Record<string, CampaignObservables>;
}

/** Reads the campaigns' shareable values from the run's tables. */
export async function gatherObservables(db: Database, options: { redacted: boolean }): Promise<ObservablesFile> {
  const tables = await presentTables(db);
  const out: ObservablesFile = { schema: OBSERVABLES_SCHEMA, thresholds: OBSERVABLE_THRESHOLDS, missing: null, campaigns: {} };
  const needed = ['exchanges', 'exchange_labels', 'campaign_accounts', 'accounts'];
  const absent = needed.filter((t) => !tables.has(t));
  if (absent.length > 0) {
    out.missing = `the run has no ${absent.join(', ')} table, so no network or client values were gathered`;
    return out;
  }
  const ids = await db.all<{ campaign_id: string }>('SELECT DISTINCT campaign_id FROM campaign_accounts ORDER BY campaign_id');
  for (const { campaign_id } of ids) out.campaigns[campaign_id] = { observables: [] };
  // The link stage's network macros: a value shared is the same /24 or /64 the ties were built on.
  await runScript(db, sqlFile(new URL('../link/index.js', import.meta.url).href, 'network.sql'));
  const rows = await db.all<Observable & { campaign_id: string } & Record<string, unknown>>(sqlFile(import.meta.url, 'observables.sql'), {
    min_accounts: OBSERVABLE_THRESHOLDS.minAccounts,
    min_specificity: OBSERVABLE_THRESHOLDS.minSpecificity,
  });
  for (const { campaign_id, ...o } of rows) {
    // Redacted, addresses are cut to /48: a /64 would say more than the report does.
    if (options.redacted && o.kind === 'cidr' && o.value.includes(':')) continue;
    (out.campaigns[campaign_id] ??= { observables: [] }).observables.push({
      ...o,
      accounts: Number(o.accounts),
      exchanges: Number(o.exchanges),
      specificity: Number(o.specificity),
    });
  }
  if (!options.redacted) {
    const secrets = await db.all<{ campaign_id: string; kind: PrivateKind; value: string } & Record<string, unknown>>(
      sqlFile(import.meta.url, 'private.sql'),
    );
    for (const s of secrets) {
      const c = (out.campaigns[s.campaign_id] ??= { observables: [] });
      c.private ??= { account_id: [], api_key_id: [], payment_fingerprint: [], email: [] };
      c.private[s.kind].push(s.value);
    }
  }
  return out;
}

/** Writes `observables.json` into a report bundle being staged. */
export async function writeObservables(db: Database, bundle: ReportBundle, redacted: boolean): Promise<void> {
  bundle.write(OBSERVABLES_FILE, JSON.stringify(await gatherObservables(db, { redacted }), null, 2) + '\n');
}

/** Reads `observables.json` of a report directory; a report without one shares only its attribution evidence. */
export function readObservables(path: string): ObservablesFile | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UserError(`cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'observables-unreadable', path);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UserError(`not JSON: ${(err as Error).message}`, 'observables-invalid', path);
  }
  const o = doc as Partial<ObservablesFile> | null;
  if (!o || typeof o !== 'object' || o.schema !== OBSERVABLES_SCHEMA || !o.campaigns || typeof o.campaigns !== 'object') {
    throw new UserError(`expected an object with schema "${OBSERVABLES_SCHEMA}" and campaigns`, 'observables-invalid', path);
  }
  for (const [id, c] of Object.entries(o.campaigns)) {
    if (!c || !Array.isArray(c.observables))
      throw new UserError(`campaigns.${id}.observables: expected an array`, 'observables-invalid', path);
    for (const [k, values] of Object.entries(c.private ?? {})) {
      if (!(PRIVATE_KINDS as readonly string[]).includes(k) || !Array.isArray(values) || !values.every((v) => typeof v === 'string')) {
        throw new UserError(
          `campaigns.${id}.private.${k}: expected one of ${PRIVATE_KINDS.join(', ')} with a list of strings`,
          'observables-invalid',
          path,
        );
      }
    }
    c.observables.forEach((x, i) => {
      if (
        !x ||
        !(OBSERVABLE_KINDS as readonly string[]).includes(x.kind) ||
        typeof x.value !== 'string' ||
        typeof x.exchanges !== 'number' ||
        typeof x.accounts !== 'number'
      ) {
        throw new UserError(`campaigns.${id}.observables[${i}]: expected kind, value, accounts and exchanges`, 'observables-invalid', path);
      }
    });
  }
  return o as ObservablesFile;
}
