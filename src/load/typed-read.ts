import { DuckDBTypeId, type DuckDBStructType, type DuckDBType } from '@duckdb/node-api';
import type { Database } from '../db/database.js';
import { quoteString } from '../db/sql.js';
import { jsonPath } from './coerce.js';
import type { Compression, Format } from './format.js';
import type { FieldPath } from './mapping.js';
import { tableRows } from './reader.js';

/**
 * A table-shaped file (Parquet, CSV/TSV) read column by column: `relation` yields `n` (the
 * record's position, as the line-by-line read numbers it), `s1..sk` (the text of each field in
 * `paths`, exactly what `json_extract_string` pulls from the row's JSON object on the line-by-line
 * read) and `c1..cm` (every column of the file, carried so that `record`, the row's JSON object
 * text, can be written for the few records that need it: rejected ones, and absent ids to hash).
 * The JSON text of whole rows, the line-by-line read's largest cost, is then made only for them.
 */
export interface TypedRead {
  relation: string;
  record: { columns: string[]; text: string };
}

export interface TableColumn {
  name: string;
  type: DuckDBType;
}

/**
 * The columns of a Parquet file with their types (nested ones included), or of a CSV/TSV file,
 * which the reader types as text throughout. Null when the file cannot be bound this way.
 */
export async function typedColumns(db: Database, abs: string, format: Format, compression: Compression, names: readonly string[]): Promise<TableColumn[] | null> {
  if (format === 'csv' || format === 'tsv') return names.map((name) => ({ name, type: VARCHAR }));
  if (format !== 'parquet') return null;
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

const VARCHAR = { typeId: DuckDBTypeId.VARCHAR } as DuckDBType;

/** Whole-number types whose text (CAST to VARCHAR) is the digits `to_json` writes. */
const WHOLE = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT,
]);

/**
 * The typed read of a file whose columns are `columns`, for the field paths `paths`; null when
 * the columns cannot be told apart by name (two equal but for case: DuckDB's identifiers ignore
 * case, and the line-by-line read is the reference then).
 */
export function typedRead(abs: string, format: Format, compression: Compression, columns: readonly TableColumn[], paths: readonly FieldPath[]): TypedRead | null {
  const rows = tableRows(abs, format, compression, columns.map((c) => c.name));
  if (!rows || new Set(columns.map((c) => c.name.toLowerCase())).size !== columns.length) return null;
  const carried = columns.map((_, i) => `c${i + 1}`);
  const fields = paths.map((path, i) => {
    const at = columns.findIndex((c) => c.name === path[0]);
    const text = at < 0 ? 'CAST(NULL AS VARCHAR)' : fieldText(carried[at]!, columns[at]!.type, path.slice(1));
    return `${text} AS s${i + 1}`;
  });
  const text = columns.length === 0
    ? `'{}'`
    : `to_json({${columns.map((c, i) => `${quoteString(c.name)}: ${carried[i]}`).join(', ')}})::VARCHAR`;
  const relation = `SELECT n${fields.length ? ', ' : ''}${fields.join(', ')}${carried.length ? ', ' : ''}${carried.join(', ')}
    FROM ${rows}`;
  return { relation, record: { columns: carried, text } };
}

/**
 * Text of the value at `rest` inside `expr`, equal to what `json_extract_string` gives on the
 * row's JSON object: struct members by their exact name (JSON paths match case, DuckDB's struct
 * access does not, but a struct's member names are unique ignoring case), and anything else
 * through the value's own JSON, which is the same text the row's JSON holds for it.
 */
function fieldText(expr: string, type: DuckDBType, rest: FieldPath): string {
  if (rest.length === 0) {
    if (type.typeId === DuckDBTypeId.VARCHAR) return expr;
    if (WHOLE.has(type.typeId)) return `CAST(${expr} AS VARCHAR)`;
    return `json_extract_string(to_json(${expr}), '$')`;
  }
  if (type.typeId === DuckDBTypeId.STRUCT) {
    const struct = type as DuckDBStructType;
    const at = struct.entryNames.indexOf(rest[0]!);
    if (at >= 0) return fieldText(`struct_extract(${expr}, ${quoteString(rest[0]!)})`, struct.entryTypes[at]!, rest.slice(1));
  }
  return `json_extract_string(to_json(${expr}), ${quoteString(jsonPath(rest))})`;
}
