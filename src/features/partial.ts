import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Context } from '../context.js';
import type { Database } from '../db/database.js';
import { quoteString } from '../db/sql.js';
import { UserError } from '../errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

/**
 * A partial: what `distill-audit features` writes for one partition of the logs (a day, a shard),
 * and what `scan --features` merges. Parquet files plus a manifest:
 *
 * - `exchanges.parquet`: every loaded exchange without its answer text (no later stage reads
 *   answers), with its per-exchange features (template, capability, elicitation rules, frame);
 * - `inputs.parquet`, `quarantine.parquet`, `skipped_files.parquet`: the chain of custody;
 * - `rule_patterns.parquet`: the rules the features were matched with.
 *
 * Merging is a union: an exchange whose `request_id` an earlier file (in path order) already
 * holds is a duplicate, exactly as when the files are loaded in one scan.
 */
export const PARTIAL_SCHEMA = 'distill-audit/partial@1';
const FILES = ['exchanges', 'inputs', 'quarantine', 'skipped_files', 'rule_patterns'] as const;
const FEATURE_COLUMNS = 'template_id, capability, elicitation, frame_id';

export interface PartialManifest {
  schema: string;
  tool: { name: string; version: string };
  exchanges: number;
  inputs: number;
  /** SHA-256 of the rule patterns matched: partials merge only when they used the same rules. */
  rules_sha256: string;
  /**
   * Each pack matched, with the milliseconds of this partition's one matching pass (all packs are
   * matched together, so every pack carries the same figure; it is no per-pack time).
   */
  rules: { name: string; version: string; ms: number }[];
  files: Record<(typeof FILES)[number], string>;
  /**
   * Set when the partial is one bucket of an account-sharded run (`distill-audit shard-features`):
   * its bucket, the bucket count and the hash of the chain of custody every bucket carries whole.
   */
  shard?: {
    index: number;
    count: number;
    custody_sha256: string;
    /** Records of this bucket dropped as repeats of a record in another piece, per file. */
    duplicates?: { path: string; n: number }[];
  };
}

/** Writes the partial of the run's exchanges into `dir` (a staging directory). */
export async function writePartial(ctx: Context, dir: string): Promise<PartialManifest> {
  const db = ctx.db;
  const target = (name: string): string => quoteString(join(dir, `${name}.parquet`));
  const parquet = '(FORMAT parquet, COMPRESSION zstd)';
  await db.run(`COPY (SELECT e.* EXCLUDE (response), ${FEATURE_COLUMNS.split(', ')
    .map((c) => `f.${c}`)
    .join(', ')}
                        FROM exchanges e JOIN exchange_features f USING (request_id)
                       ORDER BY e.source_file, e.source_line)
                  TO ${target('exchanges')} ${parquet}`);
  await db.run(`COPY (SELECT * FROM inputs ORDER BY path, sha256) TO ${target('inputs')} ${parquet}`);
  await db.run(`COPY (SELECT * FROM quarantine ORDER BY file, line, reason) TO ${target('quarantine')} ${parquet}`);
  await db.run(`COPY (SELECT * FROM skipped_files ORDER BY path) TO ${target('skipped_files')} ${parquet}`);
  await db.run(`COPY (SELECT * FROM rule_patterns ORDER BY pack, id) TO ${target('rule_patterns')} ${parquet}`);
  const manifest: PartialManifest = {
    schema: PARTIAL_SCHEMA,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    exchanges: Number(await db.value<number>('SELECT count(*) FROM exchanges')),
    inputs: Number(await db.value<number>('SELECT count(*) FROM inputs')),
    rules_sha256: await rulesHash(db),
    rules: ctx.timings
      .filter((t) => t.name.startsWith('rules:') && t.version !== undefined)
      .map((t) => ({ name: t.name.slice('rules:'.length), version: t.version!, ms: t.ms })),
    files: Object.fromEntries(FILES.map((f) => [f, `${f}.parquet`])) as PartialManifest['files'],
  };
  return manifest;
}

