import type { DuckDBValue } from '@duckdb/node-api';
import type { Database } from './database.js';

/**
 * Runs SQL of one or more statements, each ending in `;` at the end of a line: the one way a
 * `.sql` file (or a filled template) is run. Each statement gets only the named parameters it
 * mentions (DuckDB rejects unused ones, and cannot prepare several statements at once), so one
 * file may hold statements that take different parameters. A file whose rows are read is one
 * query and goes through `db.all` / `db.one` instead.
 */
export async function runScript(db: Database, script: string, params: Record<string, DuckDBValue> = {}): Promise<void> {
  const statements = splitStatements(script);
  // One statement takes the parameters as they are: DuckDB itself rejects an unused one.
  if (statements.length === 1) return db.run(statements[0]!, Object.keys(params).length > 0 ? params : undefined);
  const mentions = (statement: string, name: string): boolean => new RegExp(`\\$${name}\\b`).test(statement);
  // What DuckDB checks for one statement, checked for the script: a parameter no statement uses is a bug.
  const unused = Object.keys(params).filter((name) => !statements.some((s) => mentions(s, name)));
  if (unused.length > 0) throw new Error(`runScript: parameter(s) ${unused.map((n) => `$${n}`).join(', ')} used by no statement`);
  for (const statement of statements) {
    const used: Record<string, DuckDBValue> = {};
    for (const [name, value] of Object.entries(params)) {
      if (mentions(statement, name)) used[name] = value;
    }
    await db.run(statement, Object.keys(used).length > 0 ? used : undefined);
  }
}

/** The statements of a script; whole-line `--` comments are dropped. */
export function splitStatements(script: string): string[] {
  return script
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
