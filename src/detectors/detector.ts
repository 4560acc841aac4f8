import type { Database } from '../db/database.js';
import { sqlFile } from '../db/sql.js';

/**
 * One account-behaviour detector: reads the features tables and inserts rows into `signals`
 * (account_id, detector, strength in [0, 1], detail, rules). Its SQL lives in `<name>.sql` beside
 * this module; `guard` names the honest behaviour it must spare, and how it does.
 */
export interface Detector {
  name: string;
  version: string;
  description: string;
  guard: string;
  run(db: Database): Promise<void>;
}

/** A detector whose whole work is its SQL file; `$detector` and `$version` are bound for it. */
export function sqlDetector(d: Omit<Detector, 'run'> & { sql: string }): Detector {
  return {
    name: d.name,
    version: d.version,
    description: d.description,
    guard: d.guard,
    async run(db: Database): Promise<void> {
      await db.run(sqlFile(import.meta.url, d.sql), { detector: d.name });
    },
  };
}
