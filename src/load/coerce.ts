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

/**
 * SQL that turns a reader's (n, line) rows into typed canonical columns plus `reason` (why the
 * record is rejected; NULL when it is good) and `raw` (the record text, kept only when rejected).
 * One JSON parse per record extracts every mapped field at once; each value is trimmed and read
 * as a number once, in its own layer, because the casts are most of the load's cost after the
 * parse. A value that is present but cannot be coerced rejects the record: it never becomes NULL
 * silently. Blank lines are no records. `hashId` names a column whose absence is filled with a
 * stable hash of the record text.
 */
export function coerceSql(relation: string, columns: readonly CanonicalColumn[], mapping: Mapping, hashId?: string): string {
  const mapped = columns.filter((c) => mapping[c.name]);
  const paths = mapped.map((c) => quoteString(jsonPath(mapping[c.name]!)));
  const slot = new Map(mapped.map((c, i) => [c.name, i + 1]));
  // Layer 1: raw strings s_i, and for non-text columns the trimmed text t_i and its number d_i.
  const strings: string[] = [];
  const carried: string[] = [];
  // Layer 2: typed columns; layer 3: reasons.
  const typed: string[] = [];
  const checks: string[] = [];
  for (const column of columns) {
    const i = slot.get(column.name);
    const name = column.name;
    if (i === undefined) {
      typed.push(name === hashId ? `'h_' || left(sha256(line), 32) AS ${name}` : `CAST(NULL AS ${column.type}) AS ${name}`);
      if (column.required) checks.push(quoteString(`missing ${name}`));
      continue;
    }
    const s = `s${i}`;
    const t = `t${i}`;
    const d = `d${i}`;
    strings.push(`v[${i}] AS ${s}`);
    carried.push(s);
    if (column.type !== 'VARCHAR') {
      strings.push(`nullif(trim(v[${i}]), '') AS ${t}`);
      carried.push(t);
    }
    if (column.type === 'TIMESTAMP' || column.type === 'INTEGER' || column.type === 'BIGINT') {
      strings.push(`TRY_CAST(nullif(trim(v[${i}]), '') AS DOUBLE) AS ${d}`);
    }
    switch (column.type) {
      case 'VARCHAR':
        typed.push(name === hashId ? `coalesce(nullif(${s}, ''), 'h_' || left(sha256(line), 32)) AS ${name}` : `${s} AS ${name}`);
        break;
      case 'TIMESTAMP':
        typed.push(`da_time(${t}, ${d}) AS ${name}`);
        break;
      case 'INTEGER':
        typed.push(`da_int(${d}) AS ${name}`);
        break;
      case 'BIGINT':
        typed.push(`CAST(da_int(${d}) AS BIGINT) AS ${name}`);
        break;
      case 'DOUBLE':
        typed.push(`TRY_CAST(${t} AS DOUBLE) AS ${name}`);
        break;
    }
    const source = quoteString(mapping[name]!.join('.'));
    if (column.required) {
      const blank = column.type === 'VARCHAR' ? `nullif(trim(${s}), '') IS NULL` : `${t} IS NULL`;
      checks.push(`CASE WHEN ${blank} THEN 'missing ${name} (' || ${source} || ' absent or empty)' END`);
    }
    if (column.type !== 'VARCHAR') {
      checks.push(`CASE WHEN ${t} IS NOT NULL AND ${name} IS NULL THEN '${name}: "' || left(${s}, 80) || '" is not ${NOUN[column.type]}' END`);
    }
  }
  // trim() and left() walk the whole text as characters, which on long lines cost more than the
  // JSON parse; the plain byte test on the first character settles nearly every line first.
  const reason = `CASE WHEN bad_json THEN 'not valid JSON'
    WHEN starts_with(line, '{') OR starts_with(ltrim(left(line, 4096)), '{')
      THEN nullif(concat_ws('; ', ${checks.join(', ') || 'NULL'}), '')
    ELSE 'not a JSON object' END`;
  const extract = paths.length > 0 ? `try(json_extract_string(line, [${paths.join(', ')}]))` : `CASE WHEN try(json_valid(line)) THEN [NULL] END`;
  const names = columns.map((c) => c.name).join(', ');
  return `SELECT n, ${names}, reason, CASE WHEN reason IS NOT NULL THEN line END AS raw
  FROM (SELECT n, line, ${names}, ${reason} AS reason
        FROM (SELECT ${['n', 'line', 'bad_json', ...carried, ...typed].join(',\n    ')}
              FROM (SELECT n, line, v IS NULL AS bad_json${strings.length ? ', ' : ''}${strings.join(', ')}
                    FROM (SELECT n, line, ${extract} AS v FROM (${relation}) WHERE line IS NOT NULL AND (starts_with(line, '{') OR strlen(line) > 4096 OR trim(line) <> '')))))`;
}
