import type { Context } from '../context.js';
import { quoteString } from '../db/sql.js';
import { UserError } from '../errors.js';
import { createLoadTables } from '../load/index.js';
import { custodyHash, type ShardSet } from './shards.js';

function list(paths: string[]): string {
  return `[${paths.map(quoteString).join(', ')}]`;
}

/**
 * Loads one bucket of one or more shard sets (pieces of one run, e.g. one per day, bucketed with
 * the same count) into the load stage's tables: the bucket's exchanges into `loaded_exchanges`,
 * the chain of custody of every piece whole into `inputs`, `quarantine`, `skipped_files`; then
 * `exchanges` is every loaded row (windows apply in the global step). Returns the custody hash,
 * which every bucket of the run shares and the merge checks.
 */
export async function loadBucket(ctx: Context, sets: ShardSet[], shard: number): Promise<string> {
  const db = ctx.db;
  await createLoadTables(ctx);
  await db.run(`INSERT INTO inputs BY NAME SELECT * FROM read_parquet(${list(sets.map((s) => s.custody('inputs')))})`);
  const repeated = await db.all<{ path: string }>('SELECT path FROM inputs GROUP BY path HAVING count(*) > 1 ORDER BY path LIMIT 1');
  if (repeated.length > 0) throw new UserError(`${repeated[0]!.path} is in more than one shard set; bucket each log file once`, 'shards-overlap');
  await db.run(`INSERT INTO quarantine BY NAME SELECT * FROM read_parquet(${list(sets.map((s) => s.custody('quarantine')))})`);
  await db.run(`INSERT INTO skipped_files BY NAME SELECT DISTINCT * FROM read_parquet(${list(sets.map((s) => s.custody('skipped_files')))})`);
  const files = sets.flatMap((s) => s.bucketFiles(shard));
  if (files.length > 0) {
    await db.run(`INSERT INTO loaded_exchanges BY NAME SELECT * FROM read_parquet(${list(files)}, hive_partitioning = false)`);
  }
  await db.run('CREATE OR REPLACE TEMP VIEW exchanges AS SELECT * FROM loaded_exchanges');
  return custodyHash(db);
}
