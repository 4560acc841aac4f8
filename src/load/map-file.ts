import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { entrySource, type MapSpec } from './mapping.js';
import { EXCHANGE_COLUMNS } from './schema.js';
import { parsePath, type Condition } from './source.js';

/**
 * Reads `--map FILE`: a JSON object of canonical column -> source field, or a list of candidate
 * fields (the first non-empty wins). A field is a path (`usage.input_tokens`,
 * `messages[-1].content`, `["user.id"]`, JSON Pointer `/a/b`) or a derive over one
 * (`user_text(request.messages)`). `"where": {"type": "GENERATION"}` (a value or a list of
 * values per field) keeps only the rows that are exchanges.
 */
export function readMapFile(path: string): MapSpec {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code
      ? `cannot read (${(err as NodeJS.ErrnoException).code})`
      : `not valid JSON (${(err as Error).message})`;
    throw new UserError(why, 'map-invalid', path);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UserError('must be a JSON object of canonical column to source field, e.g. {"ts": "event.time"}', 'map-invalid', path);
  }
  const known = new Set(EXCHANGE_COLUMNS.map((c) => c.name));
  const spec: MapSpec = { columns: {}, where: [] };
  for (const [column, field] of Object.entries(parsed as Record<string, unknown>)) {
    if (column === 'where') {
      spec.where = readWhere(field, path);
      continue;
    }
    if (!known.has(column)) {
      throw new UserError(`"${column}" is not a canonical column (one of: ${[...known].join(', ')}) nor "where"`, 'map-invalid', path);
    }
    const texts = typeof field === 'string' ? [field] : field;
    if (!Array.isArray(texts) || texts.length === 0 || texts.some((t) => typeof t !== 'string' || t.trim() === '')) {
      throw new UserError(`${column}: the source field must be a non-empty string or a list of them`, 'map-invalid', path);
    }
    try {
      entrySource(texts as string[]);
    } catch (err) {
      throw new UserError(`${column}: ${(err as Error).message}`, 'map-invalid', path);
    }
    spec.columns[column] = (texts as string[]).map((t) => t.trim());
  }
  return spec;
}

function readWhere(value: unknown, file: string): Condition[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(
      '"where" must be an object of field to the value (or list of values) an exchange row has, e.g. {"type": "GENERATION"}',
      'map-invalid',
      file,
    );
  }
  return Object.entries(value as Record<string, unknown>).map(([field, want]) => {
    const values = Array.isArray(want) ? want : [want];
    if (values.length === 0 || values.some((v) => typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')) {
      throw new UserError(`where ${field}: a value or a list of values (strings, numbers, true/false)`, 'map-invalid', file);
    }
    try {
      return { path: parsePath(field), values: values.map(String) };
    } catch (err) {
      throw new UserError(`where: ${(err as Error).message}`, 'map-invalid', file);
    }
  });
}
