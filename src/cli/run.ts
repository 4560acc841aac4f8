import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Context, Logger, RunOptions } from '../context.js';
import { checkDatabaseFile, Database, type DatabaseOptions } from '../db/database.js';
import { UserError } from '../errors.js';
import { ReportBundle } from '../report/bundle.js';
import { onInterrupt, spillDirectory, sweepSpill, type SpillPurpose } from './interrupt.js';
import type { Output } from './output.js';

/** What a command adds to the database frame: its spill directory's name and the work's own files. */
export interface DatabaseFrame {
  /** Names the spill directory (`distill-audit-PID-<purpose>`), which later runs sweep once PID is gone. */
  purpose: SpillPurpose;
  /** Directories DuckDB may write besides its spill directory (a bundle's staging directory). */
  writable?: readonly string[];
  /** First, once Ctrl-C is handled: takes what the work writes to (a bundle's lock); returns leftovers it swept. */
  open?: () => string[];
  /** Undoes what the work wrote: on Ctrl-C, SIGTERM, SIGHUP and on failure. */
  abandon?: () => void;
  /** Last, whatever happened (a bundle's lock). */
  release?: () => void;
}

/**
 * The one frame every command that touches DuckDB runs in: leftovers of dead runs swept (and said
 * on `log`), the database opened with the run's engine options (`--db`, `--threads`,
 * `--memory-limit`) and a private spill directory, locked down to the run's named inputs, the
 * frame's writable directories and the spill directory, and on every way out (return, error,
 * Ctrl-C, SIGTERM, SIGHUP) closed, with the spill directory removed and `abandon` / `release` run.
 * A `--db` file that is not a DuckDB database, or is held by another process, is the user's error
 * (exit 2).
 */
export async function withDatabase<T>(
  options: RunOptions,
  log: Logger,
  frame: DatabaseFrame,
  work: (ctx: Context) => Promise<T>,
): Promise<T> {
  const spill = spillDirectory(frame.purpose);
  const cleanup = (): void => {
    frame.abandon?.();
    rmSync(spill, { recursive: true, force: true });
  };
  let db: Database | undefined;
  const stopHandlers = onInterrupt(cleanup, () => db?.interrupt());
  try {
    for (const path of [...sweepSpill(), ...(frame.open?.() ?? [])]) log.info(`removed ${path}, left by a run that did not finish`);
    db = await openDatabase(options.db, { threads: options.threads, memoryLimit: options.memoryLimit, tempDirectory: spill });
    await db.lockDown(allowedPaths(options, [...(frame.writable ?? []), spill]));
    return await work({ db, options, log, now: runClock(), timings: [] });
  } catch (err) {
    frame.abandon?.();
    throw err;
  } finally {
    db?.close();
    rmSync(spill, { recursive: true, force: true });
    frame.release?.();
    stopHandlers();
  }
}

/**
 * `withDatabase` for a run that writes a directory (`scan`'s and `report`'s bundle, `features`'
 * partial): the directory checked before any work and written atomically (`ReportBundle`), its
 * staging directory the one place DuckDB may write besides its spill. `work` returns the exit code
 * and commits the bundle when it succeeds; a disk that fills while writing it is exit 2.
 */
export async function withRunDirectory(
  options: RunOptions,
  output: Output,
  noun: string,
  work: (ctx: Context, bundle: ReportBundle) => Promise<number>,
): Promise<number> {
  const bundle = new ReportBundle(options.out, options.force, noun);
  bundle.checkWritable(namedPaths(options));
  try {
    return await withDatabase(
      options,
      output,
      {
        purpose: 'spill',
        writable: [bundle.staging],
        open: () => bundle.open(),
        abandon: () => bundle.abandon(),
        release: () => bundle.release(),
      },
      (ctx) => work(ctx, bundle),
    );
  } catch (err) {
    throw outputError(err, bundle.target) ?? err;
  }
}

/** Node's write errors carry no path; during a run the files written from Node are the bundle's. */
function outputError(err: unknown, target: string): UserError | undefined {
  const code = (err as NodeJS.ErrnoException).code;
  const cause = code === 'ENOSPC' ? 'no space left on the device' : code === 'EDQUOT' ? 'disk quota exceeded' : undefined;
  if (!cause || (err as NodeJS.ErrnoException).path) return undefined;
  return new UserError(`cannot write ${target}: ${cause} (nothing was replaced; free space or write --out elsewhere)`, 'disk-full');
}

/**
 * Opens the run's database. A kept one (--db) is the user's file: one that is not a DuckDB
 * database (a CSV, a log, a Parquet file named by mistake) or that another process holds is
 * refused (exit 2) before DuckDB touches it; an in-memory one failing is our bug.
 */
export async function openDatabase(path: string | undefined, options: Omit<DatabaseOptions, 'path'>): Promise<Database> {
  if (path) checkDatabaseFile(path);
  try {
    return await Database.open({ ...options, path });
  } catch (err) {
    if (options.tempDirectory) rmSync(options.tempDirectory, { recursive: true, force: true });
    if (!path) throw err;
    const message = (err as Error).message.split('\n')[0] ?? '';
    const holder = /Conflicting lock is held in .*\(PID (\d+)\)/.exec(message);
    if (holder)
      throw new UserError(
        `database is in use by process ${holder[1]} (another scan, report or explain); wait for it to finish`,
        'db-busy',
        path,
      );
    throw new UserError(`cannot open as a DuckDB database: ${message}`, 'db-unreadable', path);
  }
}

/** Every path the user named for this run: the report directory may not hold any of them. */
export function namedPaths(options: RunOptions): string[] {
  return [
    ...options.paths,
    ...(options.partials ?? []),
    options.map,
    options.accounts,
    options.indicators,
    options.db,
    ...options.rules,
    options.allowlist,
  ].filter((p): p is string => typeof p === 'string' && p !== '');
}

/** SOURCE_DATE_EPOCH (seconds) pins the report's clock, as reproducible builds do. */
export function runClock(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date();
}

/**
 * What DuckDB may touch once locked: the inputs the user named, the staging output and spill space.
 * Side files (`--map`, `--accounts`, `--indicators`) are allowed by exact path; a kept database
 * (`--db`) as the file itself and its write-ahead log, never the directory it sits in (that may be
 * a home directory). Symbolic links met in a directory walk are checked by the walk itself.
 */
export function allowedPaths(options: RunOptions, writable: string[]): { directories: string[]; files: string[] } {
  const directories = [...writable];
  const files: string[] = [];
  for (const p of [...options.paths, ...(options.partials ?? []), options.map, options.accounts, options.indicators, ...options.rules]) {
    if (!p) continue;
    const abs = resolve(p);
    if (existsSync(abs)) (statSync(abs).isDirectory() ? directories : files).push(abs);
    else directories.push(globBase(abs));
  }
  if (options.db) files.push(...databaseFiles(options.db));
  return { directories, files };
}

/** A DuckDB database file and the write-ahead log DuckDB keeps beside it (its spill goes elsewhere). */
export function databaseFiles(db: string): string[] {
  const abs = resolve(db);
  return [abs, `${abs}.wal`];
}

function globBase(pattern: string): string {
  const cut = pattern.search(/[*?[{]/);
  if (cut < 0) {
    if (!existsSync(pattern)) throw new UserError(`${pattern}: no such file or directory`, 'input-missing', pattern);
    return dirname(pattern);
  }
  return dirname(pattern.slice(0, cut) + 'x');
}
