import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { RunOptions } from '../context.js';
import { clusterStage } from '../cluster/index.js';
import { explainAccount, type Explanation } from '../cluster/explain.js';
import { ExitCode, UserError } from '../errors.js';
import { terminalText } from '../report/escape.js';
import { runStages, SCAN_STAGES } from '../pipeline.js';
import type { RegisterCommand } from './commands.js';
import {
  addEngineOptions,
  addInputOptions,
  addWindowOptions,
  runOptions,
  type EngineFlags,
  type InputFlags,
  type WindowFlags,
} from './options.js';
import type { Output } from './output.js';
import { withDatabase } from './run.js';

interface ExplainFlags extends InputFlags, WindowFlags, EngineFlags {
  account?: string;
  json?: boolean;
  limit: string;
}

export const registerExplain: RegisterCommand = (program: Command, output: Output, setExit) => {
  const cmd = program
    .command('explain')
    .description('why an account is in its cluster: its strongest ties, to whom, through which shared values')
    .argument('[account]', 'account id (or --account)')
    .argument('[paths...]', 'log files, directories or globs to scan first; without them, read a kept --db')
    .option('--account <id>', 'account id')
    .option('--limit <n>', 'partners to show', '10')
    .option('--json', 'print the explanation as JSON');
  addInputOptions(cmd);
  addWindowOptions(cmd);
  addEngineOptions(cmd);
  cmd.action(async (account: string | undefined, paths: string[], flags: ExplainFlags) => {
    output.setQuiet(flags.quiet === true);
    const id = flags.account ?? account;
    if (flags.account && account) paths = [account, ...paths];
    if (!id) throw new UserError('explain: give an account id (argument or --account)');
    if (paths.length === 0 && !flags.db) throw new UserError('explain: give log paths to scan, or --db FILE of a kept scan');
    if (paths.length === 0 && !existsSync(resolve(flags.db!)))
      throw new UserError(`${flags.db}: no such database`, 'input-missing', flags.db);
    const limit = Math.max(1, Number(flags.limit) || 10);
    const options = runOptions(paths, flags);
    const explanation = await explain(options, output, id, limit);
    output.print(flags.json ? JSON.stringify(explanation, null, 2) : render(output, explanation));
    setExit(ExitCode.Ok);
  });
};

/** Scans up to clustering when paths are given (the stages after it cannot change a cluster). */
async function explain(options: RunOptions, output: Output, account: string, limit: number): Promise<Explanation> {
  return withDatabase(options, output, { purpose: 'explain' }, async (ctx) => {
    if (options.paths.length > 0) await runStages(ctx, SCAN_STAGES.slice(0, SCAN_STAGES.indexOf(clusterStage) + 1));
    return explainAccount(ctx.db, account, limit);
  });
}

function render(output: Output, e: Explanation): string {
  const c = output.color;
  const lines: string[] = [];
  if (e.cluster) {
    lines.push(
      `${c.bold(terminalText(e.account))} is in cluster ${c.bold(terminalText(e.cluster.id))} with ${e.cluster.accounts - 1} other account(s).`,
    );
    if (e.addresses && e.addresses.own > 0) {
      lines.push(
        `${e.addresses.own} of its ${e.addresses.total} addresses are the cluster's own (its other members are at least half of their users).`,
      );
    }
    if (e.cluster.ties.length > 0) {
      lines.push(c.bold('What the cluster shares:'));
      for (const t of e.cluster.ties) {
        lines.push(`  ${t.kind.padEnd(19)} ${terminalText(t.value)} — ${t.accounts} accounts (weight ${t.weight.toFixed(2)})`);
      }
    }
  } else {
    lines.push(
      `${c.bold(terminalText(e.account))} is in no cluster: no tie of it is strong enough${e.partners.length ? ' (its ties are listed below)' : ', and it has none'}.`,
    );
  }
  if (e.partners.length > 0) {
    lines.push(c.bold(`Strongest ties${e.more ? ` (${e.partners.length} of ${e.partners.length + e.more})` : ''}:`));
    for (const p of e.partners) {
      const where = p.sameCluster ? '' : c.dim(' (not in this cluster)');
      lines.push(`  ${c.bold(terminalText(p.account))} strength ${p.strength.toFixed(2)}${where}`);
      for (const t of p.ties) lines.push(`    ${t.kind} ${t.weight.toFixed(2)}: ${terminalText(t.evidence)}`);
    }
  }
  return lines.join('\n');
}
