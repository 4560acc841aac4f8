import type { Context } from '../context.js';
import { quoteString } from '../db/sql.js';
import type { ReportBundle } from './bundle.js';
import type { Report } from './model.js';

/** Writes every file of the report bundle into the staging directory. */
export async function writeReportFiles(ctx: Context, report: Report, bundle: ReportBundle): Promise<void> {
  bundle.write('report.json', JSON.stringify(report, null, 2) + '\n');
  await writeQuarantine(ctx, bundle);
}

/** quarantine.jsonl: one rejected record a line, absent when nothing was rejected. */
async function writeQuarantine(ctx: Context, bundle: ReportBundle): Promise<void> {
  const count = await ctx.db.value<number>('SELECT count(*) FROM quarantine');
  if (count === 0) return;
  await ctx.db.run(
    `COPY (SELECT file, line, reason, raw FROM quarantine ORDER BY file, line, reason)
       TO ${quoteString(bundle.path('quarantine.jsonl'))} (FORMAT json)`,
  );
}
