import { randomBytes } from 'node:crypto';
import { Option, type Command } from 'commander';
import { UserError } from '../errors.js';
import { PROFILES } from '../load/profiles.js';
import { resolve } from 'node:path';
import type { RunOptions, TimeWindow } from '../context.js';
import { isLevel, LEVELS, type Level } from '../campaign/level.js';
import { parseTime } from '../time.js';

/**
 * Every flag that more than one command takes is defined here once, in a flag group: the group's
 * options (`add…Options`) and the typed fields they parse into (`…Flags`). A command adds the
 * groups it takes, declares its flags as the union of their types plus its own, and turns them
 * into `RunOptions` with `runOptions` (the one place that does).
 */
const FLAG = {
  map: () => new Option('--map <file>', 'JSON mapping of canonical column to source field (dotted paths allowed); wins over detection'),
  format: () =>
    new Option('--format <name>', 'read every input as this export profile (see schema --formats) instead of detecting it').argParser(
      profileName,
    ),
  strict: () => new Option('--strict', 'exit 2 when any record is rejected'),
  accounts: () => new Option('--accounts <file>', 'accounts export (CSV, JSON Lines or Parquet)'),
  indicators: () => new Option('--indicators <file>', 'investigation file (JSON): actors and indicators, model releases, enforcement'),
  samplingRate: () => new Option('--sampling-rate <rate>', 'fraction of all exchanges the export holds (0 < rate <= 1)').argParser(rate),
  since: () => new Option('--since <time>', 'only exchanges at or after this time (ISO-8601, UTC when no zone)'),
  until: () => new Option('--until <time>', 'only exchanges before this time (ISO-8601, UTC when no zone)'),
  last: () => new Option('--last <duration>', 'only the last duration of the data, ending at its latest exchange (e.g. 30d, 12h, 2w)'),
  db: () => new Option('--db <file>', 'keep a DuckDB database across runs (inputs already loaded are not loaded again)'),
  threads: () => new Option('--threads <n>', 'DuckDB worker threads').argParser(positiveInt('--threads')),
  memoryLimit: () => new Option('--memory-limit <size>', 'DuckDB memory limit, e.g. 8GB; larger work spills to disk').argParser(sizeString),
  quiet: () => new Option('--quiet', 'no notes or progress on stderr'),
  // One path per use, repeatable: a variadic option would swallow the positional log paths that follow it (`scan --rules packs/ logs/`).
  rules: () =>
    new Option('--rules <path>', 'extra rule pack (directory or JSON file) added to the shipped ones; repeat for more').argParser(
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    ),
  out: () => new Option('-o, --out <dir>', 'report directory').default('distill-audit-report'),
  force: () => new Option('--force', 'replace an existing report directory'),
  json: () => new Option('--json', 'print report.json to stdout (the summary then goes to stderr)'),
  redact: () => new Option('--redact', 'hash account ids (salted), cut IPs to /24 and /48, leave prompt text out of the bundle'),
  redactSalt: () =>
    new Option(
      '--redact-salt <salt>',
      'salt for --redact (the same salt gives the same hashes across runs); generated and shown once when absent',
    ),
  minLevel: () =>
    new Option('--min-level <level>', `report only campaigns at or above this level (${LEVELS.join(', ')})`).argParser(
      level('--min-level'),
    ),
  failOn: () =>
    new Option('--fail-on <level>', `exit 1 when a campaign at or above this level is found (${LEVELS.join(', ')})`).argParser(
      level('--fail-on'),
    ),
  allowlist: () =>
    new Option(
      '--allowlist <file>',
      'known-good accounts, organisations, CIDRs and user agents (JSON, each entry with a reason), kept out of campaigns',
    ),
} satisfies Record<string, () => Option>;

function add(cmd: Command, ...flags: (keyof typeof FLAG)[]): Command {
  for (const flag of flags) cmd.addOption(FLAG[flag]());
  return cmd;
}

/** `--map`, `--format`, `--strict`: how the log files are read (`features` takes only these). */
export interface ReadFlags {
  map?: string;
  format?: string;
  strict?: boolean;
}

/** `--accounts`, `--indicators`, `--sampling-rate`: what the logs are read with. */
export interface SideInputFlags {
  accounts?: string;
  indicators?: string;
  samplingRate?: number;
}

export type InputFlags = ReadFlags & SideInputFlags;

export function addReadOptions(cmd: Command): Command {
  return add(cmd, 'map', 'format', 'strict');
}

/** The read options and the side inputs. */
export function addInputOptions(cmd: Command): Command {
  return add(cmd, 'map', 'format', 'accounts', 'indicators', 'samplingRate', 'strict');
}

export interface WindowFlags {
  since?: string;
  until?: string;
  last?: string;
}

export function addWindowOptions(cmd: Command): Command {
  return add(cmd, 'since', 'until', 'last');
}

/** DuckDB's database, threads and memory, and `--quiet`. */
export interface EngineFlags {
  db?: string;
  threads?: number;
  memoryLimit?: string;
  quiet?: boolean;
}

/** `db: false` for a command that keeps no database (a partial is written once and merged elsewhere). */
export function addEngineOptions(cmd: Command, { db = true }: { db?: boolean } = {}): Command {
  if (db) add(cmd, 'db');
  return add(cmd, 'threads', 'memoryLimit', 'quiet');
}

