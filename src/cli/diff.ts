import Table from 'cli-table3';
import { Option, type Command } from 'commander';
import { ExitCode, UserError } from '../errors.js';
import { DEFAULT_DIFF, diffReports, needsAttention, type ReportDiff } from '../report/diff.js';
import { terminalText as t } from '../report/escape.js';
import { readReport } from '../report/read.js';
import type { RegisterCommand } from './commands.js';
import type { Output } from './output.js';

interface DiffFlags {
  json?: boolean;
  minOverlap: number;
  growth: number;
}

export const registerDiff: RegisterCommand = (program: Command, output: Output, setExit) => {
  program
    .command('diff')
    .description(
      'compare two report.json files: new, grown, shrunk, unchanged and vanished campaigns (matched by shared accounts, not ids)',
    )
    .argument('<old>', 'report.json of the earlier run')
    .argument('<new>', 'report.json of the later run')
    .option('--json', 'print the comparison as JSON (schema distill-audit/diff@1)')
    .addOption(
      new Option('--min-overlap <share>', "share of the smaller campaign's accounts the other must hold for a match")
        .default(DEFAULT_DIFF.minOverlap)
        .argParser(share('--min-overlap')),
    )
    .addOption(
      new Option('--growth <share>', 'relative rise of estimate or accounts that counts as grown')
        .default(DEFAULT_DIFF.growth)
        .argParser(share('--growth')),
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 no new or grown campaign; 1 at least one new or grown campaign (for CI); 2 unreadable or invalid report.',
    )
    .action((oldPath: string, newPath: string, flags: DiffFlags) => {
      const diff = diffReports(readReport(oldPath), readReport(newPath), { minOverlap: flags.minOverlap, growth: flags.growth });
      output.print(flags.json ? JSON.stringify(diff, null, 2) : renderDiff(diff, output));
      setExit(needsAttention(diff) ? ExitCode.Findings : ExitCode.Ok);
    });
};

function renderDiff(diff: ReportDiff, output: Output): string {
  const c = output.color;
  const fmt = (n: number | undefined) => (n === undefined ? '' : Math.round(n).toLocaleString('en-US'));
  const counts = diff.counts;
  const head = `${counts.new} new, ${counts.grown} grown, ${counts.vanished} vanished, ${counts.shrunk} shrunk, ${counts.unchanged} unchanged (old run ${t(diff.old.generated_at)}, new run ${t(diff.new.generated_at)})`;
  if (diff.changes.length === 0) return `${head}\nNo campaign in either report.`;
  const table = new Table({
    head: ['change', 'old id', 'new id', 'actor', 'accounts old → new', 'estimate old → new', 'shared accounts'],
    style: { head: c.level > 0 ? ['cyan'] : [], border: [] },
  });
  for (const ch of diff.changes) {
    const colour = ch.change === 'new' || ch.change === 'grown' ? c.red.bold : ch.change === 'vanished' ? c.green : (s: string) => s;
    table.push([
      colour(ch.change),
      t(ch.old?.id ?? '—'),
      t(ch.new?.id ?? '—'),
      t(ch.new?.actor ?? ch.old?.actor ?? '—'),
      `${fmt(ch.old?.accounts) || '—'} → ${fmt(ch.new?.accounts) || '—'}`,
      `${fmt(ch.old?.estimate) || '—'} → ${fmt(ch.new?.estimate) || '—'}`,
      ch.old && ch.new ? `${fmt(ch.shared_accounts)} (${Math.round(ch.overlap * 100)}%)` : '',
    ]);
  }
  return `${head}\n${table.toString()}`;
}

function share(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(n > 0 && n <= 1)) throw new UserError(`${flag}: "${value}" must be a number in (0, 1]`);
    return n;
  };
}
