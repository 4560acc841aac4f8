import type { Database } from './db/database.js';
import type { Logger } from './cli/output.js';

/** Everything a stage may use, passed down explicitly: there is no module-level state. */
export interface Context {
  db: Database;
  options: RunOptions;
  log: Logger;
  /** The run's clock; pinned by SOURCE_DATE_EPOCH so reports can be byte-compared. */
  now: Date;
  /** Wall time of each stage and detector, in run order. */
  timings: Timing[];
}

/**
 * Wall time of one step. A stage's own timing has no version; a versioned component (a detector,
 * a rule pack, a stage's algorithm such as links or cluster) carries its version, and `kind`
 * says which of those it is (report.json's `detectors[].kind`; absent means `stage`).
 */
export interface Timing {
  stage: string;
  name: string;
  version?: string;
  kind?: ComponentKind;
  ms: number;
}

/** What a versioned entry of report.json's `detectors` list is. */
export type ComponentKind = 'detector' | 'rule-pack' | 'stage';

export interface TimeWindow {
  since?: Date;
  until?: Date;
  /** Length of a window that ends at the last exchange loaded, in milliseconds. */
  lastMs?: number;
}

/** Options of a run, already parsed and validated by the CLI. */
export interface RunOptions {
  paths: string[];
  /** Partial directories (`scan --features`) merged instead of loading `paths`. */
  partials?: string[];
  out: string;
  map?: string;
  /** `--format NAME`: the export profile every input is read with, instead of the detected one. */
  format?: string;
  accounts?: string;
  indicators?: string;
  db?: string;
  strict: boolean;
  force: boolean;
  window: TimeWindow;
  threads?: number;
  memoryLimit?: string;
  samplingRate?: number;
  rules: string[];
  /** Extra options of later stages, by name; kept as data so config_sha256 covers them. */
  extra: Record<string, unknown>;
}
