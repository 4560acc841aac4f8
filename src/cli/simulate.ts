import { Option, type Command } from 'commander';
import { ExitCode, UserError } from '../errors.js';
import { makePlan, PRESET_NAMES } from '../simulate/preset.js';
import { simulate } from '../simulate/index.js';
import { TACTIC_NAMES } from '../simulate/tactics.js';
import type { RegisterCommand } from './commands.js';
import { quietOption } from './options.js';
import type { Output } from './output.js';

interface SimulateFlags {
  preset: string;
  seed: number;
  out: string;
  evasion?: number;
  campaignShare?: number;
  samplingRate?: number;
  days?: number;
  tactics?: string;
  force?: boolean;
  quiet?: boolean;
}

export const registerSimulate: RegisterCommand = (program: Command, output: Output, setExit) => {
  program
    .command('simulate')
    .description('write synthetic request logs with planted campaigns, traps and bad records, plus the ground truth')
    .addOption(new Option('--preset <name>', 'size of the simulated world').choices([...PRESET_NAMES]).default('tiny'))
    .addOption(new Option('--seed <n>', 'seed of every random choice (same seed, same bytes)').argParser(integer('--seed')).default(1))
    .requiredOption('-o, --out <dir>', 'directory to write logs/, accounts.csv, indicators.json and truth.json into')
    .addOption(new Option('--evasion <x>', 'how hard operators try to blend in, 0..1 (default 0.3)').argParser(number('--evasion')))
    .addOption(
      new Option('--campaign-share <x>', "share of all exchanges that are campaign traffic (default: the preset's)").argParser(
        number('--campaign-share'),
      ),
    )
    .addOption(
      new Option('--sampling-rate <x>', 'fraction of exchanges the export keeps, (0, 1] (default 1)').argParser(number('--sampling-rate')),
    )
    .addOption(new Option('--days <n>', "length of the period in days (default: the preset's)").argParser(integer('--days')))
    .addOption(new Option('--tactics <list>', `harder tradecraft, comma-separated or "all": ${TACTIC_NAMES.join(', ')}`))
    .option('--force', 'replace an earlier simulation in the output directory')
    .addOption(quietOption())
    .action(async (flags: SimulateFlags) => {
      output.setQuiet(flags.quiet === true);
      const plan = makePlan(flags);
      const truth = await simulate(plan, {
        out: flags.out,
        force: flags.force === true,
        progress: (done, total) => output.progress('simulate', done, total),
      });
      output.progressDone();
      const t = truth.totals;
      output.info(
        `${flags.out}: ${t.exchanges} exchanges over ${plan.days} days in ${truth.input.files} files ` +
          `(${truth.input.malformed} malformed and ${truth.input.duplicates} duplicate records planted), ` +
          `${t.accounts_with_exchanges} active accounts, ${truth.campaigns.length} campaigns, ${truth.traps.length} trap groups`,
      );
      setExit(ExitCode.Ok);
    });
};

function number(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new UserError(`${flag}: "${value}" is not a number`);
    return n;
  };
}

function integer(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim())) throw new UserError(`${flag}: "${value}" is not a non-negative integer`);
    return n;
  };
}
