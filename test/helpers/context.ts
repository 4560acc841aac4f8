import { onTestFinished } from 'vitest';
import type { Context, Logger, RunOptions } from '../../src/context.js';
import { Database } from '../../src/db/database.js';
import { scratchDir } from './scratch.js';
import { runOptions } from '../../src/cli/options.js';

/** A logger that keeps what it was told, for tests that check notes and warnings. */
export class MemoryLog implements Logger {
  readonly infos: string[] = [];
  readonly warnings: string[] = [];
  info(message: string): void {
    this.infos.push(message);
  }
  warn(message: string): void {
    this.warnings.push(message);
  }
  progress(): void {}
  progressDone(): void {}
}

/**
 * A run context over a fresh in-memory database (or `db` when given), for stage tests that run in
 * process. `options` override the defaults of an empty run; the clock is pinned. A database the
 * helper opens is closed when the test ends, passed or failed (so call it inside a test); a `db`
 * given stays the caller's to close.
 */
export async function testContext(options: Partial<RunOptions> = {}, db?: Database): Promise<Context & { log: MemoryLog }> {
  let database = db;
  if (!database) {
    const opened = await Database.open({ tempDirectory: scratchDir('da-spill-') });
    onTestFinished(() => opened.close());
    database = opened;
  }
  const run: RunOptions = { ...runOptions([], {}), ...options };
  return { db: database, options: run, log: new MemoryLog(), now: new Date('2026-03-01T00:00:00Z'), timings: [] };
}
