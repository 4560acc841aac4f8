import { listValue } from '@duckdb/node-api';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../context.js';
import { tableExists } from '../db/tables.js';
import { quoteString } from '../db/sql.js';
import { environmentError, UserError } from '../errors.js';
import { arrowToJsonLines } from './arrow.js';
import { coerceSql, fieldSlots, jsonPath, NOT_AN_EXCHANGE } from './coerce.js';
import { digestFile } from './digest.js';
import { FORMATS, type Compression, type Detected, type Format } from './format.js';
import { firstLine, type InputFile } from './input-file.js';
import type { LineShape } from './line-shape.js';
import { headLines } from './head.js';
import { choosePlan, describeMapping, dotted, entrySource, type MapSpec, type Mapping, type Plan } from './mapping.js';
import { detectProfile, OTLP_DOCUMENT_HEAD, profileByName, PROFILES, underEnvelope, type Profile } from './profiles.js';
import { shiftPastGaps } from './positions.js';
import {
  fieldsReader,
  linesAt,
  otlpSpans,
  REJECT_SCANS_TABLE,
  REJECTS_TABLE,
  reader,
  sampleRecords,
  tableColumns,
  type Reader,
} from './reader.js';
import { conditionParams, sourceSql } from './source.js';
import { EXCHANGE_COLUMNS } from './schema.js';
import { typedColumns, typedRead } from './typed-read.js';

export interface FileResult {
  path: string;
  sha256: string;
  format: string;
  compression: string;
  mapping: Record<string, string>;
  /** The export profile the file was read with (`generic`: names and aliases only). */
  profile: string;
  /** The account_id candidate that holds a value in most sampled records, and its kind. */
  caller: string | null;
  records: number;
  loaded: number;
  rejected: number;
  duplicates: number;
  /** Rows the plan's row filter says are not exchanges (a trace's other spans, a log's other rows). */
  filtered: number;
  /** Rows merged into the row they pair with (a response row into its request row). */
  paired: number;
  /** Field names of the sampled records (the candidates a mapping could use), for messages. */
  fields: string[];
  /** True when a file with the same SHA-256 was loaded before (this run or an earlier one of --db). */
  alreadyLoaded: boolean;
  /**
   * How the records were parsed: by DuckDB's JSON reader (`fields`), column by column from a
   * Parquet or CSV/TSV file (`typed`), or line by line (`lines`).
   */
  reader: 'fields' | 'typed' | 'lines';
}

const COLUMNS = EXCHANGE_COLUMNS.map((c) => c.name);
const INPUT_COLUMNS =
  'path, sha256, format, records, loaded, rejected, duplicates, loaded_at, compression, mapping, profile, caller, filtered, paired';

type Params = Record<string, string | ReturnType<typeof listValue>>;

function listParams(values: Record<string, readonly string[]>): Record<string, ReturnType<typeof listValue>> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, listValue([...v])]));
}

/**
 * The file's export profile: `--format` when given, else the one its first records fit. A
 * pretty-printed OTLP/JSON document has no line that is a record; its head names it.
 */
async function chooseProfile(
  ctx: Context,
  file: InputFile,
  abs: string,
  format: Format,
  compression: Compression,
  columns: readonly string[],
): Promise<Profile | undefined> {
  const asked = ctx.options.format;
  if (asked !== undefined) {
    if (asked === 'generic') return undefined;
    const profile = profileByName(asked);
    if (!profile)
      throw new UserError(`--format ${asked}: not a profile (one of: generic, ${PROFILES.map((p) => p.name).join(', ')})`, 'usage');
    return profile;
  }
  if (FORMATS[format].jsonText) {
    const head = await headLines(abs, compression, 2);
    if (head && OTLP_DOCUMENT_HEAD.test(head.join('\n'))) return profileByName('otlp-genai');
  }
  const sample = await readerStep(file, () => sampleRecords(ctx.db, abs, format, compression, columns));
  const found = detectProfile(new Set([...sample.fields, ...sample.inText].map((f) => dotted(f).toLowerCase())));
  return found && (found.envelope ? underEnvelope(found.profile, found.envelope) : found.profile);
}

