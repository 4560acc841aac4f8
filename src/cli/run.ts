import { existsSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Context, RunOptions } from '../context.js';
import { Database } from '../db/database.js';
import { UserError } from '../errors.js';
import { ReportBundle } from '../report/bundle.js';
import type { Output } from './output.js';

/**
 * The frame of a run that writes a directory (`scan`'s report bundle, `features`' partial): the
 * directory checked before any work and written atomically, DuckDB opened with the run's engine
 * options and locked to the inputs, the staging directory and a private spill directory, which is
 * removed whatever happens. A `--db` file that is not a DuckDB database is the user's error (exit 2). `work` returns the exit code and commits the bundle when it succeeds.
 */
export async function withRunDirectory(options: RunOptions, output: Output, noun: string,
  work: (ctx: Context, bundle: ReportBundle) => Promise<number>): Promise<number> {
  const bundle = new ReportBundle(options.out, options.force, noun);
  bundle.checkWritable();
  const spill = join(tmpdir(), `distill-audit-${process.pid}-spill`);
  let db: Database;
  try {
    db = await Database.open({ path: options.db, threads: options.threads, memoryLimit: options.memoryLimit, tempDirectory: spill });
  } catch (err) {
    rmSync(spill, { recursive: true, force: true });
    // Only a kept database (--db) is the user's file; an in-memory one failing is our bug.
    if (!options.db) throw err;
    throw new UserError(`cannot open as a DuckDB database: ${(err as Error).message.split('\n')[0]}`, 'db-unreadable', options.db);
  }
  try {
    bundle.open();
    await db.lockDown(allowedPaths(options, [bundle.staging, spill]));
    return await work({ db, options, log: output, now: runClock(), timings: [] }, bundle);
  } catch (err) {
    bundle.abandon();
    throw outputError(err, bundle.target) ?? err;
  } finally {
    db.close();
    rmSync(spill, { recursive: true, force: true });
  }
}

/** Node's write errors carry no path; during a run the files written from Node are the bundle's. */
function outputError(err: unknown, target: string): UserError | undefined {
  const code = (err as NodeJS.ErrnoException).code;
  const cause = code === 'ENOSPC' ? 'no space left on the device' : code === 'EDQUOT' ? 'disk quota exceeded' : undefined;
  if (!cause || (err as NodeJS.ErrnoException).path) return undefined;
  return new UserError(`cannot write ${target}: ${cause} (nothing was replaced; free space or write --out elsewhere)`, 'disk-full');
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
