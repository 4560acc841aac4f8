import { DuckDBTypeId, VARCHAR, type DuckDBStructType, type DuckDBType } from '@duckdb/node-api';
import type { Database } from '../db/database.js';
import { quoteString } from '../db/sql.js';
import { jsonPath } from './coerce.js';
import { FORMATS, type Compression, type Format } from './format.js';
import { isPlain, type FieldPath } from './mapping.js';
import { conditionsSql, sourceSql, type Condition, type Source } from './source.js';
import type { ColumnType } from './schema.js';
import { tableRows } from './reader.js';

/**
 * A table-shaped file (Parquet, CSV/TSV) read column by column: `relation` yields `n` (the
 * record's position, as the line-by-line read numbers it), `s1..sk` (the text of each mapped
 * field, exactly what `json_extract_string` pulls from the row's JSON object on the line-by-line
 * read), `v<i>` for the fields in `typed`, and `c1..cm` (every column of the file, carried so that `record`, the row's JSON object
 * text, can be written for the few records that need it: rejected ones, and absent ids to hash).
 * The JSON text of whole rows, the line-by-line read's largest cost, is then made only for them.
 */
export interface TypedRead {
  relation: string;
  record: { columns: string[]; text: string };
  /** Slots (1-based) for which the relation also yields `v<i>`, the value already typed (`CoerceSource.typed`). */
  typed: Set<number>;
}

/** A mapped field: its path in the record and the canonical column's type. */
export interface TypedSlot {
  path: FieldPath | Source;
  type: ColumnType;
}

export interface TableColumn {
  name: string;
  type: DuckDBType;
}

/**
 * The columns of a Parquet file with their types (nested ones included), or of a CSV/TSV file,
 * which the reader types as text throughout. Null when the file cannot be bound this way.
 */
export async function typedColumns(
  db: Database,
  abs: string,
  format: Format,
  compression: Compression,
  names: readonly string[],
): Promise<TableColumn[] | null> {
  if (FORMATS[format].read === 'delimited') return names.map((name) => ({ name, type: VARCHAR }));
  if (FORMATS[format].read !== 'columnar') return null;
  try {
    const rows = tableRows(abs, format, compression, names);
    if (!rows) return null;
    const result = await db.connection.run(`SELECT * FROM ${rows} LIMIT 0`);
    const types = result.columnTypes();
    // The read's own position column comes first; the file's columns follow in order.
    const found = result.columnNames().slice(1);
    if (found.length !== names.length) return null;
    return names.map((name, i) => ({ name, type: types[i + 1]! }));
  } catch {
    return null;
  }
}

/** Whole-number types whose text (CAST to VARCHAR) is the digits `to_json` writes. */
const WHOLE = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
]);

/**
 * The typed read of a file whose columns are `columns`, for the mapped fields `slots` (in
 * `fieldSlots` order); null for a format it does not read, or when the columns cannot be told
 * apart by name (two equal but for case: DuckDB's identifiers ignore case, and the line-by-line
 * read is the reference then).
 */
export function typedRead(
  abs: string,
  format: Format,
  compression: Compression,
  columns: readonly TableColumn[],
  slots: readonly TypedSlot[],
  where: readonly Condition[] = [],
): TypedRead | null {
  const rows = tableRows(
    abs,
    format,
    compression,
    columns.map((c) => c.name),
  );
  if (!rows || new Set(columns.map((c) => c.name.toLowerCase())).size !== columns.length) return null;
  const carried = columns.map((_, i) => `c${i + 1}`);
  const strings: string[] = [];
  const values: string[] = [];
  const typed = new Set<number>();
  // A source reads the JSON of its top-level fields: a text column's JSON is a string, which the
  // source parses when a path goes into it (a CSV column holding JSON).
  const root = (top: string): string | undefined => {
    const at = columns.findIndex((c) => c.name === top);
    return at < 0 ? undefined : `to_json(${carried[at]})`;
  };
  slots.forEach((slot, k) => {
    const i = k + 1;
    if (!isPlain(slot.path)) {
      strings.push(`${sourceSql(slot.path, root)} AS s${i}`);
      return;
    }
    const at = columns.findIndex((c) => c.name === (slot.path as FieldPath)[0]);
    if (at < 0) {
      strings.push(`CAST(NULL AS VARCHAR) AS s${i}`);
      return;
    }
    const found = fieldAt(carried[at]!, columns[at]!.type, slot.path.slice(1));
    const text = 'text' in found ? found.text : leafText(found.expr, found.type);
    const value = 'text' in found ? undefined : typedValue(found.expr, found.type, slot.type);
    if (value === undefined) {
      strings.push(`${text} AS s${i}`);
      return;
    }
    typed.add(i);
    values.push(`${value} AS v${i}`);
    strings.push(`CASE WHEN v${i} IS NULL THEN ${text} END AS s${i}`);
  });
  const text =
    columns.length === 0 ? `'{}'` : `to_json({${columns.map((c, i) => `${quoteString(c.name)}: ${carried[i]}`).join(', ')}})::VARCHAR`;
  const list = (xs: readonly string[]) => xs.map((x) => `, ${x}`).join('');
  if (where.length > 0) strings.push(`${conditionsSql(where, root)} AS keep`);
  const relation = `SELECT n${list(strings)}${list([...typed].map((i) => `v${i}`))}${list(carried)}
    FROM (SELECT n${list(carried)}${list(values)} FROM ${rows})`;
  return { relation, record: { columns: carried, text }, typed };
}

