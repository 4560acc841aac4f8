import type { CanonicalColumn } from './schema.js';

/** A field of the source records, as the segments of its path (`usage.input_tokens` is two). */
export type FieldPath = readonly string[];

/** Canonical column -> the source field it is read from (absent when the file has no such field). */
export type Mapping = Record<string, FieldPath | undefined>;

export const dotted = (path: FieldPath): string => path.join('.');

/**
 * Chooses, for each canonical column, the source field to read: the --map entry when given,
 * else the first of the column's own name and its aliases (in the order schema.ts lists them)
 * that the file has. Names match case-insensitively; a dotted name matches a nested field or a
 * flat field whose name holds the dot.
 */
export function chooseMapping(columns: readonly CanonicalColumn[], fields: readonly FieldPath[], explicit: Record<string, string> = {}): Mapping {
  const byName = new Map<string, FieldPath>();
  for (const f of fields) {
    const key = dotted(f).toLowerCase();
    if (!byName.has(key)) byName.set(key, f);
  }
  const mapping: Mapping = {};
  for (const column of columns) {
    const wanted = explicit[column.name];
    if (wanted !== undefined) {
      mapping[column.name] = byName.get(wanted.toLowerCase()) ?? wanted.split('.');
      continue;
    }
    for (const name of [column.name, ...column.aliases]) {
      const found = byName.get(name.toLowerCase());
      if (found) {
        mapping[column.name] = found;
        break;
      }
    }
  }
  return mapping;
}

/**
 * The value fields of a sample of records: nested objects are walked (to a small depth) and are
 * not fields themselves, so `{"response": {"text": …}}` offers `response.text`, not `response`.
 */
export function fieldPaths(records: readonly unknown[], maxDepth = 4): FieldPath[] {
  const seen = new Map<string, FieldPath>();
  const isObject = (v: unknown): boolean => !!v && typeof v === 'object' && !Array.isArray(v);
  const visit = (value: unknown, prefix: string[]): void => {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const path = [...prefix, key];
      if (isObject(child) && path.length < maxDepth) {
        visit(child, path);
        continue;
      }
      const id = JSON.stringify(path);
      if (!seen.has(id)) seen.set(id, path);
    }
  };
  for (const r of records) if (isObject(r)) visit(r, []);
  return [...seen.values()];
}

/** The mapping as a plain object for `inputs.mapping` and `validate`: column -> dotted source field. */
export function describeMapping(mapping: Mapping): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [column, path] of Object.entries(mapping)) if (path) out[column] = dotted(path);
  return out;
}
