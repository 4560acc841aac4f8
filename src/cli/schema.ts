import Table from 'cli-table3';
import type { Command } from 'commander';
import { CALLER_ORDER, PROFILES } from '../load/profiles.js';
import { ACCOUNT_COLUMNS, EXCHANGE_COLUMNS, PROVENANCE_COLUMNS } from '../load/schema.js';
import type { RegisterCommand } from './commands.js';
import type { Output } from './output.js';

export const registerSchema: RegisterCommand = (program: Command, output: Output) => {
  program
    .command('schema')
    .description('print the canonical input columns and every field name accepted for each')
    .option('--json', 'print the schema as JSON')
    .option('--formats', 'list the export profiles (detected from content, or named with --format) and the fields each fills')
    .action((opts: { json?: boolean; formats?: boolean }) => {
      if (opts.formats) {
        output.print(opts.json ? JSON.stringify({ caller_order: CALLER_ORDER, profiles: PROFILES }, null, 2) : formatsText(output));
        return;
      }
      if (opts.json) {
        output.print(JSON.stringify({ exchanges: EXCHANGE_COLUMNS, provenance: PROVENANCE_COLUMNS, accounts: ACCOUNT_COLUMNS }, null, 2));
        return;
      }
      output.print(output.color.bold('Exchanges (request logs)'));
      output.print(columnTable(output, EXCHANGE_COLUMNS));
      output.print('Added by the loader: ' + PROVENANCE_COLUMNS.map((c) => `${c.name} (${c.meaning})`).join('; '));
      output.print(
        'Field names match case-insensitively; a dotted name (usage.input_tokens) reads a nested field; --map FILE wins over all of these.\n',
      );
      output.print(output.color.bold('Accounts export (--accounts)'));
      output.print(columnTable(output, ACCOUNT_COLUMNS));
    });
};

function columnTable(output: Output, columns: typeof EXCHANGE_COLUMNS): string {
  const table = new Table({
    head: ['column', 'type', 'required', 'also accepted as', 'meaning'],
    style: { head: output.color.level > 0 ? ['cyan'] : [], border: [] },
    colWidths: [20, 11, 10, 44, 40],
    wordWrap: true,
  });
  for (const c of columns) table.push([c.name, c.type, c.required ? 'yes' : 'no', c.aliases.join(', '), c.meaning]);
  return table.toString();
}

/** `schema --formats`: each export profile, how it is detected, the columns it fills and from where. */
function formatsText(output: Output): string {
  const c = output.color;
  const lines: string[] = [
    c.bold('Export profiles'),
    `Caller identity (account_id), in order of preference: ${CALLER_ORDER.join(' > ')}.`,
    '',
  ];
  for (const p of PROFILES) {
    lines.push(`${c.bold(p.name)}: ${p.title}`);
    lines.push(
      `  detected by: ${p.detect.map((set) => set.join(' + ')).join(', or ')}${p.envelopes ? ` (also inside ${p.envelopes.join(' / ')} as JSON text)` : ''}`,
    );
    lines.push(`  account_id: ${p.caller.map((x) => `${x.path} (${x.kind})`).join(' > ')}`);
    for (const [column, col] of Object.entries(p.columns)) {
      lines.push(`  ${column}: ${col.paths.map((path) => (col.derive ? `${col.derive}(${path})` : path)).join(' | ')}`);
    }
    if (p.where) lines.push(`  exchanges only where: ${p.where.map((w) => `${w.path} in (${w.values.join(', ')})`).join(' and ')}`);
    if (p.pairBy) lines.push(`  rows paired by: ${p.pairBy.join(' | ')}`);
    lines.push(`  lacks: ${p.lacks}`, '');
  }
  lines.push('Not listed: generic — column names and the aliases of `distill-audit schema`. --format NAME reads every input as NAME.');
  return lines.join('\n');
}
