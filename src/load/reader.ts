import type { Database } from '../db/database.js';
import { quoteIdentifier, quoteString } from '../db/sql.js';
import { FORMATS, type Compression, type Format } from './format.js';
import { headLines } from './head.js';
import { isPlain, sampleOf, type FieldPath, type Sample } from './mapping.js';
import { jsonPath } from './coerce.js';
import { conditionsSql, jsonSubPath, Shared, sourceSql, sourceTops, type Condition, type Path, type Source } from './source.js';

/**
 * How one file is read: `relation` is SQL yielding `n` (the record's position: line for JSON Lines,
 * row for CSV with the header as row 1, element for a JSON array, row for Parquet/Arrow) and
 * `line` (the record as text; JSON object text for every format but JSON Lines, where it is the
 * line itself). Text formats record unreadable lines in `da_rejects`.
 */
export interface Reader {
  relation: string;
  /** Lines before the first record (a CSV header), for the line arithmetic of rejected rows. */
  headerLines: number;
  /** True when DuckDB's reject tables collect the rows the reader itself could not read. */
  collectsRejects: boolean;
}

export const REJECTS_TABLE = 'da_rejects';
export const REJECT_SCANS_TABLE = 'da_reject_scans';

/**
 * Lines up to 64 MB: a 10 MB prompt is a line like any other, a longer one is rejected, not fatal.
 * The buffer is named too: left to DuckDB it becomes 16 x the line limit, a 1 GiB block per file
 * read, which fails any --memory-limit under about a gigabyte and crowds a larger one.
 */
const LINE_LIMIT = 'max_line_size = 67108864, buffer_size = 134217728';
const REJECTS = `store_rejects = true, rejects_table = '${REJECTS_TABLE}', rejects_scan = '${REJECT_SCANS_TABLE}'`;

function rawLines(abs: string, compression: Compression, extra: string): string {
  return `read_csv(${quoteString(abs)}, columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '',
            header = false, auto_detect = false, strict_mode = false, compression = '${compression}', ${LINE_LIMIT}, ${extra})`;
}

/**
 * A CSV/TSV read with the dialect fixed. Given its column names (`tableColumns`) DuckDB does not
 * sniff the file again: its sniffer fails the whole file on one unterminated quote ("Error when
 * sniffing file", no line), where the read itself rejects that row, with its line, and goes on.
 */
function delimited(abs: string, format: Format, compression: Compression, extra: string, columns?: readonly string[]): string {
  const delim = FORMATS[format].delimiter === '\t' ? '\\t' : (FORMATS[format].delimiter ?? ',');
  const named =
    columns && columns.length > 0
      ? `auto_detect = false, columns = {${columns.map((c) => `${quoteString(c)}: 'VARCHAR'`).join(', ')}}, `
      : 'all_varchar = true, ';
  return `read_csv(${quoteString(abs)}, header = true, ${named}delim = '${delim}', quote = '"', escape = '"',
            strict_mode = true, null_padding = false, compression = '${compression}', ${LINE_LIMIT}, ${extra})`;
}

function jsonArray(abs: string, compression: Compression): string {
  return `read_json(${quoteString(abs)}, format = 'array', records = false, columns = {'json': 'JSON'}, compression = '${compression === 'none' ? 'uncompressed' : compression}',
            maximum_object_size = 268435456)`;
}

/** A JSON object of a row's columns, keys as the file names them. */
function rowObject(columns: readonly string[]): string {
  if (columns.length === 0) return `'{}'`;
  return `to_json({${columns.map((c) => `${quoteString(c)}: ${quoteIdentifier(c)}`).join(', ')}})::VARCHAR`;
}

/** Column names of a table-shaped file (CSV/TSV, Parquet). */
export async function tableColumns(db: Database, abs: string, format: Format, compression: Compression): Promise<string[]> {
  const parquet = FORMATS[format].read === 'columnar';
  const from = parquet ? `read_parquet(${quoteString(abs)})` : delimited(abs, format, compression, 'ignore_errors = true');
  try {
    const rows = await db.all<{ column_name: string }>(`DESCRIBE SELECT * FROM ${from}`);
    return rows.map((r) => r.column_name);
  } catch (err) {
    if (parquet || !/Error when sniffing file/.test(String((err as Error).message))) throw err;
    // The sniffer met a row it cannot place (an unterminated quote): the names come from the
    // header line alone, and the read rejects the bad row with its line.
    const header = await db.value<string | null>(`SELECT line FROM ${rawLines(abs, compression, 'ignore_errors = true')} LIMIT 1`);
    const names = header ? splitHeader(header.replace(/\r$/, ''), FORMATS[format].delimiter ?? ',') : null;
    if (!names) throw err;
    return names;
  }
}

