import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../src/db/database.js';
import { buildReport } from '../../src/report/build.js';
import { ReportBundle } from '../../src/report/bundle.js';
import type { Campaign, Report } from '../../src/report/model.js';
import { writeReportFiles } from '../../src/report/write.js';
import { fixtureContext } from './fixture.js';

const made: string[] = [];

/** A new temporary directory, removed by `cleanScratch` after the file's tests. */
export function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'da-report-'));
  made.push(dir);
  return dir;
}

export function cleanScratch(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Builds report.json the way scan does and writes the whole bundle; returns its directory. */
export async function writeBundle(
  db: Database,
  campaigns: Campaign[],
  redactSalt: string | null = null,
): Promise<{ dir: string; report: Report }> {
  const ctx = fixtureContext(db);
  const report = await buildReport(ctx, async () => campaigns);
  const dir = join(scratch(), 'report');
  const bundle = new ReportBundle(dir, false);
  bundle.checkWritable();
  bundle.open();
  const published = await writeReportFiles(ctx, report, bundle, { redactSalt });
  bundle.commit();
  return { dir, report: published };
}