/**
 * Rows that pair (a request row and its response row with one id, `Plan.pairBy`) become one
 * record: their JSON objects merged (RFC 7396, objects merged deeply; where both rows hold a
 * value the earlier row's wins, so the request's time is the exchange's), at the position of
 * the first. Rows without the id stay as they are. Writes
 * `da_pairs (n, line)` and returns how many rows were merged into another.
 */
async function pairRows(ctx: Context, read: Reader, plan: Plan): Promise<number> {
  const root = (top: string) => `try(json_extract(line, ${quoteString(jsonPath([top]))}))`;
  const key = sourceSql(plan.pairBy!, root);
  // Rows of a companion table (`Profile.companionOf`) staged earlier join in by key, merged first
  // so the file's own rows win. A member that is empty or null never erases the one before it:
  // a row holding only the response does not blank the request's fields (RFC 7396 would).
  const companions = (await tableExists(ctx.db, COMPANIONS))
    ? `UNION ALL SELECT NULL, line, k, true FROM ${COMPANIONS} WHERE of = $of`
    : '';
  // A field split into chunks (`Profile.chunks`): its pieces joined in order, replacing the
  // merged value when there were several.
  const chunks = plan.profile?.chunks;
  const piece = (f: string) => `nullif(try(json_extract_string(line, ${quoteString(jsonPath([f]))})), '')`;
  const order = chunks ? `TRY_CAST(try(json_extract_string(line, ${quoteString(jsonPath([chunks.order]))})) AS DOUBLE)` : '';
  const pieces = (chunks?.fields ?? [])
    .map(
      (f, i) => `, string_agg(${piece(f)}, '' ORDER BY ${order}, n) FILTER (WHERE NOT companion) AS c${i},
           count(${piece(f)}) FILTER (WHERE NOT companion) AS k${i}`,
    )
    .join('');
  const joined = (chunks?.fields ?? []).reduce(
    (acc, f, i) => `CASE WHEN k${i} > 1 THEN json_merge_patch(${acc}, json_object(${quoteString(f)}, c${i}))::VARCHAR ELSE ${acc} END`,
    'line',
  );
  await ctx.db.run(
    `CREATE OR REPLACE TEMP TABLE da_pairs AS
    SELECT n, ${joined} AS line, merged FROM (
    SELECT min(n) AS n, list_reduce(list(da_drop_empty(line::JSON)::VARCHAR ORDER BY companion DESC, n DESC), lambda a, b: json_merge_patch(a, b)::VARCHAR) AS line,
           count(*) FILTER (WHERE NOT companion) - 1 AS merged${pieces}
      FROM (SELECT n + ${read.headerLines} AS n, line, ${key} AS k, false AS companion FROM (${read.relation}) ${companions})
     GROUP BY coalesce('k' || k, '#' || n)
    HAVING count(*) FILTER (WHERE NOT companion) > 0)`,
    companions ? { of: plan.profile!.name } : {},
  );
  return ctx.db.value<number>('SELECT coalesce(sum(merged), 0)::BIGINT FROM da_pairs');
}

/** Rows of companion tables, waiting for the files they join: (of, k, line, file). */
const COMPANIONS = 'da_companions';

/**
 * A file whose profile is a companion table (`Profile.companionOf`): its rows are kept in
 * `da_companions` for the files of the profile they join (loaded after it, whatever the path
 * order) and its `inputs` row counts them as not exchanges. Undefined: not a companion file.
 */
