import { quoteString } from '../db/sql.js';
import type { CanonicalColumn } from './schema.js';
import type { FieldPath, Mapping } from './mapping.js';

/** DuckDB JSON path of a field; every segment quoted so dots, dashes and @ inside names are literal. */
export function jsonPath(path: FieldPath): string {
  return '$' + path.map((seg) => `."${seg}"`).join('');
}

const NOUN: Record<string, string> = {
  TIMESTAMP: 'a time (ISO-8601 or epoch s/ms/µs)',
  INTEGER: 'a whole number',
  BIGINT: 'a whole number',
  DOUBLE: 'a number',
};

function typed(column: CanonicalColumn, value: string): string {
  const present = `nullif(trim(${value}), '')`;
  switch (column.type) {
    case 'VARCHAR':
      return value;
    case 'TIMESTAMP':
      return `da_time(${present})`;
    case 'INTEGER':
      return `da_int(${present})`;
    case 'BIGINT':
      return `CAST(da_int(${present}) AS BIGINT)`;
    case 'DOUBLE':
      return `TRY_CAST(${present} AS DOUBLE)`;
  }
}

/**
 * SQL that turns a reader's (n, line) rows into typed canonical columns plus `reason` (why the
 * record is rejected; NULL when it is good) and `raw` (the record text, kept only when rejected).
 * One JSON parse per record extracts every mapped field at once. A value that is present but
 * cannot be coerced rejects the record: it never becomes NULL silently. Blank lines are no records.
 * `hashId` names a column whose absence is filled with a stable hash of the record text.
 */
export function coerceSql(relation: string, columns: readonly CanonicalColumn[], mapping: Mapping, hashId?: string): string {
  const mapped = columns.filter((c) => mapping[c.name]);
  const paths = mapped.map((c) => quoteString(jsonPath(mapping[c.name]!)));
  const slot = new Map(mapped.map((c, i) => [c.name, `v[${i + 1}]`]));
  const select: string[] = [];
  const checks: string[] = [];
  for (const column of columns) {
    const value = slot.get(column.name);
    if (!value) {
      select.push(column.name === hashId ? `'h_' || left(sha256(line), 32) AS ${column.name}` : `CAST(NULL AS ${column.type}) AS ${column.name}`);
      if (column.required) checks.push(quoteString(`missing ${column.name}`));
      continue;
    }
    const source = quoteString(mapping[column.name]!.join('.'));
    let expr = typed(column, value);
    if (column.name === hashId) expr = `coalesce(nullif(${value}, ''), 'h_' || left(sha256(line), 32))`;
    select.push(`${expr} AS ${column.name}`);
    const present = `nullif(trim(${value}), '') IS NOT NULL`;
    if (column.required) checks.push(`CASE WHEN NOT (${present}) THEN 'missing ${column.name} (' || ${source} || ' absent or empty)' END`);
    if (column.type !== 'VARCHAR') {
      checks.push(`CASE WHEN ${present} AND ${typed(column, value)} IS NULL
        THEN '${column.name}: "' || left(${value}, 80) || '" is not ${NOUN[column.type]}' END`);
    }
  }
  const reason = `CASE WHEN v IS NULL THEN 'not valid JSON'
    WHEN NOT starts_with(ltrim(line), '{') THEN 'not a JSON object'
    ELSE nullif(concat_ws('; ', ${checks.join(', ') || 'NULL'}), '') END`;
  const extract = paths.length > 0 ? `try(json_extract_string(line, [${paths.join(', ')}]))` : `CASE WHEN try(json_valid(line)) THEN [NULL] END`;
  return `SELECT n, ${columns.map((c) => c.name).join(', ')}, reason, CASE WHEN reason IS NOT NULL THEN line END AS raw
  FROM (SELECT n, line, ${select.join(',\n    ')},
          ${reason} AS reason
        FROM (SELECT n, line, ${extract} AS v FROM (${relation}) WHERE line IS NOT NULL AND trim(line) <> ''))`;
}