/** `--quiet` alone, for commands without the engine options. */
export function quietOption(): Option {
  return FLAG.quiet();
}

/** `--format NAME`: an export profile (`schema --formats` lists them), or `generic` for names and aliases only. */
function profileName(value: string): string {
  const names = ['generic', ...PROFILES.map((p) => p.name)];
  if (!names.includes(value)) throw new UserError(`--format: "${value}" is not a profile (one of: ${names.join(', ')})`);
  return value;
}

export interface RulesFlags {
  rules?: string[];
}

export function addRulesOption(cmd: Command): Command {
  return add(cmd, 'rules');
}

/** The report bundle's options, shared by `scan` and `report`. */
export interface BundleFlags {
  out: string;
  force?: boolean;
  json?: boolean;
  redact?: boolean;
  redactSalt?: string;
}

export function addReportOptions(cmd: Command): Command {
  return add(cmd, 'out', 'force', 'json', 'redact', 'redactSalt');
}

/** Which findings are reported and which fail a CI run. */
export interface FindingFlags {
  minLevel?: Level;
  failOn?: Level;
  allowlist?: string;
}

export function addFindingOptions(cmd: Command): Command {
  return add(cmd, 'minLevel', 'failOn', 'allowlist');
}

function level(flag: string) {
  return (value: string): Level => {
    const v = value.trim().toLowerCase();
    if (!isLevel(v)) throw new UserError(`${flag}: "${value}" is not a level (${LEVELS.join(', ')})`);
    return v;
  };
}

/** The flags of any command that runs the pipeline: each command has the groups it adds, and its own. */
export type RunFlags = Partial<InputFlags & WindowFlags & EngineFlags & RulesFlags & BundleFlags & FindingFlags> & {
  /** `scan --features DIR`: partials merged instead of logs. */
  features?: string[];
  partnerSalt?: string;
};

/**
 * A run's options from its command's parsed flags: the one place they are built. A flag the
 * command does not take is absent, and takes its default (no window, no rules, not strict).
 */
export function runOptions(paths: string[], flags: RunFlags): RunOptions {
  return {
    paths,
    partials: flags.features,
    out: flags.out ?? '',
    map: flags.map,
    format: flags.format,
    accounts: flags.accounts,
    indicators: flags.indicators,
    db: flags.db,
    strict: flags.strict === true,
    force: flags.force === true,
    window: parseWindow(flags),
    threads: flags.threads,
    memoryLimit: flags.memoryLimit,
    samplingRate: flags.samplingRate,
    rules: flags.rules ?? [],
    allowlist: flags.allowlist ? resolve(flags.allowlist) : undefined,
    minLevel: flags.minLevel,
    failOn: flags.failOn,
    partnerSalt: flags.partnerSalt,
  };
}

/** The salt `--redact` uses, or null without `--redact`; a generated salt is shown once, on stderr. */
export function redactSalt(flags: { redact?: boolean; redactSalt?: string }, announce: (message: string) => void): string | null {
  if (flags.redactSalt !== undefined && !flags.redact) throw new UserError('--redact-salt needs --redact');
  if (!flags.redact) return null;
  if (flags.redactSalt !== undefined) {
    if (flags.redactSalt.length < 8) throw new UserError('--redact-salt: use at least 8 characters, or leave it out to have one generated');
    return flags.redactSalt;
  }
  const salt = randomBytes(16).toString('hex');
  announce(`redaction salt (keep it to redact later runs the same way; it is not stored): ${salt}`);
  return salt;
}

export function parseWindow(flags: WindowFlags): TimeWindow {
  const window: TimeWindow = {};
  if (flags.since) window.since = parseTime(flags.since, '--since');
  if (flags.until) window.until = parseTime(flags.until, '--until');
  if (flags.last) window.lastMs = parseDuration(flags.last);
  if (window.since && window.until && window.since >= window.until) {
    throw new UserError(`--since (${flags.since}) must be before --until (${flags.until})`);
  }
  return window;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * The longest `--last` taken: 100 years is longer than any log export, and keeps the window's start
 * a time JavaScript and DuckDB can both hold (a longer one is a typo, or means "no window": omit it).
 */
const MAX_LAST_MS = 36_525 * UNIT_MS.d!;

export function parseDuration(text: string): number {
  const m = /^(\d+)\s*([smhdw])$/i.exec(text.trim());
  if (!m || Number(m[1]) === 0) throw new UserError(`--last: "${text}" is not a duration such as 30d, 12h or 2w`);
  const ms = Number(m[1]) * UNIT_MS[m[2]!.toLowerCase()]!;
  if (!(ms <= MAX_LAST_MS))
    throw new UserError(
      `--last: "${text}" is longer than 100 years (36525d), the longest window taken; leave --last out to keep all the data`,
    );
  return ms;
}

function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag}: "${value}" is not a positive integer`);
    return n;
  };
}

function sizeString(value: string): string {
  if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(value.trim())) {
    throw new UserError(`--memory-limit: "${value}" is not a size such as 512MB or 8GB`);
  }
  return value.trim();
}

function rate(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new UserError(`--sampling-rate: "${value}" must be a number in (0, 1]`);
  return n;
}
