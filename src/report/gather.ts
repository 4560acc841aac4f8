import type { Database } from '../db/database.js';
import { sqlFile } from '../db/sql.js';
import type { Report } from './model.js';
import { presentTables } from '../db/tables.js';
import type { CampaignEvidence, ChartData, PromptSample, ReleaseShare, ReportView, Tie } from './view.js';

const TIES_PER_CAMPAIGN = 10;
const PROMPTS_PER_CAMPAIGN = 3;
/** Six-hour buckets resolve a pivot "within 24 hours" into four steps. */
const RELEASE_BUCKET_HOURS = 6;

/** Reads what the Markdown and HTML reports show beyond report.json from the run's tables. */
export async function gatherView(db: Database, report: Report): Promise<ReportView> {
  const tables = await presentTables(db);
  const ids = new Set(report.campaigns.map((c) => c.id));
  return {
    report,
    evidence: await gatherEvidence(db, tables, ids),
    charts: await gatherCharts(db, tables, ids),
    samplingRate: await samplingRate(db, tables),
    redacted: false,
  };
}

async function gatherEvidence(db: Database, tables: Set<string>, ids: Set<string>): Promise<Record<string, CampaignEvidence>> {
  const evidence: Record<string, CampaignEvidence> = {};
  for (const id of ids) evidence[id] = { ties: [], prompts: [] };
  if (ids.size === 0) return evidence;
  if (hasAll(tables, ['campaign_accounts', 'clusters', 'cluster_ties'])) {
    const ties = await db.all<Tie & { campaign_id: string } & Record<string, unknown>>(sqlFile(import.meta.url, 'ties.sql'), {
      limit: TIES_PER_CAMPAIGN,
    });
    for (const { campaign_id, ...tie } of ties) evidence[campaign_id]?.ties.push(tie);
  }
  if (hasAll(tables, ['exchange_labels', 'exchange_features', 'exchange_prompts'])) {
    const prompts = await db.all<PromptSample & { campaign_id: string } & Record<string, unknown>>(
      sqlFile(import.meta.url, 'prompts.sql'),
      {
        limit: PROMPTS_PER_CAMPAIGN,
      },
    );
    for (const { campaign_id, ...sample } of prompts) evidence[campaign_id]?.prompts.push(sample);
  }
  return evidence;
}

async function gatherCharts(db: Database, tables: Set<string>, ids: Set<string>): Promise<ChartData> {
  if (ids.size === 0) return { missing: 'No campaign was found, so there is nothing to chart.', daily: [], releases: [] };
  if (!hasAll(tables, ['exchange_labels', 'exchanges'])) {
    return {
      missing: 'This run holds no exchange labels (exchange_labels), so campaign traffic cannot be charted.',
      daily: [],
      releases: [],
    };
  }
  type Day = ChartData['daily'][number];
  const daily = (await db.all<Day>(sqlFile(import.meta.url, 'daily.sql'))).filter((d) => ids.has(d.campaign_id));
  let releases: ReleaseShare[] = [];
  if (tables.has('model_releases')) {
    const rows = await db.all<{
      model: string;
      released_at: string;
      group: string | null;
      bucket: string;
      exchanges: number;
      on_model: number;
    }>(sqlFile(import.meta.url, 'release-share.sql'), { hours: RELEASE_BUCKET_HOURS });
    releases = groupReleases(rows.filter((r) => r.group === null || ids.has(r.group)));
  }
  return { missing: null, daily: densify(daily), releases };
}

function groupReleases(
  rows: { model: string; released_at: string; group: string | null; bucket: string; exchanges: number; on_model: number }[],
): ReleaseShare[] {
  const byRelease = new Map<string, ReleaseShare>();
  for (const r of rows) {
    const key = `${r.model}\u0000${r.released_at}`;
    let release = byRelease.get(key);
    if (!release) {
      release = { model: r.model, released_at: r.released_at, bucket_hours: RELEASE_BUCKET_HOURS, points: [] };
      byRelease.set(key, release);
    }
    release.points.push({ group: r.group, bucket: r.bucket, exchanges: r.exchanges, on_model: r.on_model });
  }
  // A release no campaign traffic came near says nothing about campaigns.
  return [...byRelease.values()].filter((r) => r.points.some((p) => p.group !== null && p.on_model > 0));
}

/** Days without traffic inside a campaign's active period are zero, not gaps, on a chart. */
function densify(days: ChartData['daily']): ChartData['daily'] {
  const out: ChartData['daily'] = [];
  const byCampaign = new Map<string, ChartData['daily']>();
  for (const d of days) {
    const list = byCampaign.get(d.campaign_id) ?? [];
    list.push(d);
    byCampaign.set(d.campaign_id, list);
  }
  for (const [campaign, list] of byCampaign) {
    const seen = new Map(list.map((d) => [d.day, d]));
    const last = Date.parse(`${list[list.length - 1]!.day}T00:00:00Z`);
    for (let t = Date.parse(`${list[0]!.day}T00:00:00Z`); t <= last; t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      out.push(seen.get(day) ?? { campaign_id: campaign, day, exchanges: 0, accounts: 0 });
    }
  }
  return out;
}

async function samplingRate(db: Database, tables: Set<string>): Promise<number> {
  if (!tables.has('settings')) return 1;
  const value = await db.value<string | null>(`SELECT max(value) FROM settings WHERE name = 'sampling_rate'`);
  const rate = Number(value);
  return value !== null && value !== undefined && rate > 0 && rate <= 1 ? rate : 1;
}

function hasAll(tables: Set<string>, names: string[]): boolean {
  return names.every((n) => tables.has(n));
}
