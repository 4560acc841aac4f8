import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Database } from '../db/database.js';
import { UserError } from '../errors.js';
import { bundleKind } from '../report/bundle.js';

/** One file to read: `path` is how reports name it, `abs` is where it is read from. */
export interface InputFile {
  path: string;
  abs: string;
  size: number;
}

/** A file met in a directory walk or a glob and left alone, with why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface InputSet {
  files: InputFile[];
  /** Candidates of directory walks and globs, to be sniffed: logs are kept, the rest skipped. */
  walked: InputFile[];
  skipped: SkippedFile[];
}

const GLOB = /[*?[{]/;

/** Hidden names (a leading dot) are never inputs, and are not listed among the skipped inputs. */
export const HIDDEN = 'hidden';

/**
 * Why a directory that is output of ours (a report bundle, a partial) is skipped whole: a report
 * written beside the logs (`scan logs/ --out logs/report`) is not read as logs the next day.
 */
export function ourOutput(kind: string): string {
  return `a distill-audit ${kind}, not logs`;
}

/**
 * Expands the path arguments: a file stands for itself, a directory for every file under it
 * (hidden names and directories of our own output skipped), a glob for its matches. Missing paths, empty globs and a named path that
 * is not a regular file or a directory (a FIFO would block the read forever) are user errors.
 *
 * A symbolic link met in a walk or a glob is followed only when its target lies inside one of the
 * paths given (else a link planted in the logs could make the scan read any file DuckDB may
 * reach); a directory reached a second time (a link to itself or to an ancestor) is not walked
 * again; FIFOs, sockets and devices are skipped. Each is listed in `skipped` with its reason.
 */
export async function resolveInputs(db: Database, args: readonly string[]): Promise<InputSet> {
  const set: InputSet = { files: [], walked: [], skipped: [] };
  const roots = givenRoots(args);
  const walkedDirs = new Set<string>();
  for (const arg of args) {
    if (GLOB.test(arg) && !exists(arg)) {
      await expandGlob(db, arg, set, roots);
      continue;
    }
    const abs = resolve(arg);
    const st = statOrThrow(arg);
    if (st.isDirectory()) walk(abs, arg, set, roots, walkedDirs);
    else if (st.isFile()) set.files.push({ path: display(arg), abs, size: st.size });
    else throw new UserError(`not a regular file or a directory (${kindOf(st)}); distill-audit reads files`, 'input-unreadable', arg);
  }
  set.files = uniqueByAbs(set.files);
  set.walked = uniqueByAbs(set.walked).filter((w) => !set.files.some((f) => f.abs === w.abs));
  set.skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return set;
}

/** Real paths of what the user named: directories, files, and each glob's fixed base directory. */
function givenRoots(args: readonly string[]): string[] {
  const roots: string[] = [];
  for (const arg of args) {
    const abs = resolve(arg);
    const base = GLOB.test(arg) && !exists(arg) ? globBaseDir(abs) : abs;
    const real = realOrNull(base);
    if (real) roots.push(real);
  }
  return roots;
}

function isInside(real: string, roots: readonly string[]): boolean {
  return roots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep));
}

function realOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

function walk(dirAbs: string, dirShown: string, set: InputSet, roots: readonly string[], walkedDirs: Set<string>): void {
  const dirReal = realOrNull(dirAbs) ?? dirAbs;
  if (walkedDirs.has(dirReal)) return;
  walkedDirs.add(dirReal);
  const kind = bundleKind(dirAbs);
  if (kind) {
    set.skipped.push({ path: display(dirShown), reason: ourOutput(kind) });
    return;
  }
  let names: string[];
  try {
    names = readdirSync(dirAbs).sort();
  } catch (err) {
    throw new UserError(`cannot list directory: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 'input-unreadable', dirShown);
  }
  for (const name of names) {
    const abs = join(dirAbs, name);
    const shown = display(join(dirShown, name));
    if (name.startsWith('.')) {
      set.skipped.push({ path: shown, reason: HIDDEN });
      continue;
    }
    let st: Stats;
    try {
      const link = lstatSync(abs);
      if (link.isSymbolicLink()) {
        const real = realOrNull(abs);
        if (!real) {
          set.skipped.push({ path: shown, reason: 'symbolic link whose target is missing or loops' });
          continue;
        }
        if (!isInside(real, roots)) {
          set.skipped.push({ path: shown, reason: 'symbolic link to a path outside the given inputs' });
          continue;
        }
      }
      st = statSync(abs);
    } catch (err) {
      set.skipped.push({ path: shown, reason: `cannot stat: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
      continue;
    }
    if (st.isDirectory()) {
      if (walkedDirs.has(realOrNull(abs) ?? abs))
        set.skipped.push({ path: shown, reason: 'directory already walked (a symbolic link loop)' });
      else walk(abs, shown, set, roots, walkedDirs);
    } else if (st.isFile()) set.walked.push({ path: shown, abs, size: st.size });
    else set.skipped.push({ path: shown, reason: `not a regular file (${kindOf(st)})` });
  }
}

