import { join } from 'node:path';
import { Option, type Command } from 'commander';
import type { RunOptions } from '../context.js';
import { ExitCode, UserError } from '../errors.js';
import { campaignSource } from '../campaign/source.js';
import { levelRank, type Level } from '../campaign/level.js';
import { readAllowlist } from '../allowlist/allowlist.js';
import { partialScanStages, runStages, SCAN_STAGES, timeStage } from '../pipeline.js';
import { buildReport } from '../report/build.js';
import { writeReportFiles, type PublishOptions } from '../report/write.js';
import { writeObservables } from '../share/observables.js';
import { renderSummary } from '../report/terminal.js';
import type { RegisterCommand } from './commands.js';
import {
  addEngineOptions,
  addFindingOptions,
  addInputOptions,
  addReportOptions,
  addRulesOption,
  addWindowOptions,
  redactSalt,
  runOptions,
  type BundleFlags,
  type EngineFlags,
  type FindingFlags,
  type InputFlags,
  type RulesFlags,
  type WindowFlags,
} from './options.js';
import type { Output } from './output.js';
import { withRunDirectory } from './run.js';

interface ScanFlags extends InputFlags, WindowFlags, EngineFlags, RulesFlags, BundleFlags, FindingFlags {
  features?: string[];
  partnerSalt?: string;
}

export const registerScan: RegisterCommand = (program: Command, output: Output, setExit) => {
  const cmd = program
    .command('scan')
    .description('load request logs, find distillation campaigns and write the report bundle')
    .argument('[paths...]', 'log files, directories (walked recursively) or globs')
    .addOption(
      new Option(
        '--features <dir>',
        'start from a partial written by `distill-audit features` instead of logs; repeat for each partition',
      ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    )
    .option(
      '--partner-salt <salt>',
      "salt agreed with a partner whose STIX bundle or MISP event (--indicators) holds salted hashes of account ids and payment fingerprints (distill-audit share --share-hashed-ids); they are compared with this run's own, hashed the same way",
    );
  addRulesOption(cmd);
  addInputOptions(cmd);
  addWindowOptions(cmd);
  addEngineOptions(cmd);
  addReportOptions(cmd);
  addFindingOptions(cmd);
  cmd.action(async (paths: string[], flags: ScanFlags) => {
    output.setQuiet(flags.quiet === true);
    checkSources(paths, flags);
    const options = runOptions(paths, flags);
    // Checked before the logs are loaded, so a broken allowlist fails at once.
    if (flags.allowlist) readAllowlist(flags.allowlist);
    setExit(await scan(options, output, flags.json === true, { redactSalt: redactSalt(flags, (m) => output.printErr(m)) }));
  });
};

/**
 * Logs or partials, not both; and what a partial already fixed (the mapping, the rules) cannot be
 * asked again at scan time.
 */
function checkSources(paths: string[], flags: ScanFlags): void {
  const partials = flags.features ?? [];
  if (partials.length === 0) {
    if (paths.length === 0) throw new UserError('scan: give log paths, or partials with --features DIR', 'usage');
    return;
  }
  if (paths.length > 0)
    throw new UserError(
      `scan: give either log paths or --features partials, not both (got ${paths.length} path(s) and ${partials.length} partial(s))`,
      'usage',
    );
  const fixed = [flags.map && '--map', flags.rules?.length && '--rules', flags.db && '--db'].filter(Boolean);
  if (fixed.length > 0) {
    throw new UserError(
      `scan --features: ${fixed.join(', ')} cannot be used with partials (the mapping and rules are applied by \`distill-audit features\`; a partial scan keeps no database)`,
      'usage',
    );
  }
}

/** Runs a whole scan and returns the exit code. */
export async function scan(
  options: RunOptions,
  output: Output,
  json: boolean,
  publish: PublishOptions = { redactSalt: null },
): Promise<number> {
  return withRunDirectory(options, output, 'report directory', async (ctx, bundle) => {
    await runStages(ctx, options.partials?.length ? partialScanStages(options.partials) : SCAN_STAGES);
    const { report, published } = await timeStage(ctx, 'reports', async () => {
      const report = await buildReport(ctx, campaignSource(options.minLevel ?? 'informational'));
      const published = await writeReportFiles(ctx, report, bundle, publish);
      await writeObservables(ctx.db, bundle, publish.redactSalt !== null);
      bundle.commit();
      return { report, published };
    });
    const summary = renderSummary(published, json ? output.errColor : output.color, bundle.target);
    if (json) {
      output.print(JSON.stringify(published, null, 2));
      output.printErr(summary);
    } else {
      output.print(summary);
    }
    const rejected = report.inputs.reduce((n, i) => n + i.rejected, 0);
    const skipped = report.skipped_inputs?.length ?? 0;
    if (options.strict && (rejected > 0 || skipped > 0)) {
      if (rejected > 0) output.printErr(`--strict: ${rejected} record(s) rejected; see ${join(bundle.target, 'quarantine.jsonl')}`);
      if (skipped > 0)
        output.printErr(
          `--strict: ${skipped} input file(s) skipped, not read; listed in ${join(bundle.target, 'report.json')} (skipped_inputs)`,
        );
      return ExitCode.Usage;
    }
    const failOn = options.failOn;
    const failing = failOn ? report.campaigns.filter((c) => levelRank(c.level as Level) >= levelRank(failOn)) : [];
    if (failing.length > 0) {
      output.printErr(
        `--fail-on ${failOn}: ${failing.length} campaign(s) at or above it (${failing.map((c) => `${c.id} ${c.level}`).join(', ')})`,
      );
      return ExitCode.Findings;
    }
    return ExitCode.Ok;
  });
}
