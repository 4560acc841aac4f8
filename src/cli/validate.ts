import Table from 'cli-table3';
import type { Command } from 'commander';
import type { RunOptions } from '../context.js';
import type { Database } from '../db/database.js';
import { ExitCode } from '../errors.js';
import { loadAll } from '../load/index.js';
import { EXCHANGE_COLUMNS } from '../load/schema.js';
import { clip, terminalText } from '../report/escape.js';
import { HIDDEN } from '../load/input-file.js';
import type { FileResult } from '../load/exchange-file.js';
import type { RegisterCommand } from './commands.js';
import { addInputOptions, quietOption, runOptions, type InputFlags } from './options.js';
import type { Output } from './output.js';
import { withDatabase } from './run.js';

interface ValidateFlags extends InputFlags {
  json?: boolean;
  quiet?: boolean;
  rejections: string;
}

/** How many rejected records the dry run shows; the count covers them all. */
const SHOWN = 10;

export const registerValidate: RegisterCommand = (program: Command, output: Output, setExit) => {
  const cmd = program
    .command('validate')
    .description('dry run of the loader: formats, mapping per file, counts and first rejections; writes nothing')
    .argument('<paths...>', 'log files, directories (walked recursively) or globs')
    .option('--json', 'print the findings as JSON')
    .option('--rejections <n>', 'how many rejected records to show', String(SHOWN));
  cmd.addOption(quietOption());
  addInputOptions(cmd);
  cmd.action(async (paths: string[], flags: ValidateFlags) => {
    output.setQuiet(flags.quiet === true);
    const options = runOptions(paths, flags);
    setExit(await validate(options, output, flags.json === true, Math.max(0, Number(flags.rejections) || 0)));
  });
};

export async function validate(options: RunOptions, output: Output, json: boolean, shown: number): Promise<number> {
  return withDatabase(options, output, { purpose: 'validate' }, async (ctx) => {
    const { db } = ctx;
    const files = await loadAll(ctx);
    const skipped = await db.all<{ path: string; reason: string }>('SELECT path, reason FROM skipped_files ORDER BY path');
    const rejections = await db.all<{ file: string; line: number; reason: string }>(
      'SELECT file, line, reason FROM quarantine ORDER BY file, line LIMIT $n',
      { n: shown },
    );
    const rejected = files.reduce((n, f) => n + f.rejected, 0);
    const samples = new Map<string, ColumnSample[]>();
    for (const f of files) samples.set(f.path, await columnSamples(db, f));
    if (json) {
      output.print(JSON.stringify({ inputs: files.map((f) => asJson(f, samples.get(f.path)!)), skipped, rejected, rejections }, null, 2));
    } else {
      output.print(render(output, files, samples, skipped, rejections, rejected));
    }
    const unread = skipped.filter((s) => s.reason !== HIDDEN).length;
    if (options.strict && unread > 0) output.printErr(`--strict: ${unread} input file(s) skipped, not read`);
    return options.strict && (rejected > 0 || unread > 0) ? ExitCode.Usage : ExitCode.Ok;
  });
}

/** A mapped column of one file: the first value loaded, and on how many loaded rows it has one. */
interface ColumnSample {
  column: string;
  source: string;
  sample: string | null;
  filled: number;
}

/** How long a sample value may be when shown. */
const SAMPLE_CHARS = 60;

/**
 * For every mapped column of a file, the value of its first loaded row that has one, and how
 * many loaded rows have one: a mapping that names a field no record holds shows as empty.
 */
