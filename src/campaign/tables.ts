import type { Database } from '../db/database.js';

/** Whether an earlier stage made a table or view (stages that have not run leave none). */
export async function hasTable(db: Database, name: string): Promise<boolean> {
  const n = await db.value<number>(
    `SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name = $name)
          + (SELECT count(*) FROM duckdb_views() WHERE view_name = $name)`, { name });
  return Number(n) > 0;
}
