import type { Context } from '../context.js';
import { sqlFile } from '../db/sql.js';
import { UserError } from '../errors.js';
import type { Stage } from '../pipeline.js';
import { accountsTableSql, loadAccounts } from './accounts.js';
import { loadExchangeFile, type FileResult } from './exchange-file.js';
import { detectFormat, type Detected } from './format.js';
import { readInvestigation } from './indicators.js';
import { HIDDEN, resolveInputs, type InputFile } from './input-file.js';
import { readMapFile } from './map-file.js';
import { EXCHANGE_COLUMNS, PROVENANCE_COLUMNS } from './schema.js';

/** Creates every table the load stage owns (empty when new; kept as they are in a --db database). */
export async function createLoadTables(ctx: Context): Promise<void> {
  const columns = [...EXCHANGE_COLUMNS, ...PROVENANCE_COLUMNS].map((c) => `${c.name} ${c.type}`).join(', ');
  await ctx.db.run(`CREATE TABLE IF NOT EXISTS loaded_exchanges (${columns})`);
  await ctx.db.run(accountsTableSql());
  await ctx.db.run(sqlFile(import.meta.url, 'tables.sql'));
}

/**
 * The load stage: inputs → loaded_exchanges, inputs, quarantine, skipped_files, and the side
 * inputs (accounts, indicators, model_releases, enforcement, settings). Files load one after
 * another in path order, so "earlier" (for duplicates) means the same on every run.
 */
export const loadStage: Stage = {
  name: 'load',
  async run(ctx: Context): Promise<void> {
    await loadAll(ctx);
  },
};

export async function loadAll(ctx: Context): Promise<FileResult[]> {
  await createLoadTables(ctx);
  const explicit = ctx.options.map ? readMapFile(ctx.options.map) : {};
  const investigation = ctx.options.indicators ? await readInvestigation(ctx, ctx.options.indicators) : undefined;
  const set = await resolveInputs(ctx.db, ctx.options.paths);
  const plan: { file: InputFile; detected: Detected }[] = [];
  for (const file of set.files) {
    const detected = await detectFormat(ctx.db, file);
    if (!detected) throw new UserError('not a log file in a format distill-audit reads (JSON Lines, JSON array, CSV/TSV, Parquet, Arrow IPC; .gz/.zst)', 'input-format', file.path);
    plan.push({ file, detected });
  }
  for (const file of set.walked) {
    let detected: Detected | null;
    try {
      detected = await detectFormat(ctx.db, file);
    } catch (err) {
      // A damaged file is never skipped quietly: like a named one, it stops the load.
      if (!(err instanceof UserError) || err.code === 'input-corrupt') throw err;
      set.skipped.push({ path: file.path, reason: err.message });
      continue;
    }
    if (detected) plan.push({ file, detected });
    else set.skipped.push({ path: file.path, reason: NOT_A_LOG });
  }
  await recordSkipped(ctx, set.skipped);
  if (plan.length === 0) {
    const shown = set.skipped.filter((s) => s.reason !== HIDDEN);
    throw new UserError(`no log files found in ${ctx.options.paths.join(', ')}${shown.length ? ` (skipped: ${shown.slice(0, 5).map((s) => `${s.path}: ${s.reason}`).join('; ')}${shown.length > 5 ? '; …' : ''})` : ''}`, 'input-empty');
  }
  plan.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));

  const totalBytes = plan.reduce((n, p) => n + p.file.size, 0);
  let doneBytes = 0;
  const results: FileResult[] = [];
  for (const { file, detected } of plan) {
    ctx.log.progress(`loading ${file.path}`, doneBytes, totalBytes);
    const result = await loadExchangeFile(ctx, file, detected, explicit);
    doneBytes += file.size;
    ctx.log.progress(`loading ${file.path}`, doneBytes, totalBytes);
    const twin = result.alreadyLoaded ? results.find((r) => r.sha256 === result.sha256 && !r.alreadyLoaded) : undefined;
    if (twin) {
      // A second copy of a file read in this run adds nothing, and is said so in the report.
      const reason = `same bytes as ${twin.path} (SHA-256 ${result.sha256.slice(0, 12)}…), read once`;
      await ctx.db.run('INSERT INTO skipped_files VALUES ($path, $reason)', { path: file.path, reason });
      ctx.log.warn(`${file.path}: ${reason}`);
    } else if (result.alreadyLoaded) ctx.log.info(`${file.path}: already loaded (same SHA-256 ${result.sha256.slice(0, 12)}…); nothing added`);
    else if (result.records === 0) ctx.log.warn(`${file.path}: no records (empty file)`);
    results.push(result);
  }
  ctx.log.progressDone();

  await loadSideInputs(ctx, investigation);
  return results;
}

/**
 * The inputs beside the logs: accounts, the investigation (indicators, model releases,
 * enforcement) and the sampling rate. A scan of partials (`scan --features`) loads these too.
 */
export async function loadSideInputs(ctx: Context, investigation?: Awaited<ReturnType<typeof readInvestigation>>): Promise<void> {
  if (ctx.options.accounts) await loadAccounts(ctx, ctx.options.accounts);
  if (investigation) {
    await ctx.db.run('DELETE FROM indicators; DELETE FROM model_releases; DELETE FROM enforcement');
    for (const i of investigation.indicators) {
      await ctx.db.run('INSERT INTO indicators (actor, type, value, ordinal, source) VALUES ($actor, $type, $value, $ordinal, $source)', i);
    }
    for (const r of investigation.modelReleases) {
      await ctx.db.run('INSERT INTO model_releases VALUES ($model, $at::TIMESTAMP)', { model: r.model, at: r.releasedAt });
    }
    for (const e of investigation.enforcement) {
      await ctx.db.run('INSERT INTO enforcement VALUES ($account, $action, $at::TIMESTAMP)', { account: e.accountId, action: e.action, at: e.at });
    }
  }
  const rate = ctx.options.samplingRate ?? investigation?.samplingRate ?? 1;
  await ctx.db.run(`DELETE FROM settings WHERE name = 'sampling_rate'`);
  await ctx.db.run(`INSERT INTO settings VALUES ('sampling_rate', $rate)`, { rate: String(rate) });
}

/** Why a walked file was left alone when its bytes are no log format we read. */
const NOT_A_LOG = 'not a log in a format distill-audit reads';

/**
 * Records every file a walk or glob met and left alone, with why; all but hidden names are
 * skipped inputs, listed in the report (and failing --strict).
 */
async function recordSkipped(ctx: Context, skipped: { path: string; reason: string }[]): Promise<void> {
  for (const s of skipped) await ctx.db.run('INSERT INTO skipped_files VALUES ($path, $reason)', s);
  const shown = skipped.filter((s) => s.reason !== HIDDEN);
  if (shown.length > 0) {
    const list = shown.slice(0, 5).map((s) => `${s.path} (${s.reason})`).join(', ');
    ctx.log.warn(`skipped ${shown.length} input file(s), listed in the report: ${list}${shown.length > 5 ? ', …' : ''}`);
  }
}