/** What a non-regular file is, in words. */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** DuckDB's glob (allowed to list the glob's base directory once locked down) does the matching. */
async function expandGlob(db: Database, pattern: string, set: InputSet, roots: readonly string[]): Promise<void> {
  const absPattern = resolve(pattern);
  let rows: { file: string }[];
  try {
    rows = await db.all<{ file: string }>('SELECT file FROM glob($p) ORDER BY file', { p: absPattern });
  } catch (err) {
    throw new UserError(`cannot expand the pattern: ${firstLine(err)}`, 'input-missing', pattern);
  }
  const base = absPattern.slice(0, absPattern.search(GLOB));
  const matches = rows.filter(
    (r) =>
      !relative(base, r.file)
        .split(sep)
        .some((part) => part.startsWith('.')),
  );
  if (matches.length === 0) throw new UserError('no file matches this pattern', 'input-missing', pattern);
  const ours = new Map<string, string | undefined>();
  for (const { file } of matches) {
    const shown = shownAbs(file);
    const real = realOrNull(file);
    if (!real || !isInside(real, roots)) {
      set.skipped.push({
        path: shown,
        reason: real ? 'symbolic link to a path outside the given inputs' : 'symbolic link whose target is missing or loops',
      });
      continue;
    }
    const st = statSync(file);
    if (st.isDirectory()) continue;
    if (!st.isFile()) {
      set.skipped.push({ path: shown, reason: `not a regular file (${kindOf(st)})` });
      continue;
    }
    const bundle = outputAbove(file, base, ours);
    if (bundle === undefined) set.walked.push({ path: shown, abs: file, size: st.size });
    else if (!set.skipped.some((s) => s.path === shownAbs(bundle)))
      set.skipped.push({ path: shownAbs(bundle), reason: ourOutput(ours.get(bundle)!) });
  }
}

/** The directory of our own output that `file` lies in, at or below the glob's base; undefined when none. */
function outputAbove(file: string, base: string, seen: Map<string, string | undefined>): string | undefined {
  const top = dirname(base.endsWith(sep) ? base + '.' : base);
  for (let dir = dirname(file); dir.length >= top.length && dir !== dirname(dir); dir = dirname(dir)) {
    if (!seen.has(dir)) seen.set(dir, bundleKind(dir));
    if (seen.get(dir)) return dir;
    if (dir === top) break;
  }
  return undefined;
}

function shownAbs(abs: string): string {
  return display(relative(process.cwd(), abs) || abs);
}

/** The directory part of a glob before its first wildcard. */
function globBaseDir(absPattern: string): string {
  return dirname(absPattern.slice(0, absPattern.search(GLOB)) + 'x');
}

function statOrThrow(arg: string) {
  try {
    return statSync(arg);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError('no such file or directory', 'input-missing', arg);
    throw new UserError(`cannot read: ${code ?? String(err)}`, 'input-unreadable', arg);
  }
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Report paths use forward slashes and no leading "./", so reports compare across machines. */
function display(p: string): string {
  return p
    .split(sep)
    .join('/')
    .replace(/^(\.\/)+/, '');
}

function uniqueByAbs(files: InputFile[]): InputFile[] {
  const seen = new Set<string>();
  return files.filter((f) => (seen.has(f.abs) ? false : (seen.add(f.abs), true)));
}

export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split('\n')[0] ?? text;
  return line.length > 300 ? line.slice(0, 300) + '…' : line;
}
