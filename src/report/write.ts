import type { Context } from '../context.js';
import type { Database } from '../db/database.js';
import { quoteString } from '../db/sql.js';
import { writeAccountFiles } from './accounts.js';
import type { ReportBundle } from './bundle.js';
import { gatherView } from './gather.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { Report } from './model.js';
import { Redactor } from './redact.js';
import { saveRun } from './run.js';
import { presentTables } from '../db/tables.js';

export interface PublishOptions {
  /** Salt of `--redact`; null writes identifiers as they are in the input. */
  redactSalt: string | null;
}

/**
 * Writes every file of the report bundle into the staging directory, after keeping the run in the
 * database for `distill-audit report`. Returns report.json as written (redacted when asked).
 */
export async function writeReportFiles(
  ctx: Context,
  report: Report,
  bundle: ReportBundle,
  options: PublishOptions = { redactSalt: null },
): Promise<Report> {
  const view = await gatherView(ctx.db, report);
  await saveRun(ctx.db, view);
  return renderBundle(ctx.db, view, bundle, options);
}

/** Renders a gathered (or stored) run: report.json, .md, .html, accounts files, quarantine. */
export async function renderBundle(
  db: Database,
  view: Parameters<typeof renderHtml>[0],
  bundle: ReportBundle,
  options: PublishOptions,
): Promise<Report> {
  const redactor = options.redactSalt !== null ? await Redactor.load(db, options.redactSalt) : null;
  const published = redactor ? redactor.view(view) : view;
  bundle.write('report.json', JSON.stringify(published.report, null, 2) + '\n');
  bundle.write('report.md', renderMarkdown(published));
  bundle.write('report.html', renderHtml(published));
  await writeAccountFiles(db, bundle, redactor);
  await writeQuarantine(db, bundle, redactor);
  return published.report;
}

/**
 * quarantine.jsonl: one rejected record a line, absent when nothing was rejected. Redacted, the
 * raw record is left out (it holds ids, IPs and prompts) and the reason is scrubbed.
 */
async function writeQuarantine(db: Database, bundle: ReportBundle, redactor: Redactor | null): Promise<void> {
  if (!(await presentTables(db)).has('quarantine')) return;
  const count = await db.value<number>('SELECT count(*) FROM quarantine');
  if (count === 0) return;
  if (!redactor) {
    await db.run(
      `COPY (SELECT file, line, reason, raw FROM quarantine ORDER BY file, line, reason)
         TO ${quoteString(bundle.path('quarantine.jsonl'))} (FORMAT json)`,
    );
    return;
  }
  const rows = await db.all<{ file: string; line: number; reason: string }>(
    `SELECT file, line, reason FROM quarantine ORDER BY file, line, reason`,
  );
  bundle.write(
    'quarantine.jsonl',
    rows.map((r) => JSON.stringify({ file: r.file, line: r.line, reason: redactor.text(r.reason ?? '') })).join('\n') + '\n',
  );
}
