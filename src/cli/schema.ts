import Table from 'cli-table3';
import type { Command } from 'commander';
import { ACCOUNT_COLUMNS, EXCHANGE_COLUMNS, PROVENANCE_COLUMNS } from '../load/schema.js';
import type { RegisterCommand } from './commands.js';
import type { Output } from './output.js';

export const registerSchema: RegisterCommand = (program: Command, output: Output) => {
  program
    .command('schema')
    .description('print the canonical input columns and every field name accepted for each')
    .option('--json', 'print the schema as JSON')
    .action((opts: { json?: boolean }) => {
      if (opts.json) {
        output.print(JSON.stringify({ exchanges: EXCHANGE_COLUMNS, provenance: PROVENANCE_COLUMNS, accounts: ACCOUNT_COLUMNS }, null, 2));
        return;
      }
      output.print(output.color.bold('Exchanges (request logs)'));
      output.print(columnTable(output, EXCHANGE_COLUMNS));
      output.print('Added by the loader: ' + PROVENANCE_COLUMNS.map((c) => `${c.name} (${c.meaning})`).join('; '));
      output.print('Field names match case-insensitively; a dotted name (usage.input_tokens) reads a nested field; --map FILE wins over all of these.\n');
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
