import { rmSync } from 'node:fs';
import Table from 'cli-table3';
import type { Command } from 'commander';
import type { Context, RunOptions } from '../context.js';
import { Database } from '../db/database.js';
import { ExitCode } from '../errors.js';
import { terminalText as t } from '../report/escape.js';
import { loadAll } from '../load/index.js';
import { HIDDEN } from '../load/input-file.js';
import type { FileResult } from '../load/exchange-file.js';
import type { RegisterCommand } from './commands.js';
import { addInputOptions } from './options.js';
import type { Output } from './output.js';
import { onInterrupt, spillDirectory, sweepSpill } from './interrupt.js';
import { allowedPaths, runClock } from './run.js';

interface ValidateFlags {
  map?: string;
  accounts?: string;
  indicators?: string;
  samplingRate?: number;
  strict?: boolean;
  json?: boolean;
  quiet?: boolean;
  threads?: number;
  memoryLimit?: string;
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
    .option('--rejections <n>', 'how many rejected records to show', String(SHOWN))
    .option('--quiet', 'no notes or progress on stderr');
  addInputOptions(cmd);
  cmd.action(async (paths: string[], flags: ValidateFlags) => {
    output.setQuiet(flags.quiet === true);
    const options: RunOptions = {
      paths, out: '', map: flags.map, accounts: flags.accounts, indicators: flags.indicators,
      strict: flags.strict === true, force: false, window: {}, samplingRate: flags.samplingRate, rules: [], extra: {},
    };
    setExit(await validate(options, output, flags.json === true, Math.max(0, Number(flags.rejections) || 0)));
  });
};

export async function validate(options: RunOptions, output: Output, json: boolean, shown: number): Promise<number> {
  const spill = spillDirectory('validate');
  sweepSpill();
  const db = await Database.open({ tempDirectory: spill });
  const stopHandlers = onInterrupt(() => rmSync(spill, { recursive: true, force: true }), () => db.interrupt());
  try {
    await db.lockDown(allowedPaths(options, [spill]));
    const ctx: Context = { db, options, log: output, now: runClock(), timings: [] };
    const files = await loadAll(ctx);
    const skipped = await db.all<{ path: string; reason: string }>('SELECT path, reason FROM skipped_files ORDER BY path');
    const rejections = await db.all<{ file: string; line: number; reason: string }>(
      'SELECT file, line, reason FROM quarantine ORDER BY file, line LIMIT $n', { n: shown },
    );
    const rejected = files.reduce((n, f) => n + f.rejected, 0);
    if (json) {
      output.print(JSON.stringify({ inputs: files.map(asJson), skipped, rejected, rejections }, null, 2));
    } else {
      output.print(render(output, files, skipped, rejections, rejected));
    }
    const unread = skipped.filter((s) => s.reason !== HIDDEN).length;
    if (options.strict && unread > 0) output.printErr(`--strict: ${unread} input file(s) skipped, not read`);
    return options.strict && (rejected > 0 || unread > 0) ? ExitCode.Usage : ExitCode.Ok;
  } finally {
    db.close();
    rmSync(spill, { recursive: true, force: true });
    stopHandlers();
  }
}

function asJson(f: FileResult) {
  return {
    path: f.path, sha256: f.sha256, format: f.format, compression: f.compression, mapping: f.mapping,
    records: f.records, loaded: f.loaded, rejected: f.rejected, duplicates: f.duplicates,
  };
}

function render(output: Output, files: FileResult[], skipped: { path: string; reason: string }[], rejections: { file: string; line: number; reason: string }[], rejected: number): string {
  const c = output.color;
  const style = { head: c.level > 0 ? ['cyan'] : [], border: [] as string[] };
  const lines: string[] = [];
  const table = new Table({ head: ['input', 'format', 'records', 'loaded', 'rejected', 'duplicates'], style });
  for (const f of files) {
    const format = f.compression === 'none' ? f.format : `${f.format} (${f.compression})`;
    table.push([t(f.path), t(format), f.records, f.loaded, f.rejected ? c.yellow(String(f.rejected)) : '0', f.duplicates]);
  }
  lines.push(c.bold('Inputs'), table.toString());
  for (const f of files) {
    const pairs = Object.entries(f.mapping).map(([col, src]) => (col === src ? t(col) : `${t(col)} ← ${t(src)}`));
    lines.push(`${c.bold(t(f.path))} mapping: ${pairs.length ? pairs.join(', ') : '(empty file)'}`);
  }
  if (skipped.length > 0) {
    lines.push(c.bold(`Skipped (${skipped.length})`));
    for (const s of skipped) lines.push(`  ${t(s.path)}: ${t(s.reason)}`);
  }
  if (rejected > 0) {
    lines.push(c.bold(`Rejected records: ${rejected}`) + (rejections.length < rejected ? ` (first ${rejections.length} shown)` : ''));
    for (const r of rejections) lines.push(`  ${t(r.file)}:${r.line}: ${t(r.reason)}`);
  } else {
    lines.push(c.green('No record rejected.'));
  }
  lines.push(c.dim('Dry run: nothing was written.'));
  return lines.join('\n');
}
