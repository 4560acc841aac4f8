import { randomBytes } from 'node:crypto';
import { Option, type Command } from 'commander';
import { UserError } from '../errors.js';
import { PROFILES } from '../load/profiles.js';
import type { TimeWindow } from '../context.js';

/** Options shared by several commands are defined here once and added where they apply. */
export function addWindowOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--since <time>', 'only exchanges at or after this time (ISO-8601, UTC when no zone)'))
    .addOption(new Option('--until <time>', 'only exchanges before this time (ISO-8601, UTC when no zone)'))
    .addOption(new Option('--last <duration>', 'only the last duration of the data, ending at its latest exchange (e.g. 30d, 12h, 2w)'));
}

export function addEngineOptions(cmd: Command, { db = true }: { db?: boolean } = {}): Command {
  if (db) cmd.addOption(new Option('--db <file>', 'keep a DuckDB database across runs (inputs already loaded are not loaded again)'));
  return cmd
    .addOption(new Option('--threads <n>', 'DuckDB worker threads').argParser(positiveInt('--threads')))
    .addOption(new Option('--memory-limit <size>', 'DuckDB memory limit, e.g. 8GB; larger work spills to disk').argParser(sizeString))
    .addOption(new Option('--quiet', 'no notes or progress on stderr'));
}

/** `--format NAME`: an export profile (`schema --formats` lists them), or `generic` for names and aliases only. */
export function formatOption(): Option {
  return new Option('--format <name>', 'read every input as this export profile (see schema --formats) instead of detecting it').argParser((value: string) => {
    const names = ['generic', ...PROFILES.map((p) => p.name)];
    if (!names.includes(value)) throw new UserError(`--format: "${value}" is not a profile (one of: ${names.join(', ')})`);
    return value;
  });
}

export function addInputOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--map <file>', 'JSON mapping of canonical column to source field (dotted paths allowed); wins over detection'))
    .addOption(formatOption())
    .addOption(new Option('--accounts <file>', 'accounts export (CSV, JSON Lines or Parquet)'))
    .addOption(new Option('--indicators <file>', 'investigation file (JSON): actors and indicators, model releases, enforcement'))
    .addOption(new Option('--sampling-rate <rate>', 'fraction of all exchanges the export holds (0 < rate <= 1)').argParser(rate))
    .addOption(new Option('--strict', 'exit 2 when any record is rejected'));
}

/**
 * `--rules` takes one path per use and may be repeated. A variadic option would swallow the
 * positional log paths that follow it (`scan --rules packs/ logs/`).
 */
export function addRulesOption(cmd: Command): Command {
  return cmd.addOption(
    new Option('--rules <path>', 'extra rule pack (directory or JSON file) added to the shipped ones; repeat for more')
      .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
  );
}

/** Options of the report bundle, shared by `scan` and `report`. */
export function addReportOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-o, --out <dir>', 'report directory').default('distill-audit-report'))
    .addOption(new Option('--force', 'replace an existing report directory'))
    .addOption(new Option('--json', 'print report.json to stdout (the summary then goes to stderr)'))
    .addOption(new Option('--redact', 'hash account ids (salted), cut IPs to /24 and /48, leave prompt text out of the bundle'))
    .addOption(new Option('--redact-salt <salt>', 'salt for --redact (the same salt gives the same hashes across runs); generated and shown once when absent'));
}

/** Options that decide which findings are reported and which fail a CI run. */
export function addFindingOptions(cmd: Command): Command {
  const levels = 'informational, low, medium, high, critical';
  return cmd
    .addOption(new Option('--min-level <level>', `report only campaigns at or above this level (${levels})`).argParser(level('--min-level')))
    .addOption(new Option('--fail-on <level>', `exit 1 when a campaign at or above this level is found (${levels})`).argParser(level('--fail-on')))
    .addOption(new Option('--allowlist <file>', 'known-good accounts, organisations, CIDRs and user agents (JSON, each entry with a reason), kept out of campaigns'));
}

function level(flag: string) {
  return (value: string): string => {
    const v = value.trim().toLowerCase();
    if (!['informational', 'low', 'medium', 'high', 'critical'].includes(v)) {
      throw new UserError(`${flag}: "${value}" is not a level (informational, low, medium, high, critical)`);
    }
    return v;
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

export interface WindowFlags {
  since?: string;
  until?: string;
  last?: string;
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

export function parseTime(text: string, flag: string): Date {
  const trimmed = text.trim();
  const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
  if (!iso.test(trimmed)) throw new UserError(`${flag}: "${text}" is not an ISO-8601 date or time`);
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) && trimmed.length > 10;
  const normalised = trimmed.replace(' ', 'T');
  const date = new Date(hasZone ? normalised : normalised.length === 10 ? `${normalised}T00:00:00Z` : `${normalised}Z`);
  if (Number.isNaN(date.getTime())) throw new UserError(`${flag}: "${text}" is not a valid time`);
  return date;
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
  if (!(ms <= MAX_LAST_MS)) throw new UserError(`--last: "${text}" is longer than 100 years (36525d), the longest window taken; leave --last out to keep all the data`);
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