export async function stageCompanionFile(ctx: Context, file: InputFile, detected: Detected): Promise<FileResult | undefined> {
  if (detected.empty || !FORMATS[detected.format].companion) return undefined;
  const { db } = ctx;
  const columns = FORMATS[detected.format].namedColumns
    ? await readerStep(file, () => tableColumns(db, file.abs, detected.format, detected.compression))
    : [];
  const profile = await chooseProfile(ctx, file, file.abs, detected.format, detected.compression, columns);
  if (!profile?.companionOf || !profile.pairBy) return undefined;
  const { sha256, problem } = await digestFile(file.abs, detected.compression, false);
  if (problem) throw new UserError(problem, 'input-corrupt', file.path);
  const read = reader(file.abs, detected.format, detected.compression, columns);
  const root = (top: string) => `try(json_extract(line, ${quoteString(jsonPath([top]))}))`;
  const key = sourceSql(entrySource(profile.pairBy), root);
  await db.run(`CREATE TEMP TABLE IF NOT EXISTS ${COMPANIONS} (of VARCHAR, k VARCHAR, line VARCHAR, file VARCHAR)`);
  await readerStep(file, () =>
    db.run(`INSERT INTO ${COMPANIONS} SELECT $of, ${key}, line, $file FROM (${read.relation}) WHERE ${key} IS NOT NULL`, {
      of: profile.companionOf!,
      file: file.path,
    }),
  );
  const records = await db.value<number>(`SELECT count(*) FROM (${read.relation})`);
  const result: FileResult = {
    path: file.path,
    sha256,
    format: detected.format,
    compression: detected.compression,
    mapping: { join: `${profile.pairBy.join(' | ')} → ${profile.companionOf}` },
    fields: [],
    profile: profile.name,
    caller: null,
    records,
    loaded: 0,
    rejected: 0,
    duplicates: 0,
    filtered: records,
    paired: 0,
    alreadyLoaded: false,
    reader: 'lines',
  };
  await db.run(
    `INSERT INTO inputs (${INPUT_COLUMNS}) VALUES ($path, $sha, $format, $records, 0, 0, 0, $at::TIMESTAMP, $compression, $mapping, $profile, NULL, $records, 0)`,
    {
      path: file.path,
      sha: sha256,
      format: detected.format,
      records,
      at: ctx.now.toISOString(),
      compression: detected.compression,
      mapping: JSON.stringify(result.mapping),
      profile: profile.name,
    },
  );
  return result;
}

/**
 * Loads one exchange file: every record ends loaded, rejected (into `quarantine`) or duplicate,
 * and the three add up to the records read. The file's rows land in one transaction with its
 * `inputs` row, so a kept database never holds half a file.
 */
