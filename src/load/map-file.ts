import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { EXCHANGE_COLUMNS } from './schema.js';

/** Reads `--map FILE`: a JSON object of canonical column -> source field (dotted for nested). */
export function readMapFile(path: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ? `cannot read (${(err as NodeJS.ErrnoException).code})` : `not valid JSON (${(err as Error).message})`;
    throw new UserError(why, 'map-invalid', path);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UserError('must be a JSON object of canonical column to source field, e.g. {"ts": "event.time"}', 'map-invalid', path);
  }
  const known = new Set(EXCHANGE_COLUMNS.map((c) => c.name));
  const map: Record<string, string> = {};
  for (const [column, field] of Object.entries(parsed as Record<string, unknown>)) {
    if (!known.has(column)) {
      throw new UserError(`"${column}" is not a canonical column (one of: ${[...known].join(', ')})`, 'map-invalid', path);
    }
    if (typeof field !== 'string' || field.trim() === '') {
      throw new UserError(`${column}: the source field must be a non-empty string`, 'map-invalid', path);
    }
    map[column] = field.trim();
  }
  return map;
}