/** Timestamps whose text (`YYYY-MM-DD hh:mm:ss[.ffffff]`) reads back as the same instant. */
const PLAIN_YEARS = `BETWEEN TIMESTAMP '1000-01-01' AND TIMESTAMP '9999-12-31 23:59:59.999999'`;

/**
 * The canonical value of a source value of type `type`, where it is exactly what the text's
 * coercion would give (NULL elsewhere: the text decides); undefined when no such shortcut is
 * known for the pair of types. Whole numbers keep the text's rules: a time by the epoch's
 * magnitude, an integer only within INTEGER's range.
 */
function typedValue(expr: string, type: DuckDBType, canonical: ColumnType): string | undefined {
  const whole = WHOLE.has(type.typeId);
  switch (canonical) {
    case 'TIMESTAMP':
      if (type.typeId === DuckDBTypeId.TIMESTAMP) return `CASE WHEN ${expr} ${PLAIN_YEARS} THEN ${expr} END`;
      // The session time zone is UTC, so the cast gives the UTC wall time, as the text's does.
      if (type.typeId === DuckDBTypeId.TIMESTAMP_TZ)
        return `CASE WHEN CAST(${expr} AS TIMESTAMP) ${PLAIN_YEARS} THEN CAST(${expr} AS TIMESTAMP) END`;
      return whole ? `da_time(NULL, CAST(${expr} AS DOUBLE))` : undefined;
    case 'INTEGER':
    case 'BIGINT':
      return whole
        ? `CAST(CASE WHEN ${expr} BETWEEN -2147483648 AND 2147483647 THEN CAST(${expr} AS INTEGER) END AS ${canonical})`
        : undefined;
    case 'DOUBLE':
      return whole ? `CAST(${expr} AS DOUBLE)` : undefined;
    default:
      return undefined;
  }
}

/**
 * The value at `rest` inside `expr`, reached through struct members by their exact name (JSON
 * paths match case, DuckDB's struct access does not, but a struct's member names are unique
 * ignoring case); past anything else, the text `json_extract_string` pulls from the value's own
 * JSON, which is the text the row's JSON object holds for it.
 */
function fieldAt(expr: string, type: DuckDBType, rest: FieldPath): { expr: string; type: DuckDBType } | { text: string } {
  if (rest.length === 0) return { expr, type };
  if (type.typeId === DuckDBTypeId.STRUCT) {
    const struct = type as DuckDBStructType;
    const at = struct.entryNames.indexOf(rest[0]!);
    if (at >= 0) return fieldAt(`struct_extract(${expr}, ${quoteString(rest[0]!)})`, struct.entryTypes[at]!, rest.slice(1));
  }
  return { text: `json_extract_string(to_json(${expr}), ${quoteString(jsonPath(rest))})` };
}

/** A value's text as `json_extract_string` gives it from the row's JSON object. */
function leafText(expr: string, type: DuckDBType): string {
  if (type.typeId === DuckDBTypeId.VARCHAR) return expr;
  if (WHOLE.has(type.typeId)) return `CAST(${expr} AS VARCHAR)`;
  return `json_extract_string(to_json(${expr}), '$')`;
}
