import type { Database } from '../db/database.js';
import type { PackProblem, RulePack } from './pack.js';

/** The pattern as matched: case-insensitive, in DuckDB's RE2. */
export function compiledPattern(pattern: string): string {
  return `(?i)${pattern}`;
}

/**
 * Compiles every pattern in DuckDB itself, so a regex that RE2 rejects (look-behind,
 * back-references) is reported with its file and id instead of failing a scan half-way.
 */
export async function checkRegexes(db: Database, packs: readonly RulePack[]): Promise<PackProblem[]> {
  const problems: PackProblem[] = [];
  for (const pack of packs) {
    for (const p of pack.patterns) {
      try {
        await db.run("SELECT regexp_matches('', $re)", { re: compiledPattern(p.pattern) });
      } catch (err) {
        const reason = (err as Error).message.replace(/^[A-Za-z ]*Error: /, '');
        problems.push({ file: pack.source, pattern: p.id, message: `regex does not compile in RE2/DuckDB: ${reason}` });
      }
    }
  }
  return problems;
}
