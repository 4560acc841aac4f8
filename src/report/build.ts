import { DECISION } from '../campaign/thresholds.js';
import { ATTACH, DEFAULT_CLUSTER_PARAMS } from '../cluster/index.js';
import { MIN_EDGE_WEIGHT } from '../link/kinds.js';
import { DEFAULT_LIMITS } from '../link/rarity.js';
import { createHash } from 'node:crypto';
import type { Context } from '../context.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { HIDDEN } from '../load/input-file.js';
import type { AppliedWindow } from '../load/window.js';
import { DETECTORS } from '../detectors/registry.js';
import type { Detector } from '../detectors/detector.js';
import { EVIDENCE, evidenceCounts, missingEvidence } from '../load/evidence.js';
import { TIE_KINDS } from '../link/kinds.js';
import {
  REPORT_SCHEMA,
  type Campaign,
  type EvidenceCoverage,
  type InputSummary,
  type Report,
  type SkippedInput,
  type Totals,
} from './model.js';
import { presentTables, tableColumns } from '../db/tables.js';

/** Campaign sections are contributed by later stages; each reads its own tables. */
export type CampaignSource = (ctx: Context) => Promise<Campaign[]>;

/** Assembles report.json from the run's tables. Reads only; computes nothing new. */
export async function buildReport(ctx: Context, campaignSource?: CampaignSource): Promise<Report> {
  // A database kept by a version before export profiles (report --db) has no profile columns.
  const has = await tableColumns(ctx.db, 'inputs');
  const or = (column: string, fallback: string) => (has.has(column) ? `coalesce(${column}, ${fallback})` : fallback);
  const inputs = await ctx.db.all<InputSummary & Record<string, unknown>>(
    `SELECT path, sha256, format, records, loaded, rejected, duplicates,
            ${or('profile', `'generic'`)} AS profile, ${or('caller', 'NULL')} AS caller,
            ${or('filtered', '0')} AS filtered, ${or('paired', '0')} AS paired
       FROM inputs ORDER BY path, sha256`,
  );
  const totals = (await ctx.db.one<Totals & Record<string, unknown>>(
    `SELECT count(*) AS exchanges,
            count(DISTINCT account_id) AS accounts,
            strftime(min(ts), '%Y-%m-%dT%H:%M:%SZ') AS start,
            strftime(max(ts), '%Y-%m-%dT%H:%M:%SZ') AS "end"
       FROM exchanges`,
  ))!;
  const campaigns = campaignSource ? await campaignSource(ctx) : [];
  const tables = await presentTables(ctx.db);
  const skipped = tables.has('skipped_files')
    ? await ctx.db.all<SkippedInput & Record<string, unknown>>(
        `SELECT path, reason FROM skipped_files WHERE reason <> $hidden ORDER BY path, reason`,
        { hidden: HIDDEN },
      )
    : [];
  const windowText = tables.has('window_applied') ? await ctx.db.value<string | null>('SELECT applied FROM window_applied') : null;
  const window = windowText ? (JSON.parse(windowText) as AppliedWindow) : null;
  const asked = Object.values(ctx.options.window).some((v) => v !== undefined);
  const evidence = await coverage(ctx);
  return {
    schema: REPORT_SCHEMA,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    generated_at: ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    config_sha256: configHash(ctx),
    inputs: inputs.map((i) => ({
      path: i.path,
      sha256: i.sha256,
      format: i.format,
      records: i.records,
      loaded: i.loaded,
      rejected: i.rejected,
      duplicates: i.duplicates,
      profile: i.profile,
      caller: i.caller,
      filtered: i.filtered,
      paired: i.paired,
    })),
    totals: { exchanges: totals.exchanges, accounts: totals.accounts, start: totals.start, end: totals.end },
    campaigns,
    detectors: ctx.timings
      .filter((t) => t.version !== undefined)
      .map((t) => ({ name: t.name, version: t.version!, kind: t.kind ?? 'stage', ms: t.ms })),
    stages: ctx.timings.filter((t) => t.version === undefined).map((t) => ({ name: t.name, ms: t.ms })),
    ...(skipped.length ? { skipped_inputs: skipped.map((s) => ({ path: s.path, reason: s.reason })) } : {}),
    ...(window && (asked || window.future > 0) ? { window } : {}),
    ...(evidence ? { evidence } : {}),
  };
}

/**
 * The evidence the inputs carried (`evidence_coverage`) and, from the `needs` of each detector
 * and tie kind, which of them could not run. Null when the evidence stage has not run.
 */
async function coverage(ctx: Context): Promise<EvidenceCoverage | null> {
  const counts = await evidenceCounts(ctx);
  if (counts.size === 0) return null;
  return {
    kinds: EVIDENCE.map((e) => ({
      kind: e.kind,
      label: e.label,
      of: e.of,
      present: counts.get(e.kind)?.present ?? 0,
      total: counts.get(e.kind)?.total ?? 0,
    })),
    not_run: {
      detectors: DETECTORS.map((d) => ({ name: d.name, missing: missingEvidence(d.needs, counts) })).filter((d) => d.missing.length > 0),
      tie_kinds: TIE_KINDS.map((k) => ({ kind: k.kind, missing: missingEvidence(k.needs, counts) })).filter((k) => k.missing.length > 0),
    },
  };
}

/**
 * Hash of every option that can change findings, so two reports can be compared knowing whether
 * they were made the same way: the options, and each detector's version, role and thresholds
 * (`detectors/registry.ts`). Paths of inputs are left out: their content is in `inputs`.
 */
export function configHash(ctx: Context, detectors: readonly Detector[] = DETECTORS): string {
  const o = ctx.options;
  const config = {
    tool: TOOL_VERSION,
    map: o.map ?? null,
    // Only when given, so that the hash of a run without it is what it was before the flag existed.
    ...(o.format ? { format: o.format } : {}),
    window: {
      since: o.window.since?.toISOString() ?? null,
      until: o.window.until?.toISOString() ?? null,
      lastMs: o.window.lastMs ?? null,
    },
    samplingRate: o.samplingRate ?? null,
    rules: o.rules,
    // The options of later stages, under the name and shape they first had in the hash (only when given).
    extra: sortKeys({
      ...(o.allowlist !== undefined ? { allowlist: o.allowlist } : {}),
      ...(o.minLevel !== undefined ? { minLevel: o.minLevel } : {}),
      ...(o.failOn !== undefined ? { failOn: o.failOn } : {}),
      ...(o.partnerSalt !== undefined ? { partnerSalt: o.partnerSalt } : {}),
    }),
    detectors: detectors.map((d) => ({ name: d.name, version: d.version, role: d.role, params: d.params.map((p) => [p.name, p.value]) })),
    // The numbers later stages turn on, outside the detectors: the same findings need the same ones.
    thresholds: {
      ties: { kinds: TIE_KINDS, minEdgeWeight: MIN_EDGE_WEIGHT, expansion: DEFAULT_LIMITS },
      cluster: { params: DEFAULT_CLUSTER_PARAMS, attach: ATTACH },
      decision: DECISION,
    },
  };
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
