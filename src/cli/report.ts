import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, UserError } from '../errors.js';
import { loadLatestRun } from '../report/run.js';
import { renderSummary } from '../report/terminal.js';
import { renderBundle } from '../report/write.js';
import type { RegisterCommand } from './commands.js';
import { quietOption, addReportOptions, redactSalt, runOptions, type BundleFlags } from './options.js';
import type { Output } from './output.js';
import { withRunDirectory } from './run.js';

interface ReportFlags extends BundleFlags {
  db: string;
  quiet?: boolean;
}

export const registerReport: RegisterCommand = (program: Command, output: Output, setExit) => {
  const cmd = program
    .command('report')
    .description('write the report bundle again from a database kept with "scan --db", without rescanning')
    .requiredOption('--db <file>', 'DuckDB database written by "scan --db"; its latest scan is reported');
  cmd.addOption(quietOption());
  addReportOptions(cmd);
  cmd.action(async (flags: ReportFlags) => {
    output.setQuiet(flags.quiet === true);
    setExit(await report(flags, output));
  });
};

async function report(flags: ReportFlags, output: Output): Promise<number> {
  const file = resolve(flags.db);
  // Opening a missing path would create an empty database; that is never what was meant here.
  if (!existsSync(file)) throw new UserError('no such database', 'db-missing', flags.db);
  const salt = redactSalt(flags, (m) => output.printErr(m));
  const options = runOptions([], { ...flags, db: file });
  return withRunDirectory(options, output, 'report directory', async ({ db }, bundle) => {
    const view = await loadLatestRun(db, flags.db);
    const published = await renderBundle(db, view, bundle, { redactSalt: salt });
    bundle.commit();
    const summary = renderSummary(published, flags.json ? output.errColor : output.color, bundle.target);
    if (flags.json) {
      output.print(JSON.stringify(published, null, 2));
      output.printErr(summary);
    } else {
      output.print(summary);
    }
    return ExitCode.Ok;
  });
}
