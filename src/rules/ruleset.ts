import type { Database } from '../db/database.js';
import { UserError } from '../errors.js';
import { checkRegexes } from './lint.js';
import { loadRuleSet, type RuleSet } from './load.js';

/** The run's rule set with every regex compiled by DuckDB first: a bad pack is exit 2, never a crash. */
export async function loadCheckedRuleSet(db: Database, dirs: readonly string[]): Promise<RuleSet> {
  const rules = loadRuleSet(dirs);
  const problems = await checkRegexes(db, rules.packs);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new UserError(`pattern ${first.pattern}: ${first.message}`, 'rules-invalid', first.file);
  }
  return rules;
}
