import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Context, RunOptions } from '../context.js';
import { clusterStage } from '../cluster/index.js';
import { explainAccount, type Explanation } from '../cluster/explain.js';
import { ExitCode, UserError } from '../errors.js';
import { terminalText } from '../report/escape.js';
import { runStages } from '../pipeline.js';
import type { RegisterCommand } from './commands.js';
import { addEngineOptions, addInputOptions, addWindowOptions, parseWindow, type WindowFlags } from './options.js';
import type { Output } from './output.js';
import { onInterrupt, spillDirectory, sweepSpill } from './interrupt.js';
import { allowedPaths, openDatabase, runClock } from './run.js';
import { SCAN_STAGES } from './scan.js';

interface ExplainFlags extends WindowFlags {
  account?: string;
  map?: string;
  format?: string;
  accounts?: string;
  indicators?: string;
  db?: string;
  strict?: boolean;
  threads?: number;
  memoryLimit?: string;
  samplingRate?: number;
  quiet?: boolean;
  json?: boolean;
  limit: string;
}

export const registerExplain: RegisterCommand = (program: Command, output: Output, setExit) => {
  const cmd = program
    .command('explain')
    .description("why an account is in its cluster: its strongest ties, to whom, through which shared values")
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
    if (paths.length === 0 && !existsSync(resolve(flags.db!))) throw new UserError(`${flags.db}: no such database`, 'input-missing', flags.db);
    const limit = Math.max(1, Number(flags.limit) || 10);
    const options: RunOptions = {
      paths, out: '', map: flags.map, format: flags.format, accounts: flags.accounts, indicators: flags.indicators, db: flags.db,
      strict: flags.strict === true, force: false, window: parseWindow(flags), threads: flags.threads,
      memoryLimit: flags.memoryLimit, samplingRate: flags.samplingRate, rules: [], extra: {},
    };
    const explanation = await explain(options, output, id, limit);
    output.print(flags.json ? JSON.stringify(explanation, null, 2) : render(output, explanation));
    setExit(ExitCode.Ok);
  });
};

/** Scans up to clustering when paths are given (the stages after it cannot change a cluster). */
async function explain(options: RunOptions, output: Output, account: string, limit: number): Promise<Explanation> {
  const spill = spillDirectory('explain');
  sweepSpill();
  const db = await openDatabase(options.db, { threads: options.threads, memoryLimit: options.memoryLimit, tempDirectory: spill });
  const stopHandlers = onInterrupt(() => rmSync(spill, { recursive: true, force: true }), () => db.interrupt());
  try {
    await db.lockDown(allowedPaths(options, [spill]));
    if (options.paths.length > 0) {
      const ctx: Context = { db, options, log: output, now: runClock(), timings: [] };
      await runStages(ctx, SCAN_STAGES.slice(0, SCAN_STAGES.indexOf(clusterStage) + 1));
    }
    return await explainAccount(db, account, limit);
  } finally {
    db.close();
    rmSync(spill, { recursive: true, force: true });
    stopHandlers();
  }
}

function render(output: Output, e: Explanation): string {
  const c = output.color;
  const lines: string[] = [];
  if (e.cluster) {
    lines.push(`${c.bold(terminalText(e.account))} is in cluster ${c.bold(terminalText(e.cluster.id))} with ${e.cluster.accounts - 1} other account(s).`);
    if (e.addresses && e.addresses.own > 0) {
      lines.push(`${e.addresses.own} of its ${e.addresses.total} addresses are the cluster's own (its other members are at least half of their users).`);
    }
    if (e.cluster.ties.length > 0) {
      lines.push(c.bold('What the cluster shares:'));
      for (const t of e.cluster.ties) {
        lines.push(`  ${t.kind.padEnd(19)} ${terminalText(t.value)} — ${t.accounts} accounts (weight ${t.weight.toFixed(2)})`);
      }
    }
  } else {
    lines.push(`${c.bold(terminalText(e.account))} is in no cluster: no tie of it is strong enough${e.partners.length ? ' (its ties are listed below)' : ', and it has none'}.`);
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
