import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Context } from '../context.js';
import type { Database } from '../db/database.js';
import { quoteString } from '../db/sql.js';
import { UserError } from '../errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

/**
 * A shard set: the loaded exchanges of some logs, bucketed by account (`distill-audit shard`).
 * Every exchange of an account is in one bucket, so the per-account work of a scan can run per
 * bucket. Layout (a Hive-style table, as a lake would keep it):
 *
 * - `exchanges/shard=I/*.parquet`: the loaded exchanges whose account hashes to bucket I, with
 *   every canonical column and `source_file`, `source_line` (a bucket no account hashes to has
 *   no directory);
 * - `inputs.parquet`, `quarantine.parquet`, `skipped_files.parquet`: the load's chain of custody
 *   for the whole set (counts per input file, rejected records, files not read);
 * - `manifest.json`: schema, bucket count, hash rule, counts per bucket, custody hash.
 */
export const SHARDS_SCHEMA = 'distill-audit/shards@1';

/** The bucket of an account, written once so that a lake can bucket its logs the same way. */
export const SHARD_HASH = 'md5-32: the first 8 hex digits of MD5(account_id) as an unsigned integer, modulo the shard count';

/** Largest bucket count: one directory per bucket, and a scheduler task per bucket. */
export const MAX_SHARDS = 65_536;

/** The bucket of `column` (an account id) among `count`, as SQL (count is a checked integer). */
export function shardOfSql(column: string, count: number): string {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS) throw new Error(`bad shard count ${count}`);
  return `(('0x' || md5(coalesce(${column}, ''))[1:8])::UBIGINT % ${count})::INTEGER`;
}

/** The same bucket in JavaScript (tests, tools): MD5's first 32 bits, modulo the count. */
export function shardOf(accountId: string, count: number): number {
  return parseInt(createHash('md5').update(accountId, 'utf8').digest('hex').slice(0, 8), 16) % count;
}

export interface ShardSetManifest {
  schema: string;
  tool: { name: string; version: string };
  shards: number;
  hash: string;
  exchanges: number;
  accounts: number;
  /** Per input file, as the load counted: records = loaded + rejected + duplicates + filtered + paired. */
  records: number;
  rejected: number;
  duplicates: number;
  inputs: number;
  /** SHA-256 of the chain of custody (inputs, quarantine, skipped files): names this set. */
  custody_sha256: string;
  /** Buckets that hold exchanges; a bucket not listed holds none. */
  buckets: { shard: number; exchanges: number; accounts: number }[];
}

const CUSTODY = ['inputs', 'quarantine', 'skipped_files'] as const;
const ORDER: Record<(typeof CUSTODY)[number], string> = { inputs: 'path, sha256', quarantine: 'file, line, reason', skipped_files: 'path' };

/**
 * Writes the run's loaded exchanges as a shard set into `dir` (a staging directory): one
 * partitioned COPY writes every bucket in a single pass over the rows.
 */
export async function writeShardSet(ctx: Context, dir: string, count: number): Promise<ShardSetManifest> {
  const db = ctx.db;
  const parquet = (name: string): string => quoteString(join(dir, `${name}.parquet`));
  await db.run(`CREATE OR REPLACE TEMP TABLE shard_rows AS SELECT *, ${shardOfSql('account_id', count)} AS shard FROM loaded_exchanges`);
  const buckets = (
    await db.all<{ shard: number; exchanges: number; accounts: number }>(
      'SELECT shard, count(*) AS exchanges, count(DISTINCT account_id) AS accounts FROM shard_rows GROUP BY shard ORDER BY shard',
    )
  ).map((b) => ({ shard: Number(b.shard), exchanges: Number(b.exchanges), accounts: Number(b.accounts) }));
  if (buckets.length > 0) {
    await db.run(`COPY (SELECT * FROM shard_rows ORDER BY shard, source_file, source_line)
                    TO ${quoteString(join(dir, 'exchanges'))} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (shard))`);
  }
  await db.run('DROP TABLE shard_rows');
  for (const name of CUSTODY)
    await db.run(`COPY (SELECT * FROM ${name} ORDER BY ${ORDER[name]}) TO ${parquet(name)} (FORMAT parquet, COMPRESSION zstd)`);
  const totals = (await db.one<{ records: number; rejected: number; duplicates: number; inputs: number }>(
    'SELECT coalesce(sum(records), 0) AS records, coalesce(sum(rejected), 0) AS rejected, coalesce(sum(duplicates), 0) AS duplicates, count(*) AS inputs FROM inputs',
  ))!;
  return {
    schema: SHARDS_SCHEMA,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    shards: count,
    hash: SHARD_HASH,
    exchanges: buckets.reduce((n, b) => n + b.exchanges, 0),
    accounts: buckets.reduce((n, b) => n + b.accounts, 0),
    records: Number(totals.records),
    rejected: Number(totals.rejected),
    duplicates: Number(totals.duplicates),
    inputs: Number(totals.inputs),
    custody_sha256: await custodyHash(db),
    buckets,
  };
}

