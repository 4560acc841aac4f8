import type { Params } from '../db/database.js';
import { quoteIdentifier } from '../db/sql.js';
import { compiledPattern } from '../rules/lint.js';
import type { RulePattern } from '../rules/pack.js';

/**
 * Builds SQL expressions that match rule patterns against `exchanges` columns. Patterns, ids and
 * weights are bound parameters (never spliced): DuckDB folds a bound pattern into one compiled
 * regex per query, so this costs the same as a literal.
 */
export class Matchers {
  readonly params: Record<string, string | number> = {};
  private next = 0;

  private bind(value: string | number): string {
    const name = `r${this.next++}`;
    this.params[name] = value;
    return `$${name}`;
  }

  /** TRUE when the pattern matches any of its fields; NULL (not FALSE) when every field is NULL. */
  matches(p: RulePattern): string {
    const re = this.bind(compiledPattern(p.pattern));
    return '(' + p.fields.map((f) => `regexp_matches(${quoteIdentifier(f)}, ${re})`).join(' OR ') + ')';
  }

  /**
   * VARCHAR[] of the ids of the patterns that match, in pack order. One alternation of all the
   * patterns screens each field first: most exchanges match none, and DuckDB evaluates a CASE
   * branch only for the rows that reach it, so those pay for one regex instead of one per pattern.
   */
  matchedIds(patterns: readonly RulePattern[], screen = true): string {
    if (patterns.length === 0) return '[]::VARCHAR[]';
    const items = patterns.map((p) => `CASE WHEN ${this.matches(p)} THEN ${this.bind(p.id)}::VARCHAR END`);
    const all = `list_filter([${items.join(', ')}], x -> x IS NOT NULL)`;
    if (!screen) return all;
    const checks = screens(patterns).map(({ field, pattern }) => `regexp_matches(${quoteIdentifier(field)}, ${this.bind(pattern)})`);
    return `CASE WHEN ${checks.join(' OR ')} THEN ${all} ELSE []::VARCHAR[] END`;
  }

  /**
   * The capability with the highest total weight of matching patterns; ties go to the capability
   * named first in the packs; 'general' when nothing matches. `scores` are select-list items
   * (s0, s1, ...) for an inner query, so each regex runs once per row; `pick` reads them outside.
   */
  capability(patterns: readonly RulePattern[]): { scores: string[]; pick: string } {
    const names = [...new Set(patterns.map((p) => p.capability!))];
    if (names.length === 0) return { scores: [], pick: `'general'` };
    const scores = names.map((name, i) => {
      const terms = patterns
        .filter((p) => p.capability === name)
        .map((p) => `coalesce(CASE WHEN ${this.matches(p)} THEN ${this.bind(p.weight)}::DOUBLE END, 0)`);
      return `(${terms.join(' + ')}) AS s${i}`;
    });
    const best = names.length === 1 ? 's0' : `greatest(${names.map((_, i) => `s${i}`).join(', ')})`;
    const arms = names.map((name, i) => `WHEN s${i} = ${best} THEN ${this.bind(name)}::VARCHAR`).join(' ');
    return { scores, pick: `CASE WHEN ${best} <= 0 THEN 'general' ${arms} END` };
  }

  get bound(): Params {
    return this.params;
  }
}

/** Per field, one case-insensitive alternation of every pattern that looks at that field. */
export function screens(patterns: readonly RulePattern[]): { field: string; pattern: string }[] {
  const fields = [...new Set(patterns.flatMap((p) => p.fields))];
  return fields.map((field) => ({
    field,
    pattern: compiledPattern(
      patterns
        .filter((p) => p.fields.includes(field))
        .map((p) => `(?:${p.pattern})`)
        .join('|'),
    ),
  }));
}
