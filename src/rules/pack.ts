import { regexBudgetProblem } from './regex-budget.js';
/**
 * A rule pack: a versioned JSON file of patterns with ids, descriptions and weights, in the manner
 * of Sigma rules (level, falsepositives, references). Packs are data so an investigator can add
 * one with `--rules DIR` without touching code.
 */
export const PACK_SCHEMA = 'distill-audit/rule-pack@1';

export type PackKind = 'elicitation' | 'capability';
export const PACK_KINDS: readonly PackKind[] = ['elicitation', 'capability'];

export type Level = 'informational' | 'low' | 'medium' | 'high' | 'critical';
export const LEVELS: readonly Level[] = ['informational', 'low', 'medium', 'high', 'critical'];

/** Columns of `exchanges` a pattern may look at. */
export type MatchField = 'prompt' | 'system_prompt' | 'tools' | 'response' | 'user_agent';
export const MATCH_FIELDS: readonly MatchField[] = ['prompt', 'system_prompt', 'tools', 'response', 'user_agent'];

export interface RulePattern {
  id: string;
  description: string;
  /** RE2 syntax (DuckDB's regex engine); always matched case-insensitively. */
  pattern: string;
  weight: number;
  fields: MatchField[];
  /** Capability packs only: the capability the pattern votes for. */
  capability?: string;
  level?: Level;
  falsepositives?: string[];
  references?: string[];
}

export interface RulePack {
  name: string;
  version: string;
  kind: PackKind;
  description: string;
  patterns: RulePattern[];
  /** File the pack came from (`builtin:<name>` for the shipped ones). */
  source: string;
}

export interface PackProblem {
  file: string;
  /** Pattern id (or `#n` when the id itself is missing); absent for problems of the whole pack. */
  pattern?: string;
  message: string;
}

/**
 * Checks the shape of one parsed pack file. Returns the pack (with its valid patterns) and every problem
 * found; regexes are compiled separately, by DuckDB itself (see lint.ts).
 */
export function parsePack(raw: unknown, file: string): { pack?: RulePack; problems: PackProblem[] } {
  const problems: PackProblem[] = [];
  const fail = (message: string, pattern?: string) => problems.push({ file, pattern, message });
  if (!isObject(raw)) {
    fail('a rule pack must be a JSON object');
    return { problems };
  }
  if (raw.schema !== undefined && raw.schema !== PACK_SCHEMA) fail(`schema is "${String(raw.schema)}", expected "${PACK_SCHEMA}"`);
  const name = requireString(raw, 'name', fail);
  const version = requireString(raw, 'version', fail);
  const description = requireString(raw, 'description', fail);
  const kind = raw.kind;
  if (kind === undefined) fail('missing field "kind" (one of: ' + PACK_KINDS.join(', ') + ')');
  else if (!PACK_KINDS.includes(kind as PackKind)) fail(`kind "${String(kind)}" is not one of: ${PACK_KINDS.join(', ')}`);
  if (!Array.isArray(raw.patterns)) {
    fail('missing field "patterns" (a list)');
    return { problems };
  }
  const patterns: RulePattern[] = [];
  const seen = new Set<string>();
  raw.patterns.forEach((entry: unknown, index: number) => {
    const p = parsePattern(entry, index, kind as PackKind, fail);
    if (!p) return;
    if (seen.has(p.id)) {
      fail(`duplicate pattern id "${p.id}"`, p.id);
      return;
    }
    seen.add(p.id);
    patterns.push(p);
  });
  // The valid patterns come back even when others are broken, so lint can check them all.
  if (!name || !version || !description || !PACK_KINDS.includes(kind as PackKind)) return { problems };
  return { pack: { name, version, kind: kind as PackKind, description, patterns, source: file }, problems };
}

function parsePattern(
  entry: unknown,
  index: number,
  kind: PackKind,
  fail: (message: string, pattern?: string) => void,
): RulePattern | undefined {
  if (!isObject(entry)) {
    fail('pattern is not an object', `#${index + 1}`);
    return undefined;
  }
  const id = typeof entry.id === 'string' && entry.id.trim() !== '' ? entry.id : undefined;
  const where = id ?? `#${index + 1}`;
  let ok = true;
  const bad = (message: string) => {
    ok = false;
    fail(message, where);
  };
  if (!id) bad('missing field "id"');
  else if (!/^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(id)) bad(`id "${id}" may hold only letters, digits and . _ : -`);
  if (typeof entry.description !== 'string' || entry.description.trim() === '') bad('missing field "description"');
  if (typeof entry.pattern !== 'string' || entry.pattern === '') bad('missing field "pattern"');
  else {
    const overBudget = regexBudgetProblem(entry.pattern);
    if (overBudget) bad(overBudget);
  }
  if (entry.weight === undefined) bad('missing field "weight"');
  else if (typeof entry.weight !== 'number' || !(entry.weight > 0 && entry.weight <= 1)) {
    bad(`weight ${JSON.stringify(entry.weight)} is out of range (0, 1]`);
  }
  let fields: MatchField[] = ['prompt'];
  if (entry.fields !== undefined) {
    if (!Array.isArray(entry.fields) || entry.fields.length === 0) bad('"fields" must be a non-empty list');
    else {
      for (const f of entry.fields) {
        if (!MATCH_FIELDS.includes(f as MatchField)) bad(`field "${String(f)}" is not one of: ${MATCH_FIELDS.join(', ')}`);
      }
      fields = [...new Set(entry.fields as MatchField[])];
    }
  }
  if (kind === 'capability') {
    if (typeof entry.capability !== 'string' || !/^[a-z][a-z0-9_]*$/.test(entry.capability)) {
      bad('capability packs need "capability": a lower-case name such as coding');
    }
  }
  if (entry.level !== undefined && !LEVELS.includes(entry.level as Level))
    bad(`level "${String(entry.level)}" is not one of: ${LEVELS.join(', ')}`);
  for (const key of ['falsepositives', 'references'] as const) {
    const v = entry[key];
    if (v !== undefined && !(Array.isArray(v) && v.every((s) => typeof s === 'string'))) bad(`"${key}" must be a list of strings`);
  }
  if (!ok) return undefined;
  return {
    id: id!,
    description: entry.description as string,
    pattern: entry.pattern as string,
    weight: entry.weight as number,
    fields,
    capability: kind === 'capability' ? (entry.capability as string) : undefined,
    level: entry.level as Level | undefined,
    falsepositives: entry.falsepositives as string[] | undefined,
    references: entry.references as string[] | undefined,
  };
}

function requireString(raw: Record<string, unknown>, key: string, fail: (m: string) => void): string | undefined {
  const v = raw[key];
  if (typeof v === 'string' && v.trim() !== '') return v;
  fail(v === undefined ? `missing field "${key}"` : `field "${key}" must be a non-empty string`);
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
