import type { Context } from '../context.js';
import { humanDuration } from '../duration.js';
import { runScript } from '../db/script.js';
import { sqlFile } from '../db/sql.js';
import { UserError } from '../errors.js';
import type { Stage } from '../pipeline.js';
import { accountsTableSql, loadAccounts } from './accounts.js';
import { loadExchangeFile, stageCompanionFile, type FileResult } from './exchange-file.js';
import { detectFormat, type Detected } from './format.js';
import { readInvestigation } from './indicators.js';
import { HIDDEN, resolveInputs, type InputFile } from './input-file.js';
import { readMapFile } from './map-file.js';
import { EMPTY_MAP } from './mapping.js';
import { EXCHANGE_COLUMNS, PROVENANCE_COLUMNS } from './schema.js';

/** Creates every table the load stage owns (empty when new; kept as they are in a --db database). */
export async function createLoadTables(ctx: Context): Promise<void> {
  const columns = [...EXCHANGE_COLUMNS, ...PROVENANCE_COLUMNS].map((c) => `${c.name} ${c.type}`).join(', ');
  await ctx.db.run(`CREATE TABLE IF NOT EXISTS loaded_exchanges (${columns})`);
  await ctx.db.run(accountsTableSql());
  await runScript(ctx.db, sqlFile(import.meta.url, 'tables.sql'));
  await runScript(ctx.db, sqlFile(import.meta.url, 'messages.sql'));
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
  const explicit = ctx.options.map ? readMapFile(ctx.options.map) : EMPTY_MAP;
  const investigation = ctx.options.indicators ? await readInvestigation(ctx, ctx.options.indicators) : undefined;
  const set = await resolveInputs(ctx.db, ctx.options.paths);
  const plan: { file: InputFile; detected: Detected }[] = [];
  for (const file of set.files) {
    const detected = await detectFormat(ctx.db, file);
    if (!detected)
      throw new UserError(
        'not a log file in a format distill-audit reads (JSON Lines, JSON array, CSV/TSV, Parquet, Arrow IPC; .gz/.zst)',
        'input-format',
        file.path,
      );
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
    throw new UserError(
      `no log files found in ${ctx.options.paths.join(', ')}${
        shown.length
          ? ` (skipped: ${shown
              .slice(0, 5)
              .map((s) => `${s.path}: ${s.reason}`)
              .join('; ')}${shown.length > 5 ? '; …' : ''})`
          : ''
      }`,
      'input-empty',
    );
  }
  plan.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));

  const totalBytes = plan.reduce((n, p) => n + p.file.size, 0);
  let doneBytes = 0;
  let records = 0;
  const started = Date.now();
  const results: FileResult[] = [];
  // Companion tables (Azure's gateway logs beside its LLM log) are staged first, so that the
  // files they join find them whatever the path order.
  const exchangeFiles: typeof plan = [];
  for (const entry of plan) {
    const companion = await stageCompanionFile(ctx, entry.file, entry.detected);
    if (companion) {
      doneBytes += entry.file.size;
      results.push(companion);
    } else exchangeFiles.push(entry);
  }
  for (const [i, { file, detected }] of exchangeFiles.entries()) {
    ctx.log.progress(
      loadProgress(i, exchangeFiles.length, records, doneBytes, totalBytes, Date.now() - started, file.path),
      doneBytes,
      totalBytes,
    );
    const result = await loadExchangeFile(ctx, file, detected, explicit);
    doneBytes += file.size;
    records += result.records;
    ctx.log.progress(
      loadProgress(i + 1, plan.length, records, doneBytes, totalBytes, Date.now() - started, file.path),
      doneBytes,
      totalBytes,
    );
    const twin = result.alreadyLoaded ? results.find((r) => r.sha256 === result.sha256 && !r.alreadyLoaded) : undefined;
    if (twin) {
      // A second copy of a file read in this run adds nothing, and is said so in the report.
      const reason = `same bytes as ${twin.path} (SHA-256 ${result.sha256.slice(0, 12)}…), read once`;
      await ctx.db.run('INSERT INTO skipped_files VALUES ($path, $reason)', { path: file.path, reason });
      ctx.log.warn(`${file.path}: ${reason}`);
    } else if (result.alreadyLoaded)
      ctx.log.info(`${file.path}: already loaded (same SHA-256 ${result.sha256.slice(0, 12)}…); nothing added`);
    else if (result.records === 0) ctx.log.warn(`${file.path}: no records (empty file)`);
    else if (
      result.rejected > 0 &&
      result.loaded + result.duplicates === 0 &&
      result.rejected === result.records - result.filtered - result.paired
    ) {
      throw await allRejected(ctx, result);
    }
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
    // One statement per table, whatever the list's length (100,000 CIDRs are a real investigation).
    await ctx.db.insertMany(
      'indicators',
      [
        { name: 'actor', type: 'VARCHAR' },
        { name: 'type', type: 'VARCHAR' },
        { name: 'value', type: 'VARCHAR' },
        { name: 'ordinal', type: 'INTEGER' },
        { name: 'source', type: 'VARCHAR' },
      ],
      investigation.indicators,
    );
    await ctx.db.insertMany(
      'model_releases',
      [
        { name: 'model', type: 'VARCHAR' },
        { name: 'released_at', type: 'TIMESTAMP' },
      ],
      investigation.modelReleases.map((r) => ({ model: r.model, released_at: r.releasedAt })),
    );
    await ctx.db.insertMany(
      'enforcement',
      [
        { name: 'account_id', type: 'VARCHAR' },
        { name: 'action', type: 'VARCHAR' },
        { name: 'at', type: 'TIMESTAMP' },
      ],
      investigation.enforcement.map((e) => ({ account_id: e.accountId, action: e.action, at: e.at })),
    );
  }
  const rate = ctx.options.samplingRate ?? investigation?.samplingRate ?? 1;
  await ctx.db.run(`DELETE FROM settings WHERE name = 'sampling_rate'`);
  await ctx.db.run(`INSERT INTO settings VALUES ('sampling_rate', $rate)`, { rate: String(rate) });
}

