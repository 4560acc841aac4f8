import type { Report } from './model.js';

/**
 * Everything the Markdown and HTML renderers show: report.json plus the evidence and chart data
 * gathered from the run's tables. Renderers format this and compute nothing. It is stored with
 * each run (`report_runs`) so `distill-audit report --db` can render again without rescanning.
 */
export interface ReportView {
  report: Report;
  /** Per campaign id: what ties its accounts together and what its prompts look like. */
  evidence: Record<string, CampaignEvidence>;
  charts: ChartData;
  /** Settings of the run that the reader needs to interpret the numbers. */
  samplingRate: number;
  /** True when ids are hashed, IPs cut and prompt text left out (`--redact`). */
  redacted: boolean;
}

export interface CampaignEvidence {
  ties: Tie[];
  prompts: PromptSample[];
}

/** A value shared by the campaign's accounts (from `cluster_ties`). */
export interface Tie {
  kind: string;
  value: string;
  accounts: number;
  weight: number;
}

/** The most repeated prompt templates of a campaign, each with one example. */
export interface PromptSample {
  template: string;
  exchanges: number;
  accounts: number;
  example: string;
}

export interface ChartData {
  /** Why charts are missing, when they are; null when the data was there. */
  missing: string | null;
  /** Exchanges and active accounts per campaign per UTC day. */
  daily: { campaign_id: string; day: string; exchanges: number; accounts: number }[];
  releases: ReleaseShare[];
}

/** Share of traffic on a newly released model, in buckets around its release. */
export interface ReleaseShare {
  model: string;
  released_at: string;
  bucket_hours: number;
  /** `group` is a campaign id, or null for all exchanges outside campaigns. */
  points: { group: string | null; bucket: string; exchanges: number; on_model: number }[];
}
