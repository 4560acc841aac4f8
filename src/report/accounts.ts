import { writeFileSync } from 'node:fs';
import { Float64, Table, Utf8, makeVector, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { Database } from '../db/database.js';
import { runScript } from '../db/script.js';
import { quoteString, sqlFile } from '../db/sql.js';
import type { ReportBundle } from './bundle.js';
import { csvCell } from './escape.js';
import type { Redactor } from './redact.js';
import { hashSql } from './redact.js';
import { presentTables } from '../db/tables.js';

/** The columns of accounts.csv / .parquet / .arrow (CONTRACT.md section 2), in order. */
export const ACCOUNT_FILE_COLUMNS = ['account_id', 'cluster_id', 'campaign_id', 'score', 'exchanges', 'top_signals'] as const;

export interface AccountRow {
  account_id: string;
  cluster_id: string | null;
  campaign_id: string | null;
  score: number | null;
  exchanges: number;
  top_signals: string | null;
}

/** Each source table, or an empty stand-in of the same shape when the run did not make it. */
const SOURCES: Record<string, { table: string; select: string; empty: string }> = {
  src_exchanges: {
    table: 'exchanges',
    select: 'SELECT account_id FROM exchanges',
    empty: 'SELECT NULL::VARCHAR AS account_id WHERE false',
  },
  src_clusters: {
    table: 'clusters',
    select: 'SELECT account_id, cluster_id::VARCHAR AS cluster_id FROM clusters',
    empty: 'SELECT NULL::VARCHAR AS account_id, NULL::VARCHAR AS cluster_id WHERE false',
  },
  src_campaign_accounts: {
    table: 'campaign_accounts',
    // Only campaigns the report shows (--min-level may hide some), so the files agree with report.json.
    select: `SELECT account_id, campaign_id::VARCHAR AS campaign_id FROM campaign_accounts
              WHERE campaign_id IN (SELECT unnest(from_json($campaigns, '["VARCHAR"]')))`,
    empty: 'SELECT NULL::VARCHAR AS account_id, NULL::VARCHAR AS campaign_id WHERE false',
  },
  src_signals: {
    table: 'signals',
    select: 'SELECT account_id, detector, strength::DOUBLE AS strength FROM signals WHERE strength IS NOT NULL',
    empty: 'SELECT NULL::VARCHAR AS account_id, NULL::VARCHAR AS detector, NULL::DOUBLE AS strength WHERE false',
  },
};

/** Materialises `report_accounts` for this run, so a later `report --db` can write the same files. */
export async function snapshotAccounts(db: Database, campaignIds: string[]): Promise<void> {
  const tables = await presentTables(db);
  const sources = Object.entries(SOURCES)
    .map(([name, s]) => `${name} AS (${tables.has(s.table) ? s.select : s.empty})`)
    .join(',\n');
  const sql = `CREATE OR REPLACE TABLE report_accounts AS WITH ${sources},\n${sqlFile(import.meta.url, 'accounts.sql')}`;
  await runScript(db, sql, tables.has('campaign_accounts') ? { campaigns: JSON.stringify(campaignIds) } : {});
}

/** The rows of the accounts files, ids hashed in SQL when redacting. */
function accountsQuery(redactor: Redactor | null): { sql: string; params: Record<string, string> } {
  const id = redactor ? hashSql('account_id', '$salt') : 'account_id';
  const sql = `SELECT ${id} AS account_id, cluster_id, campaign_id, score, exchanges, top_signals
                 FROM report_accounts
                ORDER BY campaign_id NULLS LAST, score DESC NULLS LAST, exchanges DESC, report_accounts.account_id`;
  return { sql, params: redactor ? { salt: redactor.salt } : {} };
}

/**
 * accounts.csv, accounts.parquet and accounts.arrow. Parquet is written by DuckDB; the per-account
 * result is small enough (one row per account, never per exchange) to format CSV and Arrow here.
 */
export async function writeAccountFiles(db: Database, bundle: ReportBundle, redactor: Redactor | null): Promise<void> {
  const { sql, params } = accountsQuery(redactor);
  await db.run(`COPY (${sql}) TO ${quoteString(bundle.path('accounts.parquet'))} (FORMAT parquet)`, params);
  const rows = await db.all<AccountRow & Record<string, unknown>>(sql, params);
  bundle.write('accounts.csv', accountsCsv(rows));
  writeFileSync(bundle.path('accounts.arrow'), accountsArrow(rows));
}

export function accountsCsv(rows: AccountRow[]): string {
  const lines = [ACCOUNT_FILE_COLUMNS.join(',')];
  for (const r of rows) lines.push(ACCOUNT_FILE_COLUMNS.map((c) => csvCell(r[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function accountsArrow(rows: AccountRow[]): Uint8Array {
  const text = (c: 'account_id' | 'cluster_id' | 'campaign_id' | 'top_signals') =>
    vectorFromArray(
      rows.map((r) => r[c]),
      new Utf8(),
    );
  const table = new Table({
    account_id: text('account_id'),
    cluster_id: text('cluster_id'),
    campaign_id: text('campaign_id'),
    score: vectorFromArray(
      rows.map((r) => r.score),
      new Float64(),
    ),
    exchanges: makeVector(BigInt64Array.from(rows.map((r) => BigInt(r.exchanges)))),
    top_signals: text('top_signals'),
  });
  return tableToIPC(table, 'file');
}
