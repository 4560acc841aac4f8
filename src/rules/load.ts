import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';
import { parsePack, type PackProblem, type RulePack, type RulePattern } from './pack.js';

/** The packs of a run: the shipped ones, then each `--rules` directory's, in file-name order. */
export interface RuleSet {
  packs: RulePack[];
  elicitation: RulePattern[];
  capability: RulePattern[];
}

const BUILTIN_DIR = fileURLToPath(new URL('./packs/', import.meta.url));

/** Reads and checks packs; problems come back as data so `rules lint` can list them all. */
export function readPacks(dirs: readonly string[], withBuiltin = true): { packs: RulePack[]; problems: PackProblem[] } {
  const packs: RulePack[] = [];
  const problems: PackProblem[] = [];
  const files = [
    ...(withBuiltin ? packFiles(BUILTIN_DIR).map((f) => ({ path: f, label: `builtin:${f.slice(BUILTIN_DIR.length)}` })) : []),
    ...dirs.flatMap((d) => dirFiles(d, problems).map((f) => ({ path: f, label: f }))),
  ];
  const owner = new Map<string, string>();
  const seenText = new Set<string>();
  for (const { path, label } of files) {
    let raw: unknown;
    const text = readFileSync(path, 'utf8');
    // The shipped packs named again (e.g. `rules lint src/rules/packs`) are the same packs, not clashes.
    if (seenText.has(text)) continue;
    seenText.add(text);
    try {
      raw = JSON.parse(text);
    } catch (err) {
      problems.push({ file: label, message: `not valid JSON: ${(err as Error).message}` });
      continue;
    }
    const { pack, problems: found } = parsePack(raw, label);
    problems.push(...found);
    if (!pack) continue;
    pack.patterns = pack.patterns.filter((p) => {
      const first = owner.get(p.id);
      if (first) problems.push({ file: label, pattern: p.id, message: `duplicate pattern id "${p.id}" (already defined in ${first})` });
      else owner.set(p.id, label);
      return !first;
    });
    packs.push(pack);
  }
  return { packs, problems };
}

/** The run's rule set; any problem in a pack is the user's to fix, so it stops the run (exit 2). */
export function loadRuleSet(dirs: readonly string[]): RuleSet {
  const { packs, problems } = readPacks(dirs);
  if (problems.length > 0) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s); run "distill-audit rules lint")` : '';
    throw new UserError(`${first.pattern ? `pattern ${first.pattern}: ` : ''}${first.message}${more}`, 'rules-invalid', first.file);
  }
  return toRuleSet(packs);
}

export function toRuleSet(packs: RulePack[]): RuleSet {
  return {
    packs,
    elicitation: packs.filter((p) => p.kind === 'elicitation').flatMap((p) => p.patterns),
    capability: packs.filter((p) => p.kind === 'capability').flatMap((p) => p.patterns),
  };
}

function dirFiles(dir: string, problems: PackProblem[]): string[] {
  const abs = resolve(dir);
  if (!existsSync(abs)) {
    problems.push({ file: dir, message: 'no such file or directory' });
    return [];
  }
  if (!statSync(abs).isDirectory()) return [abs];
  const files = packFiles(abs);
  if (files.length === 0) problems.push({ file: dir, message: 'no rule packs (*.json) in this directory' });
  return files;
}

function packFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
    .sort()
    .map((n) => join(dir, n));
}
