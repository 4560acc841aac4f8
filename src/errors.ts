import { accessSync, constants, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
/** Exit codes of the contract (CONTRACT.md section 3). */
export const ExitCode = {
  Ok: 0,
  Findings: 1,
  Usage: 2,
  Internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Every `UserError` code, mostly `<what>-<problem>`: `<what>` names the input or flag, `<problem>`
 * says what is wrong: missing (no such file), unreadable (cannot be opened or read), invalid (read,
 * but not the expected content), corrupt (damaged container), exists, busy, unwritable, empty.
 * One code per problem; a new one is added here, so a typo does not compile. `disk-full`,
 * `memory-limit` and `spill-full` are the resources a run ran out of.
 */
export type ErrorCode =
  | 'usage'
  | 'account-unknown'
  | 'accounts-invalid'
  | 'accounts-missing'
  | 'allowlist-invalid'
  | 'allowlist-unreadable'
  | 'db-busy'
  | 'db-missing'
  | 'db-unreadable'
  | 'disk-full'
  | 'memory-limit'
  | 'spill-full'
  | 'indicators-invalid'
  | 'input-all-rejected'
  | 'input-corrupt'
  | 'input-empty'
  | 'input-format'
  | 'input-missing'
  | 'input-unmapped'
  | 'input-unreadable'
  | 'input-unsupported'
  | 'map-invalid'
  | 'no-clusters'
  | 'no-run'
  | 'observables-invalid'
  | 'observables-unreadable'
  | 'out-busy'
  | 'out-exists'
  | 'out-not-ours'
  | 'out-unwritable'
  | 'partial-invalid'
  | 'partial-missing'
  | 'partial-overlap'
  | 'partial-rules'
  | 'partial-shards'
  | 'report-invalid'
  | 'report-missing'
  | 'report-unreadable'
  | 'rules-invalid'
  | 'shards-invalid'
  | 'shards-mismatch'
  | 'shards-missing'
  | 'shards-overlap'
  | 'truth-invalid'
  | 'truth-missing'
  | 'window-empty';

/**
 * A problem with what the user gave us (flags, paths, files): exit 2, never a stack trace.
 * `code` is a stable identifier tests and scripts can match on; `file` and `line` locate it.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode = 'usage',
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/**
 * An error of the machine the run is on, not of the input and not a bug: DuckDB out of memory
 * under its limit, the spill directory or the output's disk full, a read-only or forbidden output
 * place. Returned as a user error (exit 2) saying the cause and what to change, or undefined when
 * `err` is none of these. DuckDB names its errors by kind in the message ("Out of Memory Error:",
 * "IO Error: … No space left on device"); Node's file system errors carry a `code`.
 */
export function environmentError(err: unknown): UserError | undefined {
  if (err instanceof UserError || !(err instanceof Error)) return undefined;
  const first = err.message.split('\n')[0] ?? '';
  if (/^Out of Memory Error/.test(first)) {
    const free = freeBytes(tmpdir());
    if (/max_temp_directory_size|offload/i.test(err.message) || (free !== undefined && free < SPILL_ROOM)) {
      const room = free === undefined ? '' : `, ${Math.round(free / 1024)} KiB free`;
      return new UserError(
        `the spill directory is full: DuckDB could not move work out of memory to disk under ${spillPlace()}${room} (free space there, or set TMPDIR to a larger disk, or raise --memory-limit); DuckDB said: ${first}`,
        'spill-full',
      );
    }
    return new UserError(
      `out of memory: the work needs more than DuckDB's memory limit (--memory-limit, by default 80 % of the machine's memory); raise --memory-limit or run on a larger machine. DuckDB said: ${first}`,
      'memory-limit',
    );
  }
  if (/No space left on device/i.test(first)) {
    return new UserError(
      `no space left on the device: ${first} (free space, or write --out elsewhere; spill files go under ${spillPlace()})`,
      'disk-full',
    );
  }
  if (/Read-only file system/i.test(first)) return new UserError(`cannot write: read-only file system: ${first}`, 'out-unwritable');
  const sys = err as NodeJS.ErrnoException;
  if (typeof sys.code === 'string' && typeof sys.syscall === 'string' && sys.path !== undefined) {
    const cause = FS_CAUSES[writeCause(sys)];
    if (cause)
      return new UserError(`cannot ${sys.syscall} ${sys.path}: ${cause}`, cause === FS_CAUSES.ENOSPC ? 'disk-full' : 'out-unwritable');
  }
  return undefined;
}

const FS_CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is not a directory',
  ENOENT: 'no such file or directory',
};

/**
 * Node's recursive mkdir says ENOENT where the real cause is the parent being read-only or
 * forbidden; the parent's own write access tells which.
 */
function writeCause(err: NodeJS.ErrnoException): string {
  if (err.code !== 'ENOENT' || err.syscall !== 'mkdir' || !err.path) return err.code ?? '';
  try {
    accessSync(dirname(err.path), constants.W_OK);
    return err.code;
  } catch (parent) {
    return (parent as NodeJS.ErrnoException).code ?? err.code;
  }
}

/**
 * Below this much free space where DuckDB spills, an out-of-memory error is blamed on the spill
 * place: DuckDB's readers alone ask for 128 MiB blocks, so less room cannot relieve memory.
 */
const SPILL_ROOM = 256 * 2 ** 20;

function freeBytes(dir: string): number | undefined {
  try {
    const fs = statfsSync(dir);
    return fs.bavail * fs.bsize;
  } catch {
    return undefined;
  }
}

function spillPlace(): string {
  return `${tmpdir()} (TMPDIR)`;
}
