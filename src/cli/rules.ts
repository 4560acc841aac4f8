import Table from 'cli-table3';
import type { Command } from 'commander';
import type { Logger } from '../context.js';
import { ExitCode } from '../errors.js';
import { checkRegexes } from '../rules/lint.js';
import { loadRuleSet, readPacks } from '../rules/load.js';
import type { PackProblem } from '../rules/pack.js';
import type { RegisterCommand } from './commands.js';
import type { Output } from './output.js';
import { terminalText as t } from '../report/escape.js';
import { addRulesOption, runOptions } from './options.js';
import { withDatabase } from './run.js';

export const registerRules: RegisterCommand = (program: Command, output: Output, setExit) => {
  const rules = program
    .command('rules')
    .description('list the loaded rule packs and their patterns (elicitation phrases, capability lexicons)')
    .option('--json', 'print the packs as JSON');
  addRulesOption(rules);
  rules.action((flags: { rules?: string[]; json?: boolean }) => {
    const set = loadRuleSet(flags.rules ?? []);
    if (flags.json) {
      output.print(JSON.stringify(set.packs, null, 2));
      return;
    }
    for (const pack of set.packs) {
      output.print(
        output.color.bold(`${t(pack.name)} v${t(pack.version)} (${pack.kind}, ${pack.patterns.length} patterns) — ${t(pack.source)}`),
      );
      output.print(t(pack.description));
      const table = new Table({
        head: ['id', pack.kind === 'capability' ? 'capability' : 'level', 'weight', 'fields', 'description'],
        style: { head: output.color.level > 0 ? ['cyan'] : [], border: [] },
        colWidths: [30, 14, 8, 22, 56],
        wordWrap: true,
      });
      for (const p of pack.patterns) {
        table.push([
          t(p.id),
          t((pack.kind === 'capability' ? p.capability : p.level) ?? ''),
          String(p.weight),
          t(p.fields.join(', ')),
          t(p.description),
        ]);
      }
      output.print(table.toString());
    }
  });

  rules
    .command('lint')
    .description('check rule packs: required fields, duplicate ids, weights in (0, 1], regexes DuckDB (RE2) can compile')
    .argument('<paths...>', 'rule pack files or directories')
    .action(async (paths: string[]) => {
      const problems = await lintPacks(paths, output);
      for (const p of problems) {
        output.printErr(`${output.errColor.red('error:')} ${t(p.file)}${p.pattern ? `: pattern ${t(p.pattern)}` : ''}: ${t(p.message)}`);
      }
      if (problems.length > 0) {
        output.printErr(`${problems.length} problem(s) found`);
        setExit(ExitCode.Usage);
        return;
      }
      const { packs } = readPacks(paths, false);
      const patterns = packs.reduce((n, p) => n + p.patterns.length, 0);
      output.print(`${packs.length} pack(s), ${patterns} pattern(s): no problems`);
    });
};

/** Every problem of the given packs, shipped packs included so id clashes with them show. */
export async function lintPacks(paths: readonly string[], log: Logger): Promise<PackProblem[]> {
  const { packs, problems } = readPacks(paths);
  const own = packs.filter((p) => !p.source.startsWith('builtin:'));
  // DuckDB compiles the regexes (RE2, as a scan would); it reads no file.
  return withDatabase(runOptions([], {}), log, { purpose: 'rules' }, async ({ db }) => [...problems, ...(await checkRegexes(db, own))]);
}
