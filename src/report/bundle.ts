import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';

/**
 * A report directory written atomically: files go into a staging directory beside the target,
 * which replaces the target only once everything is written. A failed run leaves the old report
 * (or nothing) and no half-written files.
 */
export class ReportBundle {
  readonly target: string;
  readonly staging: string;

  constructor(out: string, private readonly force: boolean, private readonly noun = 'report directory') {
    this.target = resolve(out);
    this.staging = join(dirname(this.target), `.${basename(this.target)}.partial-${process.pid}`);
  }

  /** Fails early, before any work, when the target exists and may not be replaced. */
  checkWritable(): void {
    if (existsSync(this.target) && !this.force) {
      throw new UserError(`${this.noun} ${this.target} already exists; use --force to replace it`, 'out-exists');
    }
    mkdirSync(dirname(this.target), { recursive: true });
  }

  open(): void {
    rmSync(this.staging, { recursive: true, force: true });
    mkdirSync(this.staging, { recursive: true });
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
    if (existsSync(this.target)) renameSync(this.target, old);
    renameSync(this.staging, this.target);
    rmSync(old, { recursive: true, force: true });
  }

  abandon(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }
}
