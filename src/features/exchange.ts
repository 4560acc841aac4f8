import type { Database } from '../db/database.js';
import { runScript } from '../db/script.js';
import { sqlFile } from '../db/sql.js';
import type { RuleSet } from '../rules/load.js';
import { Matchers, screens } from './matchers.js';
import { templateTextSql } from './template.js';

/** Writes `exchange_features` (docs/tables.md): template, capability and elicitation per exchange. */
export async function buildExchangeFeatures(db: Database, rules: RuleSet): Promise<void> {
  const m = new Matchers();
  const elicitation = m.matchedIds(rules.elicitation, await screensCompile(db, rules.elicitation));
  const { scores, pick } = m.capability(rules.capability);
  const sql = fill(sqlFile(import.meta.url, 'exchange_features.sql'), {
    template: templateTextSql('prompt'),
    elicitation,
    scores: scores.map((s) => `, ${s}`).join(''),
    capability: pick,
  });
  await runScript(db, sql, m.params);
}

/** Rule weights and kinds, for detectors that score by rule and for the report to name rules. */
export async function writeRulePatterns(db: Database, rules: RuleSet): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE rule_patterns (
    id VARCHAR, kind VARCHAR, capability VARCHAR, weight DOUBLE, level VARCHAR,
    description VARCHAR, pack VARCHAR, pack_version VARCHAR, source VARCHAR)`);
  for (const pack of rules.packs) {
    for (const p of pack.patterns) {
      await db.run('INSERT INTO rule_patterns VALUES ($id, $kind, $cap, $w, $level, $desc, $pack, $ver, $src)', {
        id: p.id,
        kind: pack.kind,
        cap: p.capability ?? null,
        w: p.weight,
        level: p.level ?? null,
        desc: p.description,
        pack: pack.name,
        ver: pack.version,
        src: pack.source,
      });
    }
  }
}

/**
 * Each pattern compiles alone (checked at load), but many together can pass RE2's size limit;
 * then matching goes without the screen rather than failing the run.
 */
async function screensCompile(db: Database, patterns: RuleSet['elicitation']): Promise<boolean> {
  try {
    for (const s of screens(patterns)) await db.run("SELECT regexp_matches('', $re)", { re: s.pattern });
    return true;
  } catch {
    return false;
  }
}

export function fill(template: string, parts: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const part = parts[key];
    if (part === undefined) throw new Error(`SQL template part {{${key}}} not provided`);
    return part;
  });
}