async function columnSamples(db: Database, f: FileResult): Promise<ColumnSample[]> {
  const columns = EXCHANGE_COLUMNS.filter((c) => f.mapping[c.name] !== undefined).map((c) => c.name);
  if (columns.length === 0 || f.loaded === 0)
    return columns.map((column) => ({ column, source: f.mapping[column]!, sample: null, filled: 0 }));
  const row = (await db.one<Record<string, unknown>>(
    `SELECT ${columns.map((c, i) => `CAST(arg_min(${c}, source_line) FILTER (WHERE ${c} IS NOT NULL) AS VARCHAR) AS v${i}, count(${c}) AS n${i}`).join(', ')}
       FROM loaded_exchanges WHERE source_file = $file`,
    { file: f.path },
  ))!;
  return columns.map((column, i) => ({
    column,
    source: f.mapping[column]!,
    sample: (row[`v${i}`] as string | null) ?? null,
    filled: Number(row[`n${i}`]),
  }));
}

function asJson(f: FileResult, samples: ColumnSample[]) {
  return {
    path: f.path,
    sha256: f.sha256,
    format: f.format,
    compression: f.compression,
    profile: f.profile,
    caller: f.caller,
    mapping: f.mapping,
    records: f.records,
    loaded: f.loaded,
    rejected: f.rejected,
    duplicates: f.duplicates,
    filtered: f.filtered,
    paired: f.paired,
    columns: samples,
    empty_columns: samples.filter((s) => f.loaded > 0 && s.filled === 0).map((s) => s.column),
  };
}

/** `bedrock-invocation (jsonl, gzip)`: the export profile, then the container format and compression. */
export function formatLabel(f: { profile: string; format: string; compression: string }): string {
  return `${f.profile} (${f.format}${f.compression === 'none' ? '' : `, ${f.compression}`})`;
}

function render(
  output: Output,
  files: FileResult[],
  samples: Map<string, ColumnSample[]>,
  skipped: { path: string; reason: string }[],
  rejections: { file: string; line: number; reason: string }[],
  rejected: number,
): string {
  const c = output.color;
  const style = { head: c.level > 0 ? ['cyan'] : [], border: [] as string[] };
  const lines: string[] = [];
  const table = new Table({ head: ['input', 'format', 'records', 'loaded', 'rejected', 'duplicates', 'not exchanges', 'paired'], style });
  for (const f of files) {
    table.push([
      terminalText(f.path),
      terminalText(formatLabel(f)),
      f.records,
      f.loaded,
      f.rejected ? c.yellow(String(f.rejected)) : '0',
      f.duplicates,
      f.filtered,
      f.paired,
    ]);
  }
  lines.push(c.bold('Inputs'), table.toString());
  for (const f of files) {
    lines.push(`${c.bold(terminalText(f.path))} format: ${formatLabel(f)}; caller: ${terminalText(f.caller ?? '(none)')}`);
    const cols = samples.get(f.path)!;
    if (cols.length === 0)
      lines.push(f.records > 0 && f.filtered === f.records ? '  mapping: none (no row is an exchange)' : '  mapping: (empty file)');
    for (const s of cols) {
      const from = s.column === s.source ? '' : ` ← ${terminalText(s.source)}`;
      const value = s.sample === null ? c.dim('(no value)') : JSON.stringify(clip(terminalText(s.sample), SAMPLE_CHARS));
      lines.push(`  ${s.column}${from}  e.g. ${value}`);
    }
    for (const s of cols.filter((x) => f.loaded > 0 && x.filled === 0)) {
      lines.push(
        c.yellow(`  warning: ${s.column} is mapped (${terminalText(s.source)}) but empty on every loaded row of ${terminalText(f.path)}`),
      );
    }
  }
  if (skipped.length > 0) {
    lines.push(c.bold(`Skipped (${skipped.length})`));
    for (const s of skipped) lines.push(`  ${terminalText(s.path)}: ${terminalText(s.reason)}`);
  }
  if (rejected > 0) {
    lines.push(c.bold(`Rejected records: ${rejected}`) + (rejections.length < rejected ? ` (first ${rejections.length} shown)` : ''));
    for (const r of rejections) lines.push(`  ${terminalText(r.file)}:${r.line}: ${terminalText(r.reason)}`);
  } else {
    lines.push(c.green('No record rejected.'));
  }
  lines.push(c.dim('Dry run: nothing was written.'));
  return lines.join('\n');
}