/** SHA-256 over the custody tables' rows in a fixed order (loaded_at aside: it is the load's clock). */
export async function custodyHash(db: Database): Promise<string> {
  const hash = createHash('sha256');
  for (const name of CUSTODY) {
    const rows = await db.all(`SELECT * ${name === 'inputs' ? 'EXCLUDE (loaded_at)' : ''} FROM ${name} ORDER BY ${ORDER[name]}`);
    hash.update(`${name}\n${JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
  }
  return hash.digest('hex');
}

export interface ShardSet {
  dir: string;
  manifest: ShardSetManifest;
  custody(name: (typeof CUSTODY)[number]): string;
  /** The Parquet files of bucket `shard` (none when no account hashes to it). */
  bucketFiles(shard: number): string[];
}

/** Reads and checks shard sets named on the command line (exit 2 on any problem). */
export function readShardSets(dirs: string[]): ShardSet[] {
  const sets = dirs.map((d): ShardSet => {
    const dir = resolve(d);
    const path = join(dir, 'manifest.json');
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new UserError(`${d}: not a directory (give the directories \`distill-audit shard --out\` wrote)`, 'shards-missing', d);
    if (!existsSync(path))
      throw new UserError(`${d}: no manifest.json; not a shard set written by \`distill-audit shard\``, 'shards-invalid', d);
    let manifest: ShardSetManifest;
    try {
      manifest = JSON.parse(readFileSync(path, 'utf8')) as ShardSetManifest;
    } catch (err) {
      throw new UserError(`${path}: not valid JSON (${(err as Error).message})`, 'shards-invalid', path);
    }
    if (manifest?.schema !== SHARDS_SCHEMA) {
      throw new UserError(
        `${path}: schema ${JSON.stringify(manifest?.schema)} is not ${SHARDS_SCHEMA}; write the shard set again with this version of distill-audit`,
        'shards-invalid',
        path,
      );
    }
    if (!Number.isInteger(manifest.shards) || manifest.shards < 1 || manifest.shards > MAX_SHARDS || manifest.hash !== SHARD_HASH) {
      throw new UserError(`${path}: shard count or hash rule not understood; write the shard set again`, 'shards-invalid', path);
    }
    for (const f of CUSTODY) {
      if (!existsSync(join(dir, `${f}.parquet`)))
        throw new UserError(`${d}: ${f}.parquet is missing; write the shard set again`, 'shards-invalid', d);
    }
    const held = new Set(manifest.buckets.map((b) => b.shard));
    return {
      dir,
      manifest,
      custody: (name) => join(dir, `${name}.parquet`),
      bucketFiles(shard: number): string[] {
        const bucket = join(dir, 'exchanges', `shard=${shard}`);
        if (!held.has(shard)) return [];
        if (!existsSync(bucket))
          throw new UserError(
            `${d}: bucket ${shard} is listed in the manifest but exchanges/shard=${shard}/ is missing; write the shard set again`,
            'shards-invalid',
            d,
          );
        return readdirSync(bucket)
          .filter((f) => f.endsWith('.parquet'))
          .sort()
          .map((f) => join(bucket, f));
      },
    };
  });
  const first = sets[0]!;
  for (const s of sets.slice(1)) {
    if (s.manifest.shards !== first.manifest.shards) {
      throw new UserError(
        `${s.dir} has ${s.manifest.shards} shards and ${first.dir} ${first.manifest.shards}; bucket every piece with the same --shards`,
        'shards-mismatch',
      );
    }
  }
  return sets;
}
