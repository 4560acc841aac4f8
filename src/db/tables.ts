import type { Database } from './database.js';

/**
 * Whether a table or view of that name is visible (any schema, temporary ones included). Stages
 * that have not run leave none, so every optional read checks here (or with `presentTables`) first.
 */
export async function tableExists(db: Database, name: string): Promise<boolean> {
  const n = await db.value<number>('SELECT count(*) FROM information_schema.tables WHERE table_name = $name', { name });
  return Number(n) > 0;
}

/** Names of every table and view visible (as `tableExists` sees them), for code that checks several. */
export async function presentTables(db: Database): Promise<Set<string>> {
  const rows = await db.all<{ name: string }>(`SELECT DISTINCT table_name AS name FROM information_schema.tables ORDER BY name`);
  return new Set(rows.map((r) => r.name));
}

/** Names of a table's columns (empty when there is no such table), for reads of tables kept by older versions. */
export async function tableColumns(db: Database, table: string): Promise<Set<string>> {
  const rows = await db.all<{ name: string }>(
    'SELECT DISTINCT column_name AS name FROM information_schema.columns WHERE table_name = $table ORDER BY name',
    { table },
  );
  return new Set(rows.map((r) => r.name));
}
