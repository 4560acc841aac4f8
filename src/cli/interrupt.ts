import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../lock.js';

/** Exit status of a run stopped by a signal, as shells report it (128 + the signal's number). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * Runs `cleanup` (synchronous: remove the staging and spill directories, release the lock) when
 * the process is told to stop (Ctrl-C, SIGTERM, a closed terminal), then exits with 128 + the
 * signal's number. Returns the function that removes the handlers once the run has cleaned up
 * by itself. kill -9 cannot be caught: what it leaves is swept by the next run (`sweepSpill`,
 * `sweepStaging`).
 */
export function onInterrupt(cleanup: () => void, interrupt?: () => void): () => void {
  const handlers = Object.entries(SIGNAL_EXIT).map(([signal, code]) => {
    const handler = (): void => {
      try {
        interrupt?.();
      } catch {
        // The query may already be over; cleaning up is what matters.
      }
      try {
        cleanup();
      } finally {
        process.exit(code);
      }
    };
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => handlers.forEach((off) => off());
}

/** What a spill directory is for; its name holds it, and `sweepSpill` knows each of them. */
export const SPILL_PURPOSES = ['spill', 'validate', 'explain', 'rules'] as const;
export type SpillPurpose = (typeof SPILL_PURPOSES)[number];

/** Where a run's DuckDB spills (and Arrow copies go): one private directory per process and purpose. */
export function spillDirectory(purpose: SpillPurpose): string {
  return join(tmpdir(), `distill-audit-${process.pid}-${purpose}`);
}

/** Removes the spill directories of runs that died (recognised by name and a process id no longer running). */
export function sweepSpill(): string[] {
  const swept: string[] = [];
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return swept;
  }
  for (const name of names.sort()) {
    const m = new RegExp(`^distill-audit-(\\d+)-(${SPILL_PURPOSES.join('|')})$`).exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    const path = join(tmpdir(), name);
    rmSync(path, { recursive: true, force: true });
    swept.push(path);
  }
  return swept;
}
