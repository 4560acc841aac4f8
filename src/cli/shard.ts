import { join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { RunOptions } from '../context.js';
import { ExitCode } from '../errors.js';
import { exchangeFeatures } from '../features/index.js';
import { writePartial } from '../features/partial.js';
import { HIDDEN } from '../load/input-file.js';
import { loadStage } from '../load/index.js';
import { runStages, timeStage } from '../pipeline.js';
import { loadBucket } from '../shard/bucket.js';
import { MAX_SHARDS, readShardSets, writeShardSet } from '../shard/shards.js';
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

interface ShardFlags extends ReadFlags, EngineFlags {
  out: string;
  shards: number;
  force?: boolean;
  json?: boolean;
}

interface ShardFeaturesFlags extends RulesFlags, EngineFlags {
  out: string;
  shard: number;
  force?: boolean;
  json?: boolean;
}

function count(name: string, min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
}

/**
 * `distill-audit shard` buckets loaded exchanges by account into a shard set;
 * `distill-audit shard-features` runs the per-exchange pass over one bucket and writes a partial
 * that `scan --features` merges with the other buckets (docs/scale.md, "Sharded by account").
 */
export const registerShard: RegisterCommand = (program: Command, output: Output, setExit) => {
  const cmd = program
    .command('shard')
    .description('load logs and bucket their exchanges by account (a hash of the account id) into N shards, for `shard-features`')
    .argument('<paths...>', 'log files, directories (walked recursively) or globs')
    .addOption(new Option('-o, --out <dir>', 'shard set directory to write').makeOptionMandatory())
    .addOption(
      new Option('--shards <n>', `number of buckets (1 to ${MAX_SHARDS})`)
        .argParser(count('--shards', 1, MAX_SHARDS))
        .makeOptionMandatory(),
    )
    .addOption(new Option('--force', 'replace an existing shard set directory'))
    .addOption(new Option('--json', "print the shard set's manifest to stdout"));
  addReadOptions(cmd);
  addEngineOptions(cmd, { db: false });
  cmd.action(async (paths: string[], flags: ShardFlags) => {
    output.setQuiet(flags.quiet === true);
    const options = runOptions(paths, flags);
    setExit(await shard(options, flags.shards, output, flags.json === true));
  });

  const part = program
    .command('shard-features')
    .description('run the per-exchange pass over one bucket of shard sets and write it as a partial for `scan --features`')
    .argument('<sets...>', 'shard set directories written by `distill-audit shard` (pieces of one run, bucketed with the same --shards)')
    .addOption(
      new Option('--shard <i>', 'the bucket, from 0 to the shard count - 1')
        .argParser(count('--shard', 0, MAX_SHARDS - 1))
        .makeOptionMandatory(),
    )
    .addOption(new Option('-o, --out <dir>', 'partial directory to write').makeOptionMandatory())
    .addOption(new Option('--force', 'replace an existing partial directory'))
    .addOption(new Option('--json', "print the partial's manifest to stdout"));
  addRulesOption(part);
  addEngineOptions(part, { db: false });
  part.action(async (sets: string[], flags: ShardFeaturesFlags) => {
    output.setQuiet(flags.quiet === true);
    const options = runOptions(sets, flags);
    setExit(await shardFeatures(options, flags.shard, output, flags.json === true));
  });
};

export async function shard(options: RunOptions, shards: number, output: Output, json: boolean): Promise<number> {
  return withRunDirectory(options, output, 'shard set directory', async (ctx, bundle) => {
    await runStages(ctx, [loadStage]);
    const manifest = await timeStage(ctx, 'shard', () => writeShardSet(ctx, bundle.staging, shards));
    bundle.write('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
    bundle.commit();
    const line =
      `shard set ${bundle.target}: ${manifest.exchanges} exchanges of ${manifest.accounts} accounts in ${manifest.buckets.length} of ${shards} bucket(s)` +
      ` from ${manifest.inputs} file(s) (${manifest.records} records, ${manifest.rejected} rejected, ${manifest.duplicates} duplicates);` +
      ` next: distill-audit shard-features ${bundle.target} --shard I --out PART_I, for I in 0..${shards - 1}`;
    if (json) {
      output.print(JSON.stringify(manifest, null, 2));
      output.printErr(line);
    } else {
      output.print(line);
    }
    const unread = await ctx.db.value<number>('SELECT count(*) FROM skipped_files WHERE reason <> $hidden', { hidden: HIDDEN });
    if (options.strict && (manifest.rejected > 0 || unread > 0)) {
      if (manifest.rejected > 0)
        output.printErr(`--strict: ${manifest.rejected} record(s) rejected; see ${join(bundle.target, 'quarantine.parquet')}`);
      if (unread > 0)
        output.printErr(`--strict: ${unread} input file(s) skipped, not read; listed in ${join(bundle.target, 'skipped_files.parquet')}`);
      return ExitCode.Usage;
    }
    return ExitCode.Ok;
  });
}

export async function shardFeatures(options: RunOptions, index: number, output: Output, json: boolean): Promise<number> {
  const sets = readShardSets(options.paths);
  const count = sets[0]!.manifest.shards;
  if (index >= count) {
    output.printErr(`--shard ${index}: the shard set has buckets 0..${count - 1}`);
    return ExitCode.Usage;
  }
  return withRunDirectory(options, output, 'partial directory', async (ctx, bundle) => {
    const { custody, duplicates } = await timeStage(ctx, 'load', () => loadBucket(ctx, sets, index));
    await runStages(ctx, [{ name: 'features', run: exchangeFeatures }]);
    const manifest = { ...(await writePartial(ctx, bundle.staging)), shard: { index, count, custody_sha256: custody, duplicates } };
    bundle.write('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
    bundle.commit();
    const line =
      `partial ${bundle.target}: bucket ${index} of ${count}, ${manifest.exchanges} exchanges;` +
      ` merge every bucket with: distill-audit scan --features PART_0 … --features PART_${count - 1}`;
    if (json) {
      output.print(JSON.stringify(manifest, null, 2));
      output.printErr(line);
    } else {
      output.print(line);
    }
    return ExitCode.Ok;
  });
}