/**
 * The names of a CSV/TSV header line (quoted names, doubled quotes inside), made unique the way
 * DuckDB makes them (`a`, `a_1`); null when the line is no header (an unclosed quote, an empty name).
 */
function splitHeader(line: string, delim: string): string[] | null {
  const names: string[] = [];
  let i = 0;
  for (;;) {
    let name = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return null;
        name += line.slice(i, q);
        i = q + 1;
        if (line[i] !== '"') break;
        name += '"';
        i++;
      }
      if (i < line.length && line[i] !== delim) return null;
    } else {
      const d = line.indexOf(delim, i);
      name = line.slice(i, d < 0 ? line.length : d);
      i = d < 0 ? line.length : d;
    }
    if (name === '') return null;
    names.push(name);
    if (i >= line.length) break;
    i++;
  }
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = seen.get(n.toLowerCase()) ?? 0;
    seen.set(n.toLowerCase(), k + 1);
    return k === 0 ? n : `${n}_${k}`;
  });
}

export function reader(abs: string, format: Format, compression: Compression, columns: readonly string[]): Reader {
  const { read, headerLines, readerRejects: collectsRejects } = FORMATS[format];
  switch (read) {
    case 'lines':
      return {
        relation: `SELECT ordinality AS n, line FROM ${rawLines(abs, compression, REJECTS)} WITH ORDINALITY`,
        headerLines,
        collectsRejects,
      };
    case 'array':
      return {
        relation: `SELECT ordinality AS n, json::VARCHAR AS line FROM ${jsonArray(abs, compression)} WITH ORDINALITY`,
        headerLines,
        collectsRejects,
      };
    case 'delimited':
      return {
        relation: `SELECT ordinality AS n, ${rowObject(columns)} AS line FROM ${delimited(abs, format, compression, REJECTS, columns)} WITH ORDINALITY`,
        headerLines,
        collectsRejects,
      };
    case 'columnar':
      return {
        relation: `SELECT file_row_number + 1 AS n, ${rowObject(columns)} AS line FROM read_parquet(${quoteString(abs)}, file_row_number = true)`,
        headerLines,
        collectsRejects,
      };
  }
}

/**
 * The rows of a table-shaped file (CSV/TSV, Parquet) as `n`, numbered as `reader` numbers them
 * (the CSV header as row 1), then its columns, in order, renamed `c1..cm`; CSV rows the reader
 * refuses go to the reject tables as on the line-by-line read. Null for other formats.
 */
export function tableRows(abs: string, format: Format, compression: Compression, columns: readonly string[]): string | null {
  const renamed = columns.map((c, i) => `, ${quoteIdentifier(c)} AS c${i + 1}`).join('');
  switch (FORMATS[format].read) {
    case 'delimited':
      return `(SELECT ordinality + 1 AS n${renamed} FROM ${delimited(abs, format, compression, REJECTS, columns)} WITH ORDINALITY)`;
    case 'columnar':
      return `(SELECT file_row_number + 1 AS n${renamed} FROM read_parquet(${quoteString(abs)}, file_row_number = true))`;
    default:
      return null;
  }
}

/**
 * JSON Lines read by DuckDB's own JSON reader, each mapped field typed as text (nested ones
 * through their top-level object): yields `n`, NULL (the record's ordinal is its place in the
 * table the rows are written to, in file order: `WITH ORDINALITY` on this read doubled the load's
 * CPU time, docs/export-profiles-speed.md), and `s1..sk`, the fields of `paths` in order. This parses each record once, natively, at about half the cost of reading
 * lines and extracting fields from them; it refuses a whole file at its first bad line, and
 * it skips blank lines, so a record's ordinal is its line only when every line holds one object
 * (`LineShape`). Null when the fields cannot be read this way: one field the parent of another,
 * or two top-level names equal but for case (DuckDB's column names ignore case).
 */
