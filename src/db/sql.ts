import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Quotes a string literal for the few places SQL needs one spliced (paths in table functions). */
export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Quotes an identifier (column or table name) that comes from data, such as a source field name. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Reads a `.sql` file that ships beside the module at `moduleUrl` (import.meta.url). */
export function sqlFile(moduleUrl: string, name: string): string {
  return readFileSync(join(dirname(fileURLToPath(moduleUrl)), name), 'utf8');
}