/**
 * The load's progress line: files and records read, the rate, and an estimate of the time left
 * from the bytes still to read at the rate so far (no estimate before a second of data).
 */
export function loadProgress(
  filesDone: number,
  files: number,
  records: number,
  doneBytes: number,
  totalBytes: number,
  elapsedMs: number,
  current: string,
): string {
  const seconds = elapsedMs / 1000;
  const rate = seconds >= 1 ? `, ${Math.round(records / seconds).toLocaleString('en-US')} records/s` : '';
  const left =
    seconds >= 1 && doneBytes > 0 && totalBytes > doneBytes
      ? `, about ${humanDuration((elapsedMs * (totalBytes - doneBytes)) / doneBytes)} left`
      : '';
  return `${filesDone}/${files} files, ${records.toLocaleString('en-US')} records${rate}${left} · ${current}`;
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
    const list = shown
      .slice(0, 5)
      .map((s) => `${s.path} (${s.reason})`)
      .join(', ');
    ctx.log.warn(`skipped ${shown.length} input file(s), listed in the report: ${list}${shown.length > 5 ? ', …' : ''}`);
  }
}

/** How many of a wholly rejected file's reasons and fields the message names. */
const SHOWN_REASONS = 3;
const SHOWN_FIELDS = 30;

/**
 * A file of which every exchange was rejected is not "no finding": it is a mapping or format
 * the loader did not understand. The run stops (exit 2) naming the file, its most frequent
 * reasons and the fields its records have, so the next try can name the right ones.
 */
async function allRejected(ctx: Context, result: FileResult): Promise<UserError> {
  const reasons = await ctx.db.all<{ reason: string; n: number }>(
    `SELECT reason, count(*) AS n FROM quarantine WHERE file = $file GROUP BY reason ORDER BY n DESC, reason LIMIT ${SHOWN_REASONS}`,
    { file: result.path },
  );
  const top = reasons.map((r) => `${r.reason} (${r.n})`).join('; ');
  const fields = result.fields.slice(0, SHOWN_FIELDS).join(', ') + (result.fields.length > SHOWN_FIELDS ? ', …' : '');
  return new UserError(
    `all ${result.rejected} record(s) rejected, none loaded; most frequent reasons: ${top}. ` +
      `Format: ${result.profile} (${result.format}). Fields its records have: ${fields || '(none)'}. ` +
      'Name the right fields with --map (see distill-audit schema) or the export profile with --format.',
    'input-all-rejected',
    result.path,
  );
}