export async function loadExchangeFile(ctx: Context, file: InputFile, detected: Detected, explicit: MapSpec): Promise<FileResult> {
  const { db } = ctx;
  const linesMatter = FORMATS[detected.format].lineRecords && detected.compression !== 'zstd';
  const digest = digestFile(file.abs, detected.compression, linesMatter);
  digest.catch(() => undefined);
  let readPath = file.abs;
  let scratch: string | undefined;
  let scratchShape: LineShape | undefined;
  try {
    if (FORMATS[detected.format].viaJsonLines) {
      scratch = join(await scratchDir(ctx), `arrow-${process.pid}-${Date.now()}.jsonl`);
      scratchShape = await arrowToJsonLines(file.abs, file.path, scratch);
      readPath = scratch;
    }
    if (detected.empty) {
      // A damaged compressed file can look empty from its head: the digest read the whole of it.
      const whole = await digest;
      if (whole.problem) throw new UserError(whole.problem, 'input-corrupt', file.path);
      return await recordEmpty(ctx, file, detected, whole);
    }
    const compression = scratch ? 'none' : detected.compression;
    const format = scratch ? 'jsonl' : detected.format;
    const columns = FORMATS[format].namedColumns ? await readerStep(file, () => tableColumns(db, readPath, format, compression)) : [];
    const profile = await chooseProfile(ctx, file, readPath, format, compression, columns);
    const spans = profile?.records === 'otlp-spans' ? otlpSpans(readPath, compression) : undefined;
    const sample = await readerStep(file, () => sampleRecords(db, readPath, format, compression, columns, spans));
    let plan: Plan;
    try {
      plan = choosePlan(EXCHANGE_COLUMNS, sample, explicit, profile);
    } catch (err) {
      throw new UserError(`--map: ${(err as Error).message}`, 'map-invalid', ctx.options.map);
    }
    const { mapping, where } = plan;
    const fields = sample.fields;
    requireColumns(file, mapping, fields.map(dotted), fields.length);
    const described = {
      fields: [...fields, ...sample.inText].map(dotted),
      profile: profile?.name ?? 'generic',
      caller: plan.caller?.path ?? null,
    };
    const params = { file: file.path, ...listParams(conditionParams(where)) };
    // With inputs from earlier runs on record (--db) a repeated file is likely: wait for its hash
    // before reading it rather than parse a file that adds nothing. Otherwise the hash is taken
    // while DuckDB reads, and checked after.
    if ((await db.value<number>('SELECT count(*) FROM inputs WHERE loaded_at <> $now::TIMESTAMP', { now: ctx.now.toISOString() })) > 0) {
      const early = await digest;
      if (!early.problem && (await db.value<number>('SELECT count(*) FROM inputs WHERE sha256 = $sha', { sha: early.sha256 })) > 0) {
        return {
          path: file.path,
          sha256: early.sha256,
          format: detected.format,
          compression: detected.compression,
          mapping: describeMapping(mapping),
          ...described,
          records: 0,
          loaded: 0,
          rejected: 0,
          duplicates: 0,
          filtered: 0,
          paired: 0,
          alreadyLoaded: true,
          reader: 'lines',
        };
      }
    }
    const plain = reader(readPath, format, compression, columns);
    const read: Reader = spans ? { relation: spans, headerLines: 0, collectsRejects: false } : plain;
    const paired = plan.pairBy ? await pairRows(ctx, read, plan) : undefined;

    await db.run(`DROP TABLE IF EXISTS ${REJECTS_TABLE}; DROP TABLE IF EXISTS ${REJECT_SCANS_TABLE}`);
    const staging = await stagingPlace(ctx);
    const shape = scratch
      ? Promise.resolve(scratchShape)
      : digest.then(
          (d) => (d.problem ? undefined : d.shape),
          () => undefined,
        );
    // Spans and paired rows are records made from the file's rows: they are read line by line.
    const rowsAreRecords = !spans && !paired;
    const byFields =
      rowsAreRecords &&
      (linesMatter || scratchShape !== undefined) &&
      mapping.request_id !== undefined &&
      (await stageFields(ctx, staging, readPath, compression, plan, shape, params));
    // `lineByLine` asks for the reference read for comparisons (tests, a doubted typed read).
    const byColumns =
      rowsAreRecords &&
      !byFields &&
      ctx.options.lineByLine !== true &&
      FORMATS[format].typedRead &&
      (await stageTyped(ctx, staging, readPath, format, compression, columns, plan, params));
    if (!byFields && !byColumns) {
      const relation = paired ? 'SELECT n, line FROM da_pairs' : `SELECT n + ${read.headerLines} AS n, line FROM (${read.relation})`;
      await readerStep(file, () =>
        db.run(
          `CREATE OR REPLACE ${staging.temp ? 'TEMP ' : ''}TABLE da_staged AS
           ${stagingSelect(coerceSql({ kind: 'line', relation }, EXCHANGE_COLUMNS, mapping, 'request_id', where))}`,
          params,
        ),
      );
    }
    const { sha256, problem } = await digest;
    if (problem) throw new UserError(problem, 'input-corrupt', file.path);
    const rejectsByReader = !byFields && read.collectsRejects ? await placeReaderRejects(ctx, read.headerLines) : 0;

    const result: FileResult = {
      path: file.path,
      sha256,
      format: detected.format,
      compression: detected.compression,
      mapping: describeMapping(mapping),
      ...described,
      records: 0,
      loaded: 0,
      rejected: 0,
      duplicates: 0,
      filtered: 0,
      paired: paired ?? 0,
      alreadyLoaded: false,
      reader: byFields ? 'fields' : byColumns ? 'typed' : 'lines',
    };
    const known = await db.value<number>('SELECT count(*) FROM inputs WHERE sha256 = $sha', { sha: sha256 });
    if (known > 0) {
      result.alreadyLoaded = true;
      return result;
    }
    await markDuplicates(ctx);
    const counts = (await db.one<{ records: number; rejected: number; duplicates: number; filtered: number }>(
      `SELECT count(*) + $extra + $paired AS records,
              count(*) FILTER (WHERE reason IS NOT NULL AND reason <> $filtered) + $extra AS rejected,
              count(*) FILTER (WHERE reason = $filtered) AS filtered,
              (SELECT count(*) FROM da_duplicates) AS duplicates
         FROM da_staged`,
      { extra: rejectsByReader, paired: result.paired, filtered: NOT_AN_EXCHANGE },
    ))!;
    result.records = counts.records;
    result.rejected = counts.rejected;
    result.duplicates = counts.duplicates;
    result.filtered = counts.filtered;
    result.loaded = counts.records - counts.rejected - counts.duplicates - counts.filtered - result.paired;
    await db.run(
      `CREATE OR REPLACE TEMP TABLE da_rejected AS SELECT source_line, reason, raw FROM da_staged WHERE reason IS NOT NULL AND reason <> $filtered`,
      { filtered: NOT_AN_EXCHANGE },
    );
    const swap = staging.swappable && (await becomesTable(ctx));
    await db.run('BEGIN TRANSACTION');
    try {
      await db.run(`INSERT INTO quarantine SELECT $file, source_line, reason, raw FROM da_rejected`, { file: file.path });
      if (rejectsByReader > 0) {
        await db.run(`INSERT INTO quarantine SELECT $file, line, reason, raw FROM da_reader_rejects`, { file: file.path });
      }
      if (swap) {
        await db.run('DROP TABLE loaded_exchanges; ALTER TABLE da_staged RENAME TO loaded_exchanges');
      } else {
        await db.run(
          `INSERT INTO loaded_exchanges
           SELECT ${COLUMNS.join(', ')}, source_file, source_line FROM da_staged
            WHERE reason IS NULL AND source_line NOT IN (SELECT n FROM da_duplicates)`,
        );
      }
      await db.run(
        `INSERT INTO inputs (${INPUT_COLUMNS}) VALUES ($path, $sha, $format, $records, $loaded, $rejected, $duplicates, $at::TIMESTAMP, $compression, $mapping,
                                 $profile, $caller, $filtered, $paired)`,
        {
          path: file.path,
          sha: sha256,
          format: result.format,
          records: result.records,
          loaded: result.loaded,
          rejected: result.rejected,
          duplicates: result.duplicates,
          at: ctx.now.toISOString(),
          compression: result.compression,
          mapping: JSON.stringify(result.mapping),
          profile: result.profile,
          caller: result.caller,
          filtered: result.filtered,
          paired: result.paired,
        },
      );
      await db.run('COMMIT');
    } catch (err) {
      await db.run('ROLLBACK');
      throw err;
    }
    return result;
  } catch (err) {
    // A cut-off gzip file shows first as odd content; name the real cause.
    const problem = await digest.then(
      (d) => d.problem,
      () => undefined,
    );
    if (problem) throw new UserError(problem, 'input-corrupt', file.path);
    throw err;
  } finally {
    await db.run(`DROP TABLE IF EXISTS da_staged; DROP TABLE IF EXISTS da_duplicates; DROP TABLE IF EXISTS da_reader_rejects;
      DROP TABLE IF EXISTS da_need_lines; DROP TABLE IF EXISTS da_lines; DROP TABLE IF EXISTS da_rejected; DROP TABLE IF EXISTS da_empty_lines;
      DROP TABLE IF EXISTS da_gap_shift; DROP TABLE IF EXISTS da_pairs`);
    if (scratch) rmSync(scratch, { force: true });
  }
}

