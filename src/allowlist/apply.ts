import type { Context } from '../context.js';
import type { Database } from '../db/database.js';
import { sqlFile } from '../db/sql.js';
import { runScript } from '../db/script.js';
import { UserError } from '../errors.js';
import { readAllowlist, type AllowlistEntry } from './allowlist.js';

/** Share of an account's exchanges that must come from an allowlisted network or client. */
export const TRAFFIC_SHARE = 0.9;

/**
 * Writes `allowlist(type, value, reason, ordinal)` and
 * `allowlisted_accounts(account_id, type, value, reason, exchanges)`; both empty without a file.
 * Needs the IP macros of `src/campaign/ip.sql` loaded.
 */
export async function applyAllowlist(ctx: Context, path: string | undefined): Promise<void> {
  const entries = path ? readAllowlist(path) : [];
  await writeAllowlist(ctx.db, entries, path ?? '');
  if (entries.length === 0) {
    // Nothing to vouch for: the matching query would still read every exchange (seconds per million).
    await ctx.db.run(
      'CREATE OR REPLACE TABLE allowlisted_accounts (account_id VARCHAR, type VARCHAR, value VARCHAR, reason VARCHAR, exchanges BIGINT)',
    );
  } else {
    await runScript(ctx.db, sqlFile(import.meta.url, 'apply.sql'), { share: TRAFFIC_SHARE });
  }
  const n = await ctx.db.value<number>('SELECT count(*) FROM allowlisted_accounts');
  if (path) ctx.log.info(`allowlist: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, ${n} account(s) kept out of campaigns`);
}

export async function writeAllowlist(db: Database, entries: readonly AllowlistEntry[], file: string): Promise<void> {
  await db.run('CREATE OR REPLACE TABLE allowlist (type VARCHAR, value VARCHAR, reason VARCHAR, ordinal INTEGER)');
  for (const e of entries) {
    if (e.type === 'user_agent' && e.value.startsWith('re:')) {
      try {
        await db.run("SELECT regexp_matches('', $p)", { p: e.value.slice(3) });
      } catch (err) {
        throw new UserError(
          `entries[${e.ordinal}].value: regex does not compile: ${(err as Error).message.split('\n')[0]}`,
          'allowlist-invalid',
          file,
        );
      }
    }
  }
  await db.insertMany(
    'allowlist',
    [
      { name: 'type', type: 'VARCHAR' },
      { name: 'value', type: 'VARCHAR' },
      { name: 'reason', type: 'VARCHAR' },
      { name: 'ordinal', type: 'INTEGER' },
    ],
    entries,
  );
}
