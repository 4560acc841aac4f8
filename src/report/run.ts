import type { Database } from '../db/database.js';
import { UserError } from '../errors.js';
import { snapshotAccounts } from './accounts.js';
import { presentTables } from '../db/tables.js';
import type { ReportView } from './view.js';

/**
 * Keeps what the report bundle needs with the run (`report_runs`, `report_accounts`), so that
 * `distill-audit report --db FILE` renders it again without rescanning, even if later stages'
 * tables were temporary. Stored unredacted: the database is the investigator's own copy.
 */
export async function saveRun(db: Database, view: ReportView): Promise<void> {
  await snapshotAccounts(
    db,
    view.report.campaigns.map((c) => c.id),
  );
  await db.run(`CREATE TABLE IF NOT EXISTS report_runs (run INTEGER, generated_at VARCHAR, view VARCHAR)`);
  await db.run(`INSERT INTO report_runs SELECT coalesce(max(run), 0) + 1, $generated_at, $view FROM report_runs`, {
    generated_at: view.report.generated_at,
    view: JSON.stringify(view),
  });
}

/** The latest run kept in a database, or a clear error when the database holds none. */
export async function loadLatestRun(db: Database, file: string): Promise<ReportView> {
  const tables = await presentTables(db);
  if (!tables.has('report_runs') || !tables.has('report_accounts')) {
    throw new UserError(`${file} holds no scan to report on; run "distill-audit scan --db ${file} ..." first`, 'no-run', file);
  }
  const text = await db.value<string | null>(`SELECT view FROM report_runs ORDER BY run DESC LIMIT 1`);
  if (!text) throw new UserError(`${file} holds no scan to report on; run "distill-audit scan --db ${file} ..." first`, 'no-run', file);
  return JSON.parse(text) as ReportView;
}
