import type { DuckDBValue } from '@duckdb/node-api';
import type { Database } from '../db/database.js';

/**
 * Runs a `.sql` file of several statements, each ending in `;` at the end of a line.
 * Each statement gets only the named parameters it mentions: DuckDB rejects unused ones.
 */
export async function runScript(db: Database, script: string, params: Record<string, DuckDBValue> = {}): Promise<void> {
  for (const statement of splitStatements(script)) {
    const used: Record<string, DuckDBValue> = {};
    for (const [name, value] of Object.entries(params)) {
      if (new RegExp(`\\$${name}\\b`).test(statement)) used[name] = value;
    }
    await db.run(statement, Object.keys(used).length > 0 ? used : undefined);
  }
}

export function splitStatements(script: string): string[] {
  return script
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
