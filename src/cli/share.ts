import { existsSync, lstatSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { ExitCode, UserError } from '../errors.js';
import { TLP_LEVELS, type Tlp } from '../share/finding.js';
import { isShareOutput, shareReport } from '../share/share.js';
import type { RegisterCommand } from './commands.js';
import { quietOption } from './options.js';

interface ShareFlags {
  format: 'stix' | 'misp';
  out?: string;
  force?: boolean;
  tlp: Tlp;
  producer: string;
  shareHashedIds?: boolean;
  salt?: string;
  quiet?: boolean;
}

/** Shortest salt accepted: a short one makes the hashes a dictionary lookup away from the ids. */
const MIN_SALT = 16;

export const registerShare: RegisterCommand = (program: Command, output, setExit) => {
  program
    .command('share')
    .description('write the campaigns of a report directory as a STIX 2.1 bundle or a MISP event for partners')
    .argument('<report-dir>', 'report directory written by scan (report.json, observables.json)')
    .addOption(new Option('--format <format>', 'stix (STIX 2.1 bundle) or misp (MISP event)').choices(['stix', 'misp']).default('stix'))
    .option('-o, --out <file>', 'file to write (atomically); stdout when absent')
    .option('--force', 'replace an existing --out file written by an earlier share')
    .addOption(new Option('--tlp <level>', 'TLP 2.0 marking of everything shared').choices([...TLP_LEVELS]).default('amber'))
    .option('--producer <name>', 'name of the producer identity (STIX) or organisation (MISP)', 'distill-audit')
    .option(
      '--share-hashed-ids',
      'also share account ids, API key ids, payment fingerprints and e-mail addresses, as salted SHA-256 (needs --salt)',
    )
    .option('--salt <salt>', `salt agreed with the partner for --share-hashed-ids (at least ${MIN_SALT} characters)`)
    .addOption(quietOption())
    .addHelpText(
      'after',
      "\nShared by default: campaigns (dates, exchange estimate and interval), named actors, the networks, autonomous systems, user agents, client fingerprints and e-mail domains that are the campaigns' own, counts, and the evidence sentences with private values withheld. Never in clear: account ids, API key ids, payment fingerprints, e-mail addresses, prompt text.",
    )
    .action((dir: string, flags: ShareFlags) => {
      output.setQuiet(flags.quiet === true);
      if (flags.salt !== undefined && !flags.shareHashedIds) throw new UserError('--salt needs --share-hashed-ids');
      if (flags.shareHashedIds && flags.salt === undefined)
        throw new UserError('--share-hashed-ids needs --salt (agree it with the partner; it is never written)');
      if (flags.salt !== undefined && flags.salt.length < MIN_SALT) throw new UserError(`--salt: use at least ${MIN_SALT} characters`);
      if (flags.producer.trim() === '') throw new UserError('--producer: give a name');
      if (!existsSync(join(dir, 'report.json'))) throw new UserError('not a report directory (no report.json)', 'report-missing', dir);
      const { text, finding } = shareReport(dir, {
        format: flags.format,
        tlp: flags.tlp,
        producer: flags.producer.trim(),
        salt: flags.shareHashedIds ? flags.salt! : null,
      });
      if (finding.missing) output.warn(`share: ${finding.missing}`);
      if (flags.out === undefined) {
        output.print(text.trimEnd());
      } else {
        writeAtomically(flags.out, text, flags.force === true);
        const indicators = finding.campaigns.reduce((n, c) => n + c.indicators.length, 0);
        output.info(
          `share: ${finding.campaigns.length} campaign(s), ${indicators} indicator(s), TLP:${flags.tlp.toUpperCase()}, written to ${resolve(flags.out)}`,
        );
      }
      setExit(ExitCode.Ok);
    });
};

function writeAtomically(path: string, text: string, force: boolean): void {
  const target = resolve(path);
  if (existsSync(target) || isSymlink(target)) {
    if (!force) throw new UserError(`${target} already exists; use --force to replace it`, 'out-exists');
    const why = notShareOutput(target);
    if (why) throw new UserError(`${target} ${why}; --force replaces only a file written by an earlier share`, 'out-not-ours');
  }
  const staging = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  try {
    writeFileSync(staging, text);
    renameSync(staging, target);
  } catch (err) {
    rmSync(staging, { force: true });
    throw new UserError(`cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'out-unwritable', path);
  }
}

/** Why --force may not replace the existing `target`; undefined when it is an earlier share output. */
function notShareOutput(target: string): string | undefined {
  const st = lstatSync(target);
  if (st.isSymbolicLink()) return 'is a symbolic link';
  if (st.isDirectory()) return 'is a directory';
  if (!st.isFile()) return 'is not a regular file';
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(target, 'utf8'));
  } catch {
    return 'is not JSON written by distill-audit share';
  }
  return isShareOutput(doc) ? undefined : 'is not a STIX bundle or MISP event written by distill-audit share';
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