/**
 * The fast way in for JSON Lines: DuckDB's JSON reader parses every record (`fieldsReader`) and
 * `lines` (the digest's read, or the Arrow copy's writer) tells whether every line is empty or
 * holds one object, so that ordinals map to lines. When the reader refuses the file (a line of
 * garbage, bad UTF-8, a duplicate key...) or the lines do not line up, returns false and the
 * line-by-line read decides, record by record. Records the fields read rejects, or that need
 * their text's hash for a `request_id`, get their line from one more read of the file, made only
 * when there are such records.
 */
async function stageFields(
  ctx: Context,
  staging: Staging,
  abs: string,
  compression: Compression,
  plan: Plan,
  lines: Promise<LineShape | undefined>,
  params: Params,
): Promise<boolean> {
  const { db } = ctx;
  const { mapping, where } = plan;
  const slots = fieldSlots(EXCHANGE_COLUMNS, mapping);
  const relation = fieldsReader(
    abs,
    compression,
    slots.map((c) => mapping[c.name]!),
    where,
  );
  if (!relation) return false;
  // Records are numbered by their place in the staging table: only while DuckDB keeps a scan's order.
  if ((await db.value<boolean>("SELECT current_setting('preserve_insertion_order')")) !== true) return false;
  try {
    await db.run(
      `CREATE OR REPLACE ${staging.temp ? 'TEMP ' : ''}TABLE da_staged AS ${stagingSelect(coerceSql({ kind: 'fields', relation, keeps: where.length > 0 }, EXCHANGE_COLUMNS, mapping, 'request_id'))}`,
      params,
    );
  } catch {
    // The reader's refusals (bad JSON, bad UTF-8, a duplicate key, a field name DuckDB cannot
    // take as a column) all mean the same here: the line-by-line read decides, and names the
    // problems record by record.
    return false;
  }
  // The rows were written in file order (DuckDB keeps a scan's order in CREATE TABLE AS): a
  // record's ordinal is its row's place in the table.
  await db.run('UPDATE da_staged SET source_line = rowid + 1');
  const shape = await lines;
  const records = await db.value<number>('SELECT count(*) FROM da_staged');
  if (!shape?.everyLineAnObject || shape.lines - shape.emptyLines.length !== records) return false;
  if (shape.emptyLines.length > 0) await shiftPastEmptyLines(ctx, shape.emptyLines);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE da_need_lines AS SELECT source_line AS n FROM da_staged
    WHERE (reason IS NOT NULL AND reason <> $filtered) OR (reason IS NULL AND request_id IS NULL)`,
    { filtered: NOT_AN_EXCHANGE },
  );
  const needed = await db.value<number>('SELECT count(*) FROM da_need_lines');
  if (needed > 0) {
    await db.run(`CREATE OR REPLACE TEMP TABLE da_lines AS ${linesAt(abs, compression, 'SELECT n FROM da_need_lines')}`);
    const found = await db.value<number>('SELECT count(*) FROM da_lines');
    if (found !== needed) throw new Error(`${found} of ${needed} lines found again in ${abs}`);
    await db.run(`UPDATE da_staged
       SET raw = CASE WHEN da_staged.reason IS NOT NULL THEN l.line END,
           request_id = coalesce(da_staged.request_id, 'h_' || left(sha256(l.line), 32))
      FROM da_lines l WHERE l.n = da_staged.source_line`);
  }
  return true;
}

/**
 * The way in for Parquet and CSV/TSV (`typedRead`): the mapped columns read as they are, the
 * row's JSON text made only for records that need it. Any refusal (a type, a name, a reader
 * error) returns false, with the reject tables cleared, and the line-by-line read decides.
 */
async function stageTyped(
  ctx: Context,
  staging: Staging,
  abs: string,
  format: Format,
  compression: Compression,
  names: readonly string[],
  plan: Plan,
  params: Params,
): Promise<boolean> {
  const { db } = ctx;
  const { mapping, where } = plan;
  const columns = await typedColumns(db, abs, format, compression, names);
  const slots = fieldSlots(EXCHANGE_COLUMNS, mapping);
  const read =
    columns &&
    typedRead(
      abs,
      format,
      compression,
      columns,
      slots.map((c) => ({ path: mapping[c.name]!, type: c.type })),
      where,
    );
  if (!read) return false;
  try {
    await db.run(
      `CREATE OR REPLACE ${staging.temp ? 'TEMP ' : ''}TABLE da_staged AS
       ${stagingSelect(coerceSql({ kind: 'fields', relation: read.relation, record: read.record, typed: read.typed, keeps: where.length > 0 }, EXCHANGE_COLUMNS, mapping, 'request_id'))}`,
      params,
    );
    return true;
  } catch {
    await db.run(`DROP TABLE IF EXISTS da_staged; DROP TABLE IF EXISTS ${REJECTS_TABLE}; DROP TABLE IF EXISTS ${REJECT_SCANS_TABLE}`);
    return false;
  }
}

/**
 * Where a file's records wait while they are judged (`da_staged`). `temp`: with a database kept
 * by --db, a temporary table (nothing staged reaches the file), whose loaded rows are then copied
 * into `loaded_exchanges`. `swappable`: in memory, an ordinary table, so that when
 * `loaded_exchanges` is still empty and has exactly the staged columns (`becomesTable`: the first
 * file that loads anything, not always the run's first file) it becomes `loaded_exchanges` by
 * name and its rows, the bulk of the data, are not copied; otherwise they are copied as with --db.
 */
interface Staging {
  temp: boolean;
  swappable: boolean;
}

async function stagingPlace(ctx: Context): Promise<Staging> {
  const path = await ctx.db.value<string | null>('SELECT path FROM duckdb_databases() WHERE database_name = current_database()');
  const inMemory = !path;
  return { temp: !inMemory, swappable: inMemory };
}

/** The staging table's columns: `loaded_exchanges`' own, in its order, then `reason` and `raw`. */
function stagingSelect(coerced: string): string {
  const columns = EXCHANGE_COLUMNS.map((c) => `CAST(${c.name} AS ${c.type}) AS ${c.name}`).join(', ');
  return `SELECT ${columns}, CAST($file AS VARCHAR) AS source_file, CAST(n AS BIGINT) AS source_line, reason, raw FROM (${coerced})`;
}

/**
 * Turns the staging table into the loaded rows alone when `loaded_exchanges` is empty and has
 * exactly the staged columns: rejected and duplicate records are deleted and the judging columns
 * dropped (DuckDB drops a column without rewriting the others), ready to be renamed in the
 * file's transaction. Done before that transaction because DuckDB refuses to commit a
 * transaction that both deletes from a table and alters it.
 */
async function becomesTable(ctx: Context): Promise<boolean> {
  const { db } = ctx;
  if ((await db.value<number>('SELECT count(*) FROM loaded_exchanges')) > 0) return false;
  const shape = `SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY column_index) FROM duckdb_columns() WHERE table_name = $t AND schema_name = 'main'`;
  const staged = await db.value<string>(shape, { t: 'da_staged' });
  const target = await db.value<string>(shape, { t: 'loaded_exchanges' });
  if (staged !== `${target}, reason VARCHAR, raw VARCHAR`) return false;
  await db.run(`DELETE FROM da_staged WHERE reason IS NOT NULL OR source_line IN (SELECT n FROM da_duplicates)`);
  await db.run('ALTER TABLE da_staged DROP COLUMN reason; ALTER TABLE da_staged DROP COLUMN raw');
  return true;
}

/**
 * The JSON reader numbers records, skipping empty lines; their lines are the ordinals shifted
 * past the empty lines before them. Empty line j (0-based, by line) has `line_j - 1 - j` records
 * before it.
 */
async function shiftPastEmptyLines(ctx: Context, empty: readonly number[]): Promise<void> {
  await ctx.db.run(
    `CREATE OR REPLACE TEMP TABLE da_empty_lines AS
       SELECT line - 1 - (row_number() OVER (ORDER BY line) - 1) AS t FROM (SELECT unnest($lines::BIGINT[]) AS line)`,
    { lines: listValue(empty.map((n) => BigInt(n))) },
  );
  await shiftPastGaps(ctx.db, 'SELECT t FROM da_empty_lines');
}

/** An empty file is an input like any other: recorded with its hash and zero records. */
async function recordEmpty(ctx: Context, file: InputFile, detected: Detected, digest: { sha256: string }): Promise<FileResult> {
  const result: FileResult = {
    path: file.path,
    sha256: digest.sha256,
    format: detected.format,
    compression: detected.compression,
    mapping: {},
    profile: 'generic',
    caller: null,
    fields: [],
    records: 0,
    loaded: 0,
    rejected: 0,
    duplicates: 0,
    filtered: 0,
    paired: 0,
    alreadyLoaded: false,
    reader: 'lines',
  };
  const known = await ctx.db.value<number>('SELECT count(*) FROM inputs WHERE sha256 = $sha', { sha: digest.sha256 });
  if (known > 0) return { ...result, alreadyLoaded: true };
  await ctx.db.run(
    `INSERT INTO inputs (${INPUT_COLUMNS}) VALUES ($path, $sha, $format, 0, 0, 0, 0, $at::TIMESTAMP, $compression, '{}', 'generic', NULL, 0, 0)`,
    { path: file.path, sha: digest.sha256, format: detected.format, at: ctx.now.toISOString(), compression: detected.compression },
  );
  return result;
}

/**
 * Rows the reader itself refused (bad UTF-8, wrong number of CSV fields, over-long lines) go to
 * `da_reader_rejects`; the good rows' positions are then shifted past them, because DuckDB numbers
 * only the rows it returns. Reject j (0-based, by line) has t_j good records before it; good record
 * k sits after every reject with t_j < k.
 */
async function placeReaderRejects(ctx: Context, headerLines: number): Promise<number> {
  if (!(await tableExists(ctx.db, REJECTS_TABLE))) return 0;
  await ctx.db.run(`CREATE OR REPLACE TEMP TABLE da_reader_rejects AS
    SELECT line, reason, raw, line - ${headerLines} - (row_number() OVER (ORDER BY line) - 1) - 1 AS t
      FROM (SELECT line,
                   string_agg(DISTINCT CASE error_type
                     WHEN 'INVALID ENCODING' THEN 'invalid UTF-8'
                     WHEN 'LINE SIZE OVER MAXIMUM' THEN 'line longer than 64 MB'
                     ELSE lower(error_type) || ': ' || error_message END, '; ') AS reason,
                   any_value(csv_line) AS raw
              FROM ${REJECTS_TABLE} GROUP BY line)`);
  const count = await ctx.db.value<number>('SELECT count(*) FROM da_reader_rejects');
  if (count > 0) await shiftPastGaps(ctx.db, 'SELECT t FROM da_reader_rejects', headerLines);
  return count;
}

/**
 * A record is a duplicate when its request_id was loaded before, or appears earlier in this file.
 * The ids seen before are found by joining on the file's distinct ids, so the hash table is the
 * file's, not one over every row loaded so far (`IN (SELECT … FROM loaded_exchanges)` built that
 * for each file: 1.4 s against 0.2 s for a 500,000-row file after 20 M rows).
 */
async function markDuplicates(ctx: Context): Promise<void> {
  await ctx.db.run(`CREATE OR REPLACE TEMP TABLE da_duplicates AS
    WITH staged AS (
      SELECT source_line AS n, request_id, row_number() OVER (PARTITION BY request_id ORDER BY source_line) AS k
        FROM da_staged WHERE reason IS NULL
    ), seen AS (
      SELECT DISTINCT l.request_id FROM loaded_exchanges l JOIN (SELECT DISTINCT request_id FROM staged) USING (request_id)
    )
    SELECT n FROM staged WHERE k > 1 OR request_id IN (SELECT request_id FROM seen)`);
}

function requireColumns(file: InputFile, mapping: Mapping, seen: string[], sampled: number): void {
  const missing = EXCHANGE_COLUMNS.filter((c) => c.required && !mapping[c.name]).map((c) => c.name);
  if (missing.length === 0) return;
  if (sampled === 0) {
    throw new UserError('no readable record among the first lines (not JSON objects, or no header row)', 'input-unmapped', file.path);
  }
  const shown = seen.slice(0, 30).join(', ') + (seen.length > 30 ? ', …' : '');
  throw new UserError(
    `no field for ${missing.join(' and ')} among the fields of its first records (${shown}); name it with --map, e.g. {"ts": "<field>"}`,
    'input-unmapped',
    file.path,
  );
}

/** DuckDB errors while reading a file are problems of the file, named as such; errors of our SQL are not. */
async function readerStep<T>(file: InputFile, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/^(Binder|Parser|Catalog|Internal|Not implemented) Error/i.test(msg)) throw err;
    // Memory or disk running out while this file was read is no fault of the file.
    const environment = environmentError(err);
    if (environment) throw environment;
    throw new UserError(`cannot be read: ${firstLine(err)}`, 'input-corrupt', file.path);
  }
}

async function scratchDir(ctx: Context): Promise<string> {
  const dir = await ctx.db.value<string>(`SELECT current_setting('temp_directory')`);
  if (!dir) throw new Error('no temp_directory set for scratch files');
  return dir;
}
