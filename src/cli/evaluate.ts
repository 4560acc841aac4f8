import type { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { readTruth } from '../evaluate/inputs.js';
import { readReport } from '../report/read.js';
import { renderEvaluation } from '../evaluate/render.js';
import { evaluate } from '../evaluate/score.js';
import type { RegisterCommand } from './commands.js';
import type { Output } from './output.js';

export const registerEvaluate: RegisterCommand = (program: Command, output: Output, setExit) => {
  program
    .command('evaluate')
    .description('score a report bundle against the ground truth of a simulation')
    .requiredOption('--truth <file>', 'truth.json written by `distill-audit simulate`')
    .requiredOption('--report <dir>', 'report directory (or its report.json)')
    .option('--json', 'print the evaluation as JSON')
    .action((flags: { truth: string; report: string; json?: boolean }) => {
      const result = evaluate(readTruth(flags.truth), readReport(flags.report));
      output.print(flags.json ? JSON.stringify(result, null, 2) : renderEvaluation(result, output.color));
      setExit(ExitCode.Ok);
    });
};
