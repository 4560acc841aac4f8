import type { Database } from '../db/database.js';

/**
 * Names of the tables and views present (any schema, temp included). Report inputs come from
 * stages that may not have run, so every optional read checks here first.
 */
export async function presentTables(db: Database): Promise<Set<string>> {
  const rows = await db.all<{ name: string }>(
    `SELECT DISTINCT table_name AS name FROM information_schema.tables ORDER BY name`,
  );
  return new Set(rows.map((r) => r.name));
}
