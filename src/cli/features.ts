import { join } from 'node:path';
import { Option, type Command } from 'commander';
import type { RunOptions } from '../context.js';
import { ExitCode } from '../errors.js';
import { exchangeFeatures } from '../features/index.js';
import { writePartial } from '../features/partial.js';
import { loadStage } from '../load/index.js';
import { windowStage } from '../load/window.js';
import { runStages } from '../pipeline.js';
import type { RegisterCommand } from './commands.js';
import {
  addEngineOptions,
  addReadOptions,
  addRulesOption,
  runOptions,
  type EngineFlags,
  type ReadFlags,
  type RulesFlags,
} from './options.js';
import type { Output } from './output.js';
import { withRunDirectory } from './run.js';
import { HIDDEN } from '../load/input-file.js';

interface FeaturesFlags extends ReadFlags, RulesFlags, EngineFlags {
  out: string;
  force?: boolean;
  json?: boolean;
}

/**
 * `distill-audit features`: the per-exchange pass over one partition of the logs, written as a
 * partial that `scan --features` merges with others (docs/scale.md, "Beyond one machine").
 */
export const registerFeatures: RegisterCommand = (program: Command, output: Output, setExit) => {
  const cmd = program
    .command('features')
    .description('load one partition of the logs (a day, a shard) and write its per-exchange features as a partial for `scan --features`')
    .argument('<paths...>', 'log files, directories (walked recursively) or globs')
    .addOption(new Option('-o, --out <dir>', 'partial directory to write').makeOptionMandatory())
    .addOption(new Option('--force', 'replace an existing partial directory'))
    .addOption(new Option('--json', "print the partial's manifest to stdout"));
  addReadOptions(cmd);
  addRulesOption(cmd);
  // A partial is written once and merged elsewhere: a kept database has no part in it.
  addEngineOptions(cmd, { db: false });
  cmd.action(async (paths: string[], flags: FeaturesFlags) => {
    output.setQuiet(flags.quiet === true);
    const options = runOptions(paths, flags);
    setExit(await features(options, output, flags.json === true));
  });
};

export async function features(options: RunOptions, output: Output, json: boolean): Promise<number> {
  return withRunDirectory(options, output, 'partial directory', async (ctx, bundle) => {
    await runStages(ctx, [loadStage, windowStage, { name: 'features', run: exchangeFeatures }]);
    const manifest = await writePartial(ctx, bundle.staging);
    bundle.write('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
    const counts = (await ctx.db.one<{ records: number; rejected: number; duplicates: number }>(
      'SELECT sum(records) AS records, sum(rejected) AS rejected, sum(duplicates) AS duplicates FROM inputs',
    ))!;
    bundle.commit();
    const line =
      `partial ${bundle.target}: ${manifest.exchanges} exchanges from ${manifest.inputs} file(s)` +
      ` (${Number(counts.records)} records, ${Number(counts.rejected)} rejected, ${Number(counts.duplicates)} duplicates);` +
      ` merge with: distill-audit scan --features ${bundle.target} [--features …]`;
    if (json) {
      output.print(JSON.stringify(manifest, null, 2));
      output.printErr(line);
    } else {
      output.print(line);
    }
    const unread = await ctx.db.value<number>('SELECT count(*) FROM skipped_files WHERE reason <> $hidden', { hidden: HIDDEN });
    if (options.strict && (Number(counts.rejected) > 0 || unread > 0)) {
      if (Number(counts.rejected) > 0)
        output.printErr(`--strict: ${Number(counts.rejected)} record(s) rejected; see ${join(bundle.target, 'quarantine.parquet')}`);
      if (unread > 0)
        output.printErr(`--strict: ${unread} input file(s) skipped, not read; listed in ${join(bundle.target, 'skipped_files.parquet')}`);
      return ExitCode.Usage;
    }
    return ExitCode.Ok;
  });
}
