import type { Level } from './campaign/level.js';
import type { Database } from './db/database.js';

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

/** Where a stage's notes, warnings and progress go; the CLI's `Output` is one, tests keep a `MemoryLog`. */
export interface Logger {
  /** A note for the person running the tool (stderr; silent with --quiet). */
  info(message: string): void;
  /** A warning that also survives --quiet. */
  warn(message: string): void;
  /** Progress of a long step; drawn only when stderr is a terminal. */
  progress(label: string, done: number, total: number): void;
  /** Ends a progress line, if one is drawn (and the running stage's clock). */
  progressDone(): void;
  /** A stage begins: on a terminal its name and running time are shown until `progressDone`. */
  stageStarted?(name: string): void;
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
  /** `--allowlist FILE`, as an absolute path. */
  allowlist?: string;
  /** `--min-level`: campaigns below it are left out of the report. */
  minLevel?: Level;
  /** `--fail-on`: a campaign at or above it makes the run exit 1. */
  failOn?: Level;
  /** `scan --partner-salt`: hashes a partner's salted ids the same way, to compare them. */
  partnerSalt?: string;
  /**
   * Reads every file line by line (the reference read) instead of the typed columnar read of
   * Parquet, CSV and TSV: for tests that compare the two. No flag sets it.
   */
  lineByLine?: boolean;
}
