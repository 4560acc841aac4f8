import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { environmentError, UserError } from '../errors.js';
import { coerceSql } from './coerce.js';
import { detectFormat, FORMATS } from './format.js';
import { firstLine } from './input-file.js';
import { chooseMapping, describeMapping } from './mapping.js';
import { REJECT_SCANS_TABLE, REJECTS_TABLE, reader, sampleFields, tableColumns } from './reader.js';
import { ACCOUNT_COLUMNS } from './schema.js';

const COLUMNS = ACCOUNT_COLUMNS.map((c) => c.name);

export function accountsTableSql(): string {
  return `CREATE TABLE IF NOT EXISTS accounts (${ACCOUNT_COLUMNS.map((c) => `${c.name} ${c.type}`).join(', ')})`;
}

/**
 * Loads `--accounts FILE` (CSV/TSV, JSON Lines or Parquet) into `accounts`, replacing what a kept
 * database held. The export is small and curated, so a bad row stops the run with its line and
 * reason rather than being set aside. `email_domain` is derived from `email` when not given.
 * Returns the mapping used.
 */
export async function loadAccounts(ctx: Context, path: string): Promise<Record<string, string>> {
  const abs = resolve(path);
  let size: number;
  try {
    size = statSync(abs).size;
  } catch {
    throw new UserError('no such file', 'accounts-missing', path);
  }
  const file = { path, abs, size };
  const detected = await detectFormat(ctx.db, file);
  if (!detected || !FORMATS[detected.format].accounts) {
    throw new UserError('not a CSV, JSON Lines or Parquet accounts export', 'accounts-invalid', path);
  }
  if (detected.empty) throw new UserError('the accounts file is empty', 'accounts-invalid', path);
  const { format, compression } = detected;
  try {
    const columns = FORMATS[format].namedColumns ? await tableColumns(ctx.db, abs, format, compression) : [];
    const mapping = chooseMapping(ACCOUNT_COLUMNS, await sampleFields(ctx.db, abs, format, compression, columns));
    if (!mapping.account_id)
      throw new UserError('no account_id column (or one of its aliases: see distill-audit schema)', 'accounts-invalid', path);
    const read = reader(abs, format, compression, columns);
    await ctx.db.run(`DROP TABLE IF EXISTS ${REJECTS_TABLE}; DROP TABLE IF EXISTS ${REJECT_SCANS_TABLE}`);
    await ctx.db.run(`CREATE OR REPLACE TEMP TABLE da_accounts AS
      ${coerceSql({ kind: 'line', relation: `SELECT n + ${read.headerLines} AS n, line FROM (${read.relation})` }, ACCOUNT_COLUMNS, mapping)}`);
    if (read.collectsRejects) {
      const refused = await ctx.db
        .one<{ line: number; error: string }>(`SELECT line, error_type AS error FROM ${REJECTS_TABLE} ORDER BY line LIMIT 1`)
        .catch(() => undefined);
      if (refused) throw new UserError(`unreadable row (${refused.error.toLowerCase()})`, 'accounts-invalid', path, refused.line);
    }
    const bad = await ctx.db.one<{ n: number; reason: string }>(
      'SELECT n, reason FROM da_accounts WHERE reason IS NOT NULL ORDER BY n LIMIT 1',
    );
    if (bad) throw new UserError(bad.reason, 'accounts-invalid', path, bad.n);
    await ctx.db.run(`CREATE OR REPLACE TABLE accounts AS
      SELECT ${COLUMNS.map((c) => (c === 'email_domain' ? `coalesce(email_domain, CASE WHEN contains(email, '@') THEN lower(split_part(email, '@', -1)) END) AS email_domain` : c)).join(', ')}
        FROM da_accounts QUALIFY row_number() OVER (PARTITION BY account_id ORDER BY n) = 1`);
    const duplicates = await ctx.db.value<number>('SELECT (SELECT count(*) FROM da_accounts) - (SELECT count(*) FROM accounts)');
    if (duplicates > 0) ctx.log.warn(`${path}: ${duplicates} repeated account_id row(s); the first of each was kept`);
    return describeMapping(mapping);
  } catch (err) {
    if (err instanceof UserError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    if (/^(Binder|Parser|Catalog|Internal) Error/i.test(msg)) throw err;
    throw environmentError(err) ?? new UserError(`cannot be read: ${firstLine(err)}`, 'accounts-invalid', path);
  } finally {
    await ctx.db.run('DROP TABLE IF EXISTS da_accounts');
  }
}
