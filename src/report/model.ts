import type { AppliedWindow } from '../load/window.js';
import type { ComponentKind } from '../context.js';

/**
 * The shape of `report.json`, schema `distill-audit/report@2` (CONTRACT.md section 2; what @2 adds
 * over @1, all optional, is in docs/contract.md). Written as `REPORT_SCHEMA`; read as any of
 * `READABLE_REPORT_SCHEMAS`, since a report@1 is a report@2 without the added fields.
 */
export const REPORT_SCHEMA = 'distill-audit/report@2';
export const READABLE_REPORT_SCHEMAS = ['distill-audit/report@1', REPORT_SCHEMA] as const;

export interface Report {
  schema: (typeof READABLE_REPORT_SCHEMAS)[number];
  tool: { name: string; version: string };
  generated_at: string;
  config_sha256: string;
  inputs: InputSummary[];
  totals: Totals;
  campaigns: Campaign[];
  detectors: DetectorRun[];
  /** Wall time of each pipeline stage before the report itself, in run order. */
  stages?: StageRun[];
  /** Files a directory walk or glob met and did not read (hidden names aside), with why; absent when none. */
  skipped_inputs?: SkippedInput[];
  /** The time window applied and what fell outside it; present when a window was asked or exchanges are future-dated. */
  window?: AppliedWindow;
  /** Which kinds of evidence the inputs carried, and which detectors and tie kinds could therefore not run. */
  evidence?: EvidenceCoverage;
}

export interface EvidenceCoverage {
  /** Per kind: rows carrying it (`present`) of the rows it is counted on (`of`: exchanges in the window, or a side input's rows). */
  kinds: { kind: string; label: string; of: string; present: number; total: number }[];
  /** Detectors that did not run, and tie kinds that could not form, each with the evidence it lacked. */
  not_run: { detectors: { name: string; missing: string[] }[]; tie_kinds: { kind: string; missing: string[] }[] };
}

export interface SkippedInput {
  path: string;
  reason: string;
}

export interface InputSummary {
  path: string;
  sha256: string;
  format: string;
  records: number;
  loaded: number;
  rejected: number;
  duplicates: number;
  /** Export profile the file was read with (`generic`: column names and aliases); `format` is the container. */
  profile: string;
  /** The caller identity used as account_id (the path that held a value in most sampled records, and its kind). */
  caller: string | null;
  /** Rows the profile's (or --map's) row filter says are not exchanges. */
  filtered: number;
  /** Rows merged into the row they pair with (a response row into its request row). */
  paired: number;
}

export interface Totals {
  exchanges: number;
  accounts: number;
  start: string | null;
  end: string | null;
}

export interface Campaign {
  id: string;
  score: number;
  level?: string;
  attribution: Attribution;
  accounts: string[];
  account_count: number;
  exchanges: ExchangeEstimate;
  first_seen: string;
  last_seen: string;
  focus: { capability: string; share: number }[];
  signals: { detector: string; strength: number; detail: string }[];
}

export interface Attribution {
  actor: string | null;
  confidence: 'high' | 'medium' | 'low' | null;
  /** `source`: the partner whose shared indicator (STIX bundle, MISP event) corroborates; absent for the investigator's own. */
  evidence: { indicator: string; accounts: number; exchanges: number; source?: string }[];
}

export interface ExchangeEstimate {
  observed: number;
  estimate: number;
  ci95: [number, number];
  disclosure: string;
}

export interface StageRun {
  name: string;
  ms: number;
}

/**
 * A versioned component of the run: a detector, a rule pack (`rules:<pack>`) or a stage's
 * algorithm (links, cluster). `kind` says which; reports written before it existed lack it.
 */
export interface DetectorRun {
  name: string;
  version: string;
  kind?: ComponentKind;
  ms: number;
}
