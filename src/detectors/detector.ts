import type { Database } from '../db/database.js';
import { sqlFile } from '../db/sql.js';
import { runScript } from '../db/script.js';
import type { Evidence } from '../load/evidence.js';

/**
 * One account-behaviour detector: reads the features tables and inserts rows into `signals`
 * (account_id, detector, strength in [0, 1], detail, rules). Its SQL lives in `<name>.sql` beside
 * this module; `guard` names the honest behaviour it must spare, and how it does. `needs` names
 * the evidence it cannot work without: when the inputs carry none of one of them, it does not run
 * (a column NULL everywhere must not read as a behaviour), and the report says so.
 */
export interface Detector {
  name: string;
  version: string;
  description: string;
  guard: string;
  needs: readonly Evidence[];
  run(db: Database): Promise<void>;
}

/** A detector whose whole work is its SQL file; `$detector` and `$version` are bound for it. */
export function sqlDetector(d: Omit<Detector, 'run'> & { sql: string }): Detector {
  return {
    name: d.name,
    version: d.version,
    description: d.description,
    guard: d.guard,
    needs: d.needs,
    async run(db: Database): Promise<void> {
      await runScript(db, sqlFile(import.meta.url, d.sql), { detector: d.name });
    },
  };
}
