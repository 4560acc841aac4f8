import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { UserError } from './errors.js';

/**
 * True when a process with this id runs. EPERM means it runs under another user. A process id
 * reused by an unrelated program reads as alive: the lock is then refused, never stolen, and the
 * message says which file to remove.
 */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lock file holding the id and host of the process that writes something (a report
 * directory): made with O_EXCL, so of two runs started together one gets it. A lock whose
 * process is dead (killed with -9, the machine restarted) is taken over; one whose process runs,
 * or that another host holds (a shared file system, where its process cannot be checked), is
 * refused naming it.
 */
export class FileLock {
  private held = false;

  private constructor(readonly path: string) {}

  /** Takes the lock or throws a UserError naming the process that holds it. */
  static acquire(path: string, what: string): FileLock {
    const lock = new FileLock(path);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (lock.tryCreate()) return lock;
      const holder = readHolder(path);
      if (holder === null && justMade(path)) {
        throw new UserError(`${what} is being written by another run (lock ${path} was made just now)`, 'out-busy');
      }
      if (holder !== null && (holder.host !== hostname() || processAlive(holder.pid))) {
        const who = holder.host !== hostname() ? `process ${holder.pid} on host ${holder.host}` : `process ${holder.pid}`;
        throw new UserError(
          `${what} is being written by ${who} (lock ${path}); wait for it to finish, or remove the lock if no such process runs`,
          'out-busy',
        );
      }
      // Stale: removed only while it still names the same dead process, so a lock a concurrent
      // run has just taken over is not removed in its turn.
      if (readHolder(path)?.pid === holder?.pid) rmSync(path, { force: true });
    }
    throw new UserError(`${what}: cannot take the lock ${path}`, 'out-busy');
  }

  release(): void {
    if (!this.held) return;
    const holder = readHolder(this.path);
    if (holder?.pid === process.pid && holder.host === hostname()) rmSync(this.path, { force: true });
    this.held = false;
  }

  private tryCreate(): boolean {
    let fd: number;
    try {
      fd = openSync(this.path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw new UserError(`cannot create the lock ${this.path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 'out-unwritable');
    }
    try {
      writeSync(fd, `${process.pid} ${hostname()}\n`);
    } finally {
      closeSync(fd);
    }
    this.held = true;
    return true;
  }
}

/** A lock with no id yet may be one another run is writing this instant. */
const FRESH_MS = 5_000;

function justMade(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs < FRESH_MS;
  } catch {
    return false;
  }
}

/** The process a lock file names (a lock with no host is this host's); null when it is gone or half-written. */
function readHolder(path: string): { pid: number; host: string } | null {
  try {
    const m = /^(\d+)(?:\s+(\S+))?\s*$/.exec(readFileSync(path, 'utf8'));
    return m ? { pid: Number(m[1]), host: m[2] ?? hostname() } : null;
  } catch {
    return null;
  }
}