export function fieldsReader(
  abs: string,
  compression: Compression,
  paths: readonly (FieldPath | Source)[],
  where: readonly Condition[] = [],
): string | null {
  const tops: string[] = [];
  const kind = new Map<string, 'leaf' | 'parent'>();
  const use = (top: string, k: 'leaf' | 'parent'): boolean => {
    const seen = kind.get(top);
    if (seen && seen !== k) return false;
    if (!seen) {
      kind.set(top, k);
      tops.push(top);
    }
    return true;
  };
  for (const path of paths) {
    // A source reads its top-level fields as JSON, like a parent of nested fields.
    const ok = isPlain(path) ? use(path[0]!, path.length === 1 ? 'leaf' : 'parent') : sourceTops(path).every((t) => use(t, 'parent'));
    if (!ok) return null;
  }
  for (const w of where) if (!use(String(w.path[0]), 'parent')) return null;
  if (new Set(tops.map((t) => t.toLowerCase())).size !== tops.length) return null;
  const alias = new Map(tops.map((t, i) => [t, `c${i + 1}`]));
  const root = (top: string) => alias.get(top);
  // Every path a source reads below a top-level field, extracted in one json_extract per field.
  const below = new Map<string, string[]>();
  const at = (top: string, steps: Path): string | undefined => {
    const list = below.get(top) ?? [];
    below.set(top, list);
    const sub = jsonSubPath(steps);
    if (!list.includes(sub)) list.push(sub);
    return `x${tops.indexOf(top) + 1}[${list.indexOf(sub) + 1}]`;
  };
  // Values several columns read, computed once in projections of their own (`Roots.share`).
  const shared = new Shared();
  const { share } = shared;
  const types = tops.map((t) => `${quoteString(t)}: '${kind.get(t) === 'leaf' ? 'VARCHAR' : 'JSON'}'`).join(', ');
  const fields = paths.map((path, i) => {
    if (!isPlain(path)) return `${sourceSql(path, { root, at, share })} AS s${i + 1}`;
    const column = alias.get(path[0]!)!;
    const value = path.length === 1 ? column : `json_extract_string(${column}, ${quoteString(jsonPath(path.slice(1)))})`;
    return `${value} AS s${i + 1}`;
  });
  if (where.length > 0) fields.push(`${conditionsSql(where, root)} AS keep`);
  // DuckDB sizes its read buffers by the largest object allowed: at 64 MB (the line limit of the
  // line-by-line read) the parse cost twice what it does at the 16 MB default. A record past the
  // buffer (twice that size) makes the reader refuse the file, which is then read line by line.
  const json = `read_json(${quoteString(abs)}, format = 'newline_delimited', records = true, auto_detect = false,
            columns = {${types}}, compression = '${compression === 'none' ? 'uncompressed' : compression}', maximum_object_size = 16777216)`;
  const extracted = [...below.entries()]
    .map(([top, subs]) => `, json_extract(${alias.get(top)}, [${subs.map(quoteString).join(', ')}]) AS x${tops.indexOf(top) + 1}`)
    .join('');
  return `SELECT n${fields.length ? ', ' : ''}${fields.join(', ')}
    FROM (${shared.wrap(`SELECT *, CAST(NULL AS BIGINT) AS n${extracted} FROM ${json} AS r(${[...alias.values()].join(', ')})`)})`;
}

/**
 * The spans of OTLP/JSON trace exports (`ExportTraceServiceRequest` documents: one pretty-printed
 * document, or one per line) as records `(n, line)`: `n` the span's number in the file, `line` a
 * JSON object `{"resource": {…}, "scope": {…}, "span": {…}}` whose resource and span attributes
 * (OTLP's lists of `{key, value: {stringValue | intValue | …}}`) are objects of key -> value.
 */
