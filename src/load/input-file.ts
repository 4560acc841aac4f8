import { readdirSync, statSync } from 'node:fs';
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
 * (hidden names and directories of our own output skipped), a glob for its matches. Missing
 * paths and empty globs are user errors.
 */
export async function resolveInputs(db: Database, args: readonly string[]): Promise<InputSet> {
  const set: InputSet = { files: [], walked: [], skipped: [] };
  for (const arg of args) {
    if (GLOB.test(arg) && !exists(arg)) {
      await expandGlob(db, arg, set);
      continue;
    }
    const abs = resolve(arg);
    const st = statOrThrow(arg);
    if (st.isDirectory()) walk(abs, arg, set);
    else set.files.push({ path: display(arg), abs, size: st.size });
  }
  set.files = uniqueByAbs(set.files);
  set.walked = uniqueByAbs(set.walked).filter((w) => !set.files.some((f) => f.abs === w.abs));
  set.skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return set;
}

function walk(dirAbs: string, dirShown: string, set: InputSet): void {
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
    const shown = join(dirShown, name);
    if (name.startsWith('.')) {
      set.skipped.push({ path: display(shown), reason: HIDDEN });
      continue;
    }
    let st;
    try {
      st = statSync(abs);
    } catch (err) {
      set.skipped.push({ path: display(shown), reason: `cannot stat: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
      continue;
    }
    if (st.isDirectory()) walk(abs, shown, set);
    else if (st.isFile()) set.walked.push({ path: display(shown), abs, size: st.size });
    else set.skipped.push({ path: display(shown), reason: 'not a regular file' });
  }
}

/** DuckDB's glob (allowed to list the glob's base directory once locked down) does the matching. */
async function expandGlob(db: Database, pattern: string, set: InputSet): Promise<void> {
  const absPattern = resolve(pattern);
  let rows: { file: string }[];
  try {
    rows = await db.all<{ file: string }>('SELECT file FROM glob($p) ORDER BY file', { p: absPattern });
  } catch (err) {
    throw new UserError(`cannot expand the pattern: ${firstLine(err)}`, 'input-missing', pattern);
  }
  const base = absPattern.slice(0, absPattern.search(GLOB));
  const matches = rows.filter((r) => !relative(base, r.file).split(sep).some((part) => part.startsWith('.')));
  if (matches.length === 0) throw new UserError('no file matches this pattern', 'input-missing', pattern);
  const ours = new Map<string, string | undefined>();
  for (const { file } of matches) {
    const st = statSync(file);
    if (!st.isFile()) continue;
    const bundle = outputAbove(file, base, ours);
    if (bundle === undefined) set.walked.push({ path: shownAbs(file), abs: file, size: st.size });
    else if (!set.skipped.some((s) => s.path === shownAbs(bundle))) set.skipped.push({ path: shownAbs(bundle), reason: ourOutput(ours.get(bundle)!) });
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
  return p.split(sep).join('/').replace(/^(\.\/)+/, '');
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
