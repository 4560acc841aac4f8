import {
  type Stats,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { FileLock, processAlive } from '../lock.js';

/** What marks a directory as one we wrote: report.json of a report, manifest.json of a partial. */
const OURS = [
  { file: 'report.json', schema: /^distill-audit\/report@/, kind: 'report bundle' },
  { file: 'manifest.json', schema: /^distill-audit\/partial@/, kind: 'partial (features output)' },
  { file: 'manifest.json', schema: /^distill-audit\/shards@/, kind: 'shard set (shard output)' },
] as const;

/**
 * What output of ours the directory `dir` is ('report bundle', 'partial (features output)'), by
 * the schema named in its report.json or manifest.json; undefined when it is none.
 */
export function bundleKind(dir: string): (typeof OURS)[number]['kind'] | undefined {
  return OURS.find(({ file, schema }) => schemaOf(join(dir, file), schema))?.kind;
}

/**
 * A report directory written atomically: files go into a staging directory beside the target,
 * which replaces the target only once everything is written. A failed run leaves the old report
 * (or nothing) and no half-written files. One run at a time writes a target (a lock file beside
 * it); staging directories of runs that died (kill -9) are swept by the next run.
 */
export class ReportBundle {
  readonly target: string;
  readonly staging: string;
  private lock: FileLock | undefined;

  constructor(
    out: string,
    private readonly force: boolean,
    private readonly noun = 'report directory',
  ) {
    this.target = resolve(out);
    this.staging = join(dirname(this.target), `${stagingPrefix(this.target)}${process.pid}`);
  }

  /**
   * Fails early, before any work, when the target exists and may not be replaced: without
   * --force, or with it when the target is anything but an empty directory or one holding an
   * earlier report or partial (`replaceable`). `inputs` are the run's own files, which the
   * target may not hold. Then takes the target's lock.
   */
  checkWritable(inputs: readonly string[] = []): void {
    if (exists(this.target)) {
      if (!this.force) throw new UserError(`${this.noun} ${this.target} already exists; use --force to replace it`, 'out-exists');
      const why = notReplaceable(this.target, inputs);
      if (why)
        throw new UserError(
          `${this.noun} ${this.target} ${why}; --force replaces only an empty directory or one holding an earlier report`,
          'out-not-ours',
        );
    }
    try {
      mkdirSync(dirname(this.target), { recursive: true });
    } catch (err) {
      throw new UserError(`cannot create ${dirname(this.target)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 'out-unwritable');
    }
    this.lock ??= FileLock.acquire(join(dirname(this.target), `.${basename(this.target)}.lock`), `${this.noun} ${this.target}`);
  }

  /**
   * Makes the staging directory, after sweeping what runs that died left beside the target:
   * their staging directories, and the earlier report one of them had moved aside to commit
   * (put back when the target is missing). Returns the paths swept.
   */
  open(): string[] {
    const swept = sweepStaging(this.target);
    rmSync(this.staging, { recursive: true, force: true });
    mkdirSync(this.staging, { recursive: true });
    return swept;
  }

  /** Path inside the staging directory, for writers (DuckDB COPY, Arrow) that write files themselves. */
  path(name: string): string {
    return join(this.staging, name);
  }

  write(name: string, content: string | Uint8Array): void {
    writeFileSync(this.path(name), content);
  }

  commit(): void {
    const old = `${this.staging}.old`;
    if (exists(this.target)) {
      // Checked again: the target may have changed during the run.
      const why = this.force ? notReplaceable(this.target, []) : 'appeared during the run';
      if (why) throw new UserError(`${this.noun} ${this.target} ${why}; the new report was not written`, 'out-not-ours');
      renameSync(this.target, old);
    }
    renameSync(this.staging, this.target);
    rmSync(old, { recursive: true, force: true });
    this.release();
  }

  abandon(): void {
    rmSync(this.staging, { recursive: true, force: true });
    this.release();
  }

  release(): void {
    this.lock?.release();
    this.lock = undefined;
  }
}

function stagingPrefix(target: string): string {
  return `.${basename(target)}.partial-`;
}

/**
 * Removes the staging directories (`.NAME.partial-PID`, `.NAME.partial-PID.old`) of processes
 * that no longer run; a `.old` (the previous report, moved aside by a commit that was cut short)
 * is put back when the target is missing.
 */
export function sweepStaging(target: string): string[] {
  const parent = dirname(target);
  const prefix = stagingPrefix(target);
  let names: string[];
  try {
    names = readdirSync(parent).sort();
  } catch {
    return [];
  }
  const swept: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)(\.old)?$/.exec(name.slice(prefix.length));
    if (!m || processAlive(Number(m[1]))) continue;
    const path = join(parent, name);
    if (m[2] && !exists(target) && OURS.some(({ file }) => existsSync(join(path, file)))) {
      renameSync(path, target);
      continue;
    }
    rmSync(path, { recursive: true, force: true });
    swept.push(path);
  }
  return swept;
}

/** Why --force may not replace the existing `target`; undefined when it may. */
export function notReplaceable(target: string, inputs: readonly string[]): string | undefined {
  const st = lstatSync(target);
  if (st.isSymbolicLink()) return 'is a symbolic link';
  if (!st.isDirectory()) return `is not a directory (${kindOf(st)})`;
  const real = realpathSync(target);
  const cwd = canonical(process.cwd());
  if (within(cwd, real)) return cwd === real ? 'is the current directory' : `holds the current directory (${cwd})`;
  for (const input of inputs) {
    const abs = canonical(input);
    if (within(abs, real)) return `holds an input of this run (${input})`;
  }
  const names = readdirSync(target);
  if (names.length === 0) return undefined;
  if (bundleKind(target)) return undefined;
  const shown = names.sort().slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '');
  return `holds no earlier report (no report.json or manifest.json of distill-audit; it holds ${shown})`;
}

function schemaOf(path: string, schema: RegExp): boolean {
  try {
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { schema?: unknown };
    return typeof doc?.schema === 'string' && schema.test(doc.schema);
  } catch {
    return false;
  }
}

function kindOf(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** True when `path` is `dir` or lies under it. */
function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** The real path of what exists of `path` (a glob's fixed part, a file still to be made). */
function canonical(path: string): string {
  const cut = path.search(/[*?[{]/);
  let p = resolve(cut < 0 ? path : path.slice(0, cut) || '.');
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(p), ...rest.reverse());
    } catch {
      const up = dirname(p);
      if (up === p) return resolve(path);
      rest.push(basename(p));
      p = up;
    }
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
