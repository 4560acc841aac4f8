import type { CanonicalColumn } from './schema.js';
import { CALLER_ORDER, type Profile } from './profiles.js';
import { parsePath, showPath, showSource, type Condition, type Derive, type Path, type Source } from './source.js';

/** A field of the source records, as the segments of its path (`usage.input_tokens` is two). */
export type FieldPath = readonly string[];

/**
 * Canonical column -> where it is read from: a plain field path (read by the readers' own field
 * access, the fast way), or a `Source` (candidates, array indexes, JSON text, derived text).
 * Absent when the file has no such field.
 */
export type Mapping = Record<string, FieldPath | Source | undefined>;

export const dotted = (path: FieldPath): string => path.join('.');
export const isPlain = (m: FieldPath | Source): m is FieldPath => Array.isArray(m);

/**
 * Chooses, for each canonical column, the source field to read: the --map entry when given,
 * else the first of the column's own name and its aliases (in the order schema.ts lists them)
 * that the file has, a field holding a value in the sampled records before one that is empty
 * in all of them. Names match case-insensitively; a dotted name matches a nested field or a
 * flat field whose name holds the dot.
 */
export function chooseMapping(
  columns: readonly CanonicalColumn[],
  fields: readonly FieldPath[],
  explicit: Record<string, string> = {},
  filled?: ReadonlySet<string>,
): Record<string, FieldPath | undefined> {
  const byName = new Map<string, FieldPath>();
  for (const f of fields) {
    const key = dotted(f).toLowerCase();
    if (!byName.has(key)) byName.set(key, f);
  }
  const mapping: Record<string, FieldPath | undefined> = {};
  for (const column of columns) {
    const wanted = explicit[column.name];
    if (wanted !== undefined) {
      mapping[column.name] = byName.get(wanted.toLowerCase()) ?? wanted.split('.');
      continue;
    }
    const found = [column.name, ...column.aliases]
      .map((name) => byName.get(name.toLowerCase()))
      .filter((f): f is FieldPath => f !== undefined);
    mapping[column.name] = (filled && found.find((f) => filled.has(dotted(f).toLowerCase()))) || found[0];
  }
  return mapping;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A string that holds a JSON object or list, parsed; undefined otherwise. */
function jsonText(v: unknown): unknown {
  if (typeof v !== 'string' || !/^\s*[[{]/.test(v)) return undefined;
  // As da_unwrap reads it: quotes doubled once more than CSV needs (Helicone's export tool) too.
  for (const text of [v, v.replace(/""/g, '"')]) {
    try {
      return JSON.parse(text);
    } catch {
      // the next reading, if any
    }
  }
  return undefined;
}

/**
 * The value fields of a sample of records: nested objects are walked (to a small depth) and are
 * not fields themselves, so `{"response": {"text": …}}` offers `response.text`, not `response`.
 */
export function fieldPaths(records: readonly unknown[], maxDepth = 4): FieldPath[] {
  return sampleOf(records, maxDepth).fields;
}

/** What the mapping is chosen from: a file's first records. */
export interface Sample {
  records: readonly unknown[];
  /** Value fields, nested objects walked (`fieldPaths`). */
  fields: FieldPath[];
  /** Fields (dotted, lower case) that hold a non-empty value in at least one sampled record. */
  filled: Set<string>;
  /** Fields reached only through a string holding a JSON object (`metadata.user_api_key`). */
  inText: FieldPath[];
  /** Fields (dotted, lower case) whose value is a string holding a JSON object or list in some sampled record. */
  textHolders: Set<string>;
}

export function sampleOf(records: readonly unknown[], maxDepth = 4): Sample {
  const seen = new Map<string, FieldPath>();
  const inText = new Map<string, FieldPath>();
  const filled = new Set<string>();
  const textHolders = new Set<string>();
  const visit = (value: Record<string, unknown>, prefix: string[], viaText: boolean): void => {
    for (const [key, child] of Object.entries(value)) {
      const path = [...prefix, key];
      if (isObject(child) && path.length < maxDepth) {
        visit(child, path, viaText);
        continue;
      }
      const parsed = jsonText(child);
      if (parsed !== undefined) textHolders.add(dotted(path).toLowerCase());
      if (isObject(parsed) && path.length < maxDepth) visit(parsed, path, true);
      const id = JSON.stringify(path);
      const into = viaText ? inText : seen;
      if (!into.has(id)) into.set(id, path);
      if (child !== null && child !== undefined && child !== '' && !(Array.isArray(child) && child.length === 0))
        filled.add(dotted(path).toLowerCase());
    }
  };
  for (const r of records) if (isObject(r)) visit(r, [], false);
  return {
    records,
    fields: [...seen.values()],
    filled,
    textHolders,
    inText: [...inText.values()].filter((p) => !seen.has(JSON.stringify(p))),
  };
}

/** The mapping as a plain object for `inputs.mapping` and `validate`: column -> source field(s). */
export function describeMapping(mapping: Mapping): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [column, m] of Object.entries(mapping)) if (m) out[column] = isPlain(m) ? dotted(m) : showSource(m);
  return out;
}

/** `--map` read: canonical column -> candidate sources as written, and the row filter. */
export interface MapSpec {
  columns: Record<string, readonly string[]>;
  where: Condition[];
}

export const EMPTY_MAP: MapSpec = { columns: {}, where: [] };

/** One `--map` / profile entry: a path, or `derive(path)`, as a Source (throws on a bad path). */
export function entrySource(texts: readonly string[], derive?: Derive): Source {
  const paths: Path[] = [];
  let fn = derive;
  for (const text of texts) {
    const call = /^\s*([a-z_]+)\((.*)\)\s*$/.exec(text);
    if (call) {
      if (fn && fn !== call[1]) throw new Error(`"${text}": one column takes one kind of value; ${fn} and ${call[1]} are mixed`);
      fn = call[1] as Derive;
      paths.push(parsePath(call[2]!));
    } else {
      paths.push(parsePath(text));
    }
  }
  return fn ? { paths, derive: fn } : { paths };
}

/** The plan of one file: where each column comes from, which rows are exchanges, how rows pair. */
export interface Plan {
  mapping: Mapping;
  where: Condition[];
  pairBy?: Source;
  profile?: Profile;
  /** The caller identity chosen: the account_id candidate that holds a value in most sampled records. */
  caller?: { path: string };
}

/**
 * The file's plan: aliases first, the profile's columns over them, `--map` over both. A source
 * of one plain path that the sample shows as an ordinary nested field stays plain (the fast
 * read); anything else is read as a Source.
 */
export function choosePlan(columns: readonly CanonicalColumn[], sample: Sample, spec: MapSpec, profile?: Profile): Plan {
  const byName = new Map<string, FieldPath>();
  for (const f of sample.fields) if (!byName.has(dotted(f).toLowerCase())) byName.set(dotted(f).toLowerCase(), f);
  // A path goes the step-by-step way (parsing strings that hold JSON) only when the sample shows
  // such a string on it, or never had its top-level field (later records may hold anything).
  const known = new Set([...sample.fields, ...sample.inText].map((f) => dotted(f).toLowerCase()));
  const viaText = (path: Path): boolean => {
    const keys: string[] = [];
    for (const step of path) {
      if (typeof step === 'number') return true;
      keys.push(step.toLowerCase());
      if (sample.textHolders.has(keys.join('.'))) return true;
    }
    // Objects are walked in the sample, so a string holding JSON below a known top-level field
    // would have shown; a top-level field the sample never had may be anything.
    const top = keys[0]!;
    return ![...known].some((f) => f === top || f.startsWith(top + '.'));
  };
  const simplify = (found: Source): FieldPath | Source => {
    const source: Source = { ...found, viaText: found.paths.map(viaText) };
    if (source.derive || source.paths.length !== 1) return source;
    const path = source.paths[0]!;
    if (path.some((s) => typeof s === 'number')) return source;
    return byName.get((path as string[]).join('.').toLowerCase()) ?? source;
  };
  const mapping: Mapping = { ...chooseMapping(columns, sample.fields, {}, sample.filled) };
  if (profile) {
    for (const [column, entry] of Object.entries(profile.columns)) mapping[column] = simplify(entrySource(entry.paths, entry.derive));
    if (profile.caller.length > 0) mapping.account_id = simplify(entrySource(profile.caller.map((c) => c.path)));
  }
  for (const [column, texts] of Object.entries(spec.columns)) {
    const plainName = texts.length === 1 ? byName.get(texts[0]!.toLowerCase()) : undefined;
    mapping[column] = plainName ?? simplify(entrySource(texts));
  }
  const where = spec.where.length > 0 ? spec.where : (profile?.where ?? []).map((w) => ({ path: parsePath(w.path), values: w.values }));
  const pairBy = profile?.pairBy ? entrySource(profile.pairBy) : undefined;
  return {
    mapping,
    where,
    pairBy,
    profile,
    caller: chooseCaller(mapping.account_id, sample, where, spec.columns.account_id ? undefined : profile),
  };
}

/** The value at a path in one sampled record, strings holding JSON parsed on the way. */
export function valueAt(record: unknown, path: Path): unknown {
  let at: unknown = record;
  for (const step of path) {
    if (typeof at === 'string') at = jsonText(at) ?? at;
    if (typeof step === 'number') {
      if (!Array.isArray(at)) return undefined;
      at = at[step < 0 ? at.length + step : step];
    } else {
      if (!isObject(at)) return undefined;
      at = at[step];
    }
  }
  return at;
}

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

/**
 * The caller identity as used: for each sampled record the first candidate (in the order of
 * preference) that holds a value, tallied; shown in that order with the share of records it
 * names, e.g. `end_user (end user) 1 of 2; api_key (key) 1 of 2`.
 */
function chooseCaller(
  source: FieldPath | Source | undefined,
  sample: Sample,
  where: readonly Condition[],
  profile?: Profile,
): Plan['caller'] {
  if (!source) return undefined;
  const paths = isPlain(source) ? [source] : source.paths;
  const counts = paths.map(() => 0);
  // Only the rows that are exchanges: a trace's other spans have no caller to show.
  const records = sample.records.filter((r) => where.every((w) => w.values.includes(String(valueAt(r, w.path)))));
  for (const r of records) {
    const at = paths.findIndex((p) => present(valueAt(r, p)));
    if (at >= 0) counts[at]! += 1;
  }
  const total = records.length;
  const used = paths.map((p, i) => ({ p, n: counts[i]! })).filter((x) => x.n > 0);
  const kindOf = (p: Path) => profile?.caller.find((c) => showPath(entrySource([c.path]).paths[0]!) === showPath(p))?.kind;
  const shown = (p: Path) => `${showPath(p)}${kindOf(p) ? ` (${kindOf(p)})` : ''}`;
  if (used.length === 0) return { path: shown(paths[0]!) };
  if (used.length === 1) return { path: shown(used[0]!.p) };
  return { path: used.map((x) => `${shown(x.p)} ${x.n} of ${total}`).join('; ') };
}

export { CALLER_ORDER };