async function rulesHash(db: Database): Promise<string> {
  const rows = await db.all('SELECT id, kind, capability, weight, level, pack, pack_version, source FROM rule_patterns ORDER BY pack, id');
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

export interface Partial {
  dir: string;
  manifest: PartialManifest;
  file(name: (typeof FILES)[number]): string;
}

/** Reads and checks the manifests of the partials named on the command line (exit 2 on any problem). */
export function readPartials(dirs: string[]): Partial[] {
  const partials = dirs.map((d) => {
    const dir = resolve(d);
    const path = join(dir, 'manifest.json');
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new UserError(`${d}: not a directory (give the directories \`distill-audit features --out\` wrote)`, 'partial-missing', d);
    if (!existsSync(path))
      throw new UserError(`${d}: no manifest.json; not a partial written by \`distill-audit features\``, 'partial-invalid', d);
    let manifest: PartialManifest;
    try {
      manifest = JSON.parse(readFileSync(path, 'utf8')) as PartialManifest;
    } catch (err) {
      throw new UserError(`${path}: not valid JSON (${(err as Error).message})`, 'partial-invalid', path);
    }
    if (manifest?.schema !== PARTIAL_SCHEMA) {
      throw new UserError(
        `${path}: schema ${JSON.stringify(manifest?.schema)} is not ${PARTIAL_SCHEMA}; write the partial again with this version of distill-audit`,
        'partial-invalid',
        path,
      );
    }
    for (const f of FILES) {
      if (!existsSync(join(dir, `${f}.parquet`)))
        throw new UserError(`${d}: ${f}.parquet is missing; write the partial again`, 'partial-invalid', d);
    }
    return { dir, manifest, file: (name: (typeof FILES)[number]) => join(dir, `${name}.parquet`) };
  });
  const first = partials[0]!;
  checkShards(partials);
  for (const p of partials.slice(1)) {
    if (p.manifest.rules_sha256 !== first.manifest.rules_sha256) {
      throw new UserError(
        `${p.dir} was matched with other rules than ${first.dir} (rule packs ${packs(p)} vs ${packs(first)}); write every partial with the same --rules`,
        'partial-rules',
      );
    }
  }
  return partials;
}

/**
 * Buckets of an account-sharded run merge only as a whole set: every bucket once, all of one
 * count and one chain of custody. A bucket missing would drop its accounts without a word.
 */
function checkShards(partials: Partial[]): void {
  const sharded = partials.filter((p) => p.manifest.shard !== undefined);
  if (sharded.length === 0) return;
  if (sharded.length !== partials.length) {
    throw new UserError(
      `${sharded[0]!.dir} is one bucket of a sharded run and ${partials.find((p) => !p.manifest.shard)!.dir} is not; merge the buckets of one run only`,
      'partial-shards',
    );
  }
  const { count, custody_sha256: custody } = sharded[0]!.manifest.shard!;
  const seen = new Map<number, string>();
  for (const p of sharded) {
    const s = p.manifest.shard!;
    if (s.count !== count || s.custody_sha256 !== custody) {
      throw new UserError(
        `${p.dir} is a bucket of another sharded run than ${sharded[0]!.dir} (other shard count or other inputs); merge the buckets of one run only`,
        'partial-shards',
      );
    }
    if (!Number.isInteger(s.index) || s.index < 0 || s.index >= count)
      throw new UserError(`${p.dir}: bucket ${s.index} is not one of 0..${count - 1}`, 'partial-invalid', p.dir);
    if (seen.has(s.index))
      throw new UserError(`bucket ${s.index} is given twice (${seen.get(s.index)} and ${p.dir}); give each bucket once`, 'partial-shards');
    seen.set(s.index, p.dir);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    throw new UserError(
      `bucket(s) ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''} of ${count} missing; their accounts would be left out of the report`,
      'partial-shards',
    );
  }
}

/** Partials whose chain of custody the merge reads: every bucket of a sharded run carries it whole. */
function custodyOf(partials: Partial[]): Partial[] {
  return partials[0]!.manifest.shard ? [partials[0]!] : partials;
}

function packs(p: Partial): string {
  return p.manifest.rules.map((r) => `${r.name} v${r.version}`).join(', ');
}

function list(partials: Partial[], name: (typeof FILES)[number]): string {
  return `[${partials.map((p) => quoteString(p.file(name))).join(', ')}]`;
}

/**
 * Merges partials into the tables a scan of the same logs would have after its load stage
 * (`loaded_exchanges`, `inputs`, `quarantine`, `skipped_files`) plus `partial_features` and
 * `rule_patterns`. Load tables must exist (createLoadTables).
 */
export async function mergePartials(ctx: Context, partials: Partial[]): Promise<void> {
  const db = ctx.db;
  const rows = `read_parquet(${list(partials, 'exchanges')})`;
  const custody = custodyOf(partials);
  // The same file in two partials would be counted twice; a scan of the logs reads it once.
  const repeated = await db.all<{ path: string; n: number }>(
    `SELECT path, count(*) AS n FROM read_parquet(${list(custody, 'inputs')}) GROUP BY path HAVING count(*) > 1 ORDER BY path LIMIT 1`,
  );
  if (repeated.length > 0) {
    throw new UserError(
      `${repeated[0]!.path} is in ${repeated[0]!.n} of the partials; give each log file to one partial`,
      'partial-overlap',
    );
  }
  // A file whose bytes an earlier file (path order) already had adds nothing, as in one scan.
  await db.run(`CREATE OR REPLACE TEMP TABLE merge_inputs AS
    SELECT * FROM read_parquet(${list(custody, 'inputs')})
    QUALIFY row_number() OVER (PARTITION BY sha256 ORDER BY path) = 1`);
  // Repeats a bucket dropped across pieces of a sharded run (the pieces' custody counted them loaded).
  const repeats = partials.flatMap((p) => p.manifest.shard?.duplicates ?? []);
  if (repeats.length > 0) {
    await db.run('CREATE OR REPLACE TEMP TABLE shard_repeats (path VARCHAR, n BIGINT)');
    await db.insertMany(
      'shard_repeats',
      [
        { name: 'path', type: 'VARCHAR' },
        { name: 'n', type: 'BIGINT' },
      ],
      repeats,
    );
    await db.run(`UPDATE merge_inputs i SET loaded = i.loaded - r.n, duplicates = i.duplicates + r.n
                    FROM (SELECT path, sum(n) AS n FROM shard_repeats GROUP BY path) r WHERE r.path = i.path`);
  }
  // Duplicates across partitions: the first record of a request id in (file, line) order stays.
  await db.run(`CREATE OR REPLACE TEMP TABLE merge_dropped AS
    WITH ids AS (
      SELECT request_id, source_file, source_line FROM ${rows}
    ), repeated AS (
      SELECT request_id FROM ids GROUP BY request_id HAVING count(*) > 1
    )
    SELECT request_id, source_file, source_line FROM ids SEMI JOIN repeated USING (request_id)
    QUALIFY row_number() OVER (PARTITION BY request_id ORDER BY source_file, source_line) > 1`);
  const kept = `(${keptRowsSql(partials)})`;
  // Prompt text stays in the partials' files (exchange_prompts reads it there for the few
  // exchanges a report quotes or an indicator tests): the merged table holds no text body.
  await db.run(`INSERT INTO loaded_exchanges BY NAME SELECT * EXCLUDE (prompt, ${FEATURE_COLUMNS}) FROM ${kept}`);
  await db.run(`CREATE OR REPLACE TABLE partial_features AS SELECT request_id, account_id, ts, ${FEATURE_COLUMNS} FROM ${kept}`);
  await db.run(`INSERT INTO inputs SELECT i.* REPLACE (i.loaded - coalesce(d.n, 0) AS loaded, i.duplicates + coalesce(d.n, 0) AS duplicates)
    FROM merge_inputs i LEFT JOIN (SELECT source_file, count(*) AS n FROM merge_dropped GROUP BY ALL) d ON d.source_file = i.path`);
  await db.run(
    `INSERT INTO quarantine SELECT * FROM read_parquet(${list(custody, 'quarantine')}) WHERE file IN (SELECT path FROM merge_inputs)`,
  );
  await db.run(`INSERT INTO skipped_files SELECT DISTINCT * FROM read_parquet(${list(custody, 'skipped_files')})`);
  await db.run(`CREATE OR REPLACE TABLE rule_patterns AS SELECT * FROM read_parquet(${quoteString(partials[0]!.file('rule_patterns'))})`);
  for (const r of partials[0]!.manifest.rules) {
    const ms = partials.reduce((n, p) => n + (p.manifest.rules.find((x) => x.name === r.name)?.ms ?? 0), 0);
    ctx.timings.push({ stage: 'features', name: `rules:${r.name}`, version: r.version, kind: 'rule-pack', ms });
  }
}

/**
 * The partials' exchange rows the merge keeps: from files not repeated elsewhere, without the
 * records an earlier file already held (`merge_inputs`, `merge_dropped`, made by mergePartials).
 */
function keptRowsSql(partials: Partial[]): string {
  return `SELECT * FROM read_parquet(${list(partials, 'exchanges')}) r
           WHERE r.source_file IN (SELECT path FROM merge_inputs)
             AND NOT EXISTS (SELECT 1 FROM merge_dropped d
                              WHERE d.request_id = r.request_id AND d.source_file = r.source_file AND d.source_line = r.source_line)`;
}

/** The prompt text of the merged exchanges, read from the partials' files when asked for. */
export function partialPromptsSql(partials: Partial[]): string {
  return `SELECT request_id, account_id, prompt FROM (${keptRowsSql(partials)})`;
}
