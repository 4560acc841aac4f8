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
 * which every bucket of the run shares and the merge checks, and the records dropped here as
 * repeats of a record of another piece (per file), which the merge moves to `duplicates`.
 */
export async function loadBucket(
  ctx: Context,
  sets: ShardSet[],
  shard: number,
): Promise<{ custody: string; duplicates: { path: string; n: number }[] }> {
  const db = ctx.db;
  await createLoadTables(ctx);
  await db.run(`INSERT INTO inputs BY NAME SELECT * FROM read_parquet(${list(sets.map((s) => s.custody('inputs')))})`);
  const repeated = await db.all<{ path: string }>('SELECT path FROM inputs GROUP BY path HAVING count(*) > 1 ORDER BY path LIMIT 1');
  if (repeated.length > 0)
    throw new UserError(`${repeated[0]!.path} is in more than one shard set; bucket each log file once`, 'shards-overlap');
  await db.run(`INSERT INTO quarantine BY NAME SELECT * FROM read_parquet(${list(sets.map((s) => s.custody('quarantine')))})`);
  await db.run(
    `INSERT INTO skipped_files BY NAME SELECT DISTINCT * FROM read_parquet(${list(sets.map((s) => s.custody('skipped_files')))})`,
  );
  const files = sets.flatMap((s) => s.bucketFiles(shard));
  if (files.length > 0) {
    await db.run(`INSERT INTO loaded_exchanges BY NAME SELECT * FROM read_parquet(${list(files)}, hive_partitioning = false)`);
  }
  // A request id in two pieces (a record repeated on another day) is in this bucket twice when
  // both copies name the same account: the first in (file, line) order stays, as in one load. The
  // pieces' custody cannot know it; the merge moves these from loaded to duplicates.
  const duplicates = sets.length < 2 ? [] : await dropRepeats(ctx);
  await db.run('CREATE OR REPLACE TEMP VIEW exchanges AS SELECT * FROM loaded_exchanges');
  return { custody: await custodyHash(db), duplicates };
}

async function dropRepeats(ctx: Context): Promise<{ path: string; n: number }[]> {
  const db = ctx.db;
  await db.run(`CREATE OR REPLACE TEMP TABLE bucket_dropped AS
    WITH repeated AS (SELECT request_id FROM loaded_exchanges GROUP BY request_id HAVING count(*) > 1)
    SELECT request_id, source_file, source_line FROM loaded_exchanges SEMI JOIN repeated USING (request_id)
    QUALIFY row_number() OVER (PARTITION BY request_id ORDER BY source_file, source_line) > 1`);
  await db.run(`DELETE FROM loaded_exchanges l USING bucket_dropped d
                 WHERE l.source_file = d.source_file AND l.source_line = d.source_line AND l.request_id = d.request_id`);
  const rows = await db.all<{ path: string; n: number }>(
    'SELECT source_file AS path, count(*) AS n FROM bucket_dropped GROUP BY ALL ORDER BY path',
  );
  await db.run('DROP TABLE bucket_dropped');
  return rows.map((r) => ({ path: r.path, n: Number(r.n) }));
}
