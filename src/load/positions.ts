import type { Database } from '../db/database.js';

/**
 * Moves the staged records' positions past lines their reader did not number (lines it refused,
 * or empty lines it skipped). `gaps` is a relation with `t` per such line: how many records come
 * before it. Record k (its position less `headerLines`) moves down one line for each gap with
 * t < k. An ASOF join finds each record's count of earlier gaps; a correlated count took minutes
 * for ten thousand gaps under a large file.
 */
export async function shiftPastGaps(db: Database, gaps: string, headerLines = 0): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE da_gap_shift AS
    SELECT t, sum(count(*)) OVER (ORDER BY t) AS shift FROM (${gaps}) GROUP BY t`);
  await db.run(`UPDATE da_staged SET source_line = da_staged.source_line + m.shift
    FROM (SELECT s.source_line AS k, g.shift
            FROM (SELECT source_line, source_line - ${headerLines} AS k0 FROM da_staged) s
            ASOF JOIN da_gap_shift g ON s.k0 > g.t) m
   WHERE m.k = da_staged.source_line`);
  await db.run('DROP TABLE da_gap_shift');
}