export function otlpSpans(abs: string, compression: Compression): string {
  const attrs = (list: string) => `coalesce((SELECT json_group_object(json_extract_string(a, '$.key'),
      coalesce(json_extract(a, '$.value.stringValue'), json_extract(a, '$.value.intValue'), json_extract(a, '$.value.doubleValue'),
               json_extract(a, '$.value.boolValue'), json_extract(a, '$.value.arrayValue'), json_extract(a, '$.value.kvlistValue'),
               json_extract(a, '$.value.bytesValue')))
      FROM unnest(coalesce(json_extract(${list}, '$[*]'), []::JSON[])) AS t(a)), '{}'::JSON)`;
  const docs = `read_json_objects(${quoteString(abs)}, format = 'auto', compression = '${compression === 'none' ? 'uncompressed' : compression}', maximum_object_size = 268435456)`;
  return `SELECT row_number() OVER (ORDER BY d, i, j, k) AS n,
      json_object('resource', ${attrs(`json_extract(rs, '$.resource.attributes')`)}, 'scope', json_extract(ss, '$.scope'),
                  'span', json_merge_patch(sp, json_object('attributes', ${attrs(`json_extract(sp, '$.attributes')`)})))::VARCHAR AS line
    FROM (SELECT ordinality AS d, json FROM ${docs} WITH ORDINALITY),
         unnest(coalesce(json_extract(json, '$.resourceSpans[*]'), []::JSON[])) WITH ORDINALITY AS r(rs, i),
         unnest(coalesce(json_extract(rs, '$.scopeSpans[*]'), []::JSON[])) WITH ORDINALITY AS s(ss, j),
         unnest(coalesce(json_extract(ss, '$.spans[*]'), []::JSON[])) WITH ORDINALITY AS p(sp, k)`;
}

/** The lines of a JSON Lines file at the given positions, for the records a fields read rejected. */
export function linesAt(abs: string, compression: Compression, positions: string): string {
  return `SELECT ordinality AS n, line FROM ${rawLines(abs, compression, 'ignore_errors = true')} WITH ORDINALITY
           WHERE ordinality IN (${positions})`;
}

/** How many records the mapping is chosen from. */
const SAMPLE = 500;

/** The field paths of the first records of a file, from which its mapping is chosen. */
export async function sampleFields(
  db: Database,
  abs: string,
  format: Format,
  compression: Compression,
  columns: readonly string[],
): Promise<FieldPath[]> {
  return (await sampleRecords(db, abs, format, compression, columns)).fields;
}

/**
 * The first records of a file, their fields and which of them hold values. CSV/TSV rows are
 * read too (not only the header), so that a column empty in every row is known as such.
 */
export async function sampleRecords(
  db: Database,
  abs: string,
  format: Format,
  compression: Compression,
  columns: readonly string[],
  relation?: string,
): Promise<Sample> {
  let sql: string;
  if (relation) {
    const rows = await db.all<{ line: string | null }>(`SELECT line FROM (${relation}) LIMIT ${SAMPLE}`);
    return recordsOf(rows.map((r) => r.line));
  }
  switch (FORMATS[format].read) {
    case 'delimited': {
      const rows = await db.all<{ line: string | null }>(
        `SELECT ${rowObject(columns)} AS line FROM ${delimited(abs, format, compression, 'ignore_errors = true', columns)} LIMIT ${SAMPLE}`,
      );
      const sample = recordsOf(rows.map((r) => r.line));
      // The header names every field, even with no row read.
      return { ...sample, fields: [...columns.map((c) => [c]), ...sample.fields.filter((f) => f.length > 1)] };
    }
    case 'array':
      sql = `SELECT json::VARCHAR AS line FROM ${jsonArray(abs, compression)} LIMIT ${SAMPLE}`;
      break;
    case 'columnar':
      sql = `SELECT ${rowObject(columns)} AS line FROM read_parquet(${quoteString(abs)}) LIMIT ${SAMPLE}`;
      break;
    default: {
      const head = await headLines(abs, compression, SAMPLE);
      if (head) return recordsOf(head);
      sql = `SELECT line FROM ${rawLines(abs, compression, 'ignore_errors = true')} WHERE line IS NOT NULL LIMIT ${SAMPLE}`;
    }
  }
  const rows = await db.all<{ line: string | null }>(sql);
  return recordsOf(rows.map((r) => r.line));
}

function recordsOf(lines: readonly (string | null)[]): Sample {
  const records: unknown[] = [];
  for (const line of lines) {
    try {
      if (line) records.push(JSON.parse(line));
    } catch {
      // A line that is not JSON says nothing about the fields; the load rejects it with a reason.
    }
  }
  return sampleOf(records);
}
