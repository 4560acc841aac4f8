import { type DuckDBConnection, DuckDBInstance, listValue, type DuckDBValue } from '@duckdb/node-api';
import { closeSync, mkdirSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { quoteIdentifier, quoteString } from './sql.js';

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

export interface DatabaseOptions {
  /** DuckDB file to keep across runs; in-memory when absent. */
  path?: string;
  threads?: number;
  /** DuckDB size string, e.g. "8GB". */
  memoryLimit?: string;
  /** Where DuckDB spills when a query outgrows memory. */
  tempDirectory?: string;
}

/**
 * One DuckDB database and connection for a run. Rows come back as plain objects with
 * JSON-friendly values (BIGINT as number when safe, timestamps as ISO strings): this is for the
 * small, aggregated results TypeScript works on, never for streaming the exchanges table.
 */
export class Database {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(options: DatabaseOptions = {}): Promise<Database> {
    const config: Record<string, string> = {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    };
    if (options.threads) config.threads = String(options.threads);
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.tempDirectory) {
      mkdirSync(options.tempDirectory, { recursive: true });
      config.temp_directory = options.tempDirectory;
    }
    const instance = await DuckDBInstance.create(options.path ?? ':memory:', config);
    const connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    return new Database(instance, connection);
  }

  /**
   * Locks the database down: only the listed files and directories are reachable, extensions can
   * be neither installed nor loaded, and no setting can change afterwards.
   */
  async lockDown(allowed: { directories: string[]; files: string[] }): Promise<void> {
    const dirs = unique(allowed.directories.map((d) => withSep(canonical(d))));
    const files = unique(allowed.files.map(canonical));
    await this.run(`SET allowed_directories = $dirs`, { dirs: listValue(dirs) });
    // An empty list has no item type DuckDB can bind; none is the default anyway (directories only).
    if (files.length > 0) await this.run(`SET allowed_paths = $files`, { files: listValue(files) });
    await this.run('SET enable_external_access = false');
    await this.run('SET lock_configuration = true');
  }

  async run(sql: string, params?: Params): Promise<void> {
    await traced(sql, () => this.connection.run(sql, params));
  }

  async all<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await traced(sql, () => this.connection.runAndReadAll(sql, params));
    return reader.getRowObjectsJS().map(normaliseRow) as T[];
  }

  async one<T extends Row = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async value<T = unknown>(sql: string, params?: Params): Promise<T> {
    const row = await this.one(sql, params);
    return (row ? Object.values(row)[0] : undefined) as T;
  }

  /**
   * Inserts many rows in one statement: the rows travel as one bound JSON text, unpacked by
   * DuckDB (`from_json`) and cast to each column's type. A statement per row costs about 3 ms
   * each (100,000 indicator CIDRs took 313 s that way); this takes well under a second for them.
   */
  async insertMany<T extends object>(table: string, columns: readonly { name: string; type: string }[], rows: readonly T[]): Promise<void> {
    if (rows.length === 0) return;
    const shape = `[{${columns.map((c) => `${JSON.stringify(c.name)}: "VARCHAR"`).join(', ')}}]`;
    const names = columns.map((c) => quoteIdentifier(c.name)).join(', ');
    const values = columns.map((c) => `r.${quoteIdentifier(c.name)}::${c.type}`).join(', ');
    const cell = (row: T, name: string): string | null => {
      const v = (row as Record<string, unknown>)[name];
      return v === null || v === undefined ? null : String(v);
    };
    const text = JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((c) => [c.name, cell(row, c.name)]))));
    await this.run(
      `INSERT INTO ${quoteIdentifier(table)} (${names}) SELECT ${values} FROM (SELECT unnest(from_json($rows, ${quoteString(shape)})) AS r)`,
      { rows: text },
    );
  }

  /** Stops the statement running now (it fails with an interruption error). */
  interrupt(): void {
    this.connection.interrupt();
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/**
 * Refuses (exit 2) an existing file that is not a DuckDB database: DuckDB would otherwise open a
 * CSV or JSON Lines file as something else and the run would persist nothing. A database file
 * holds the magic bytes "DUCK" after an 8-byte checksum; an empty file becomes a new database.
 */
export function checkDatabaseFile(path: string): void {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UserError('is a directory, not a DuckDB database file', 'db-unreadable', path);
    size = st.size;
  } catch (err) {
    if (err instanceof UserError) throw err;
    return;
  }
  if (size === 0) return;
  const head = Buffer.alloc(12);
  let n = 0;
  try {
    const fd = openSync(path, 'r');
    try {
      n = readSync(fd, head, 0, 12, 0);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    throw new UserError(`cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 'db-unreadable', path);
  }
  if (n < 12 || head.subarray(8, 12).toString('latin1') !== 'DUCK') {
    throw new UserError(
      'is not a DuckDB database (no DuckDB header); --db names the database file a scan keeps, not an input',
      'db-unreadable',
      path,
    );
  }
}

/** The real path; for a file not there yet (a database's write-ahead log), its real parent's. */
function canonical(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return join(realpathSync(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

function withSep(dir: string): string {
  return dir.endsWith(sep) ? dir : dir + sep;
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/** BIGINT to number where exact, Date to ISO string: values that JSON and tests can compare. */
function normaliseRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = normaliseValue(value);
  return out;
}

function normaliseValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normaliseValue);
  if (value && typeof value === 'object' && value.constructor === Object) {
    return normaliseRow(value as Record<string, unknown>);
  }
  return value;
}

/**
 * DISTILL_AUDIT_TRACE=1 writes each statement's time, the process's resident memory and the
 * statement's opening words to stderr, before and after it runs: where a long scan spends its time,
 * and which statement was running when one fails (out of memory, say). Values are bound
 * parameters, so no record's text is printed.
 */
async function traced<T>(sql: string, run: () => Promise<T>): Promise<T> {
  if (!process.env.DISTILL_AUDIT_TRACE) return run();
  const head = sql.replace(/--.*$/gm, '').replace(/\s+/g, ' ').trim().slice(0, 100);
  const rss = () => `${Math.round(process.memoryUsage.rss() / 2 ** 20)} MB`;
  process.stderr.write(`trace: start ${rss()} ${head}\n`);
  const started = performance.now();
  const result = await run();
  process.stderr.write(`trace: ${((performance.now() - started) / 1000).toFixed(2)} s, ${rss()} ${head}\n`);
  return result;
}
