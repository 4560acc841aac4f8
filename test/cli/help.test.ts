import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { Output } from '../../src/cli/output.js';

/** Every flag of every command, as `--help` has listed them since the flag groups were shared. */
const FLAGS: Record<string, string[]> = {
  scan: [
    '--features',
    '--partner-salt',
    '--rules',
    '--map',
    '--format',
    '--accounts',
    '--indicators',
    '--sampling-rate',
    '--strict',
    '--since',
    '--until',
    '--last',
    '--db',
    '--threads',
    '--memory-limit',
    '--quiet',
    '--out',
    '--force',
    '--json',
    '--redact',
    '--redact-salt',
    '--min-level',
    '--fail-on',
    '--allowlist',
  ],
  features: ['--out', '--force', '--json', '--map', '--format', '--strict', '--rules', '--threads', '--memory-limit', '--quiet'],
  report: ['--db', '--quiet', '--out', '--force', '--json', '--redact', '--redact-salt'],
  diff: ['--json', '--min-overlap', '--growth'],
  share: ['--format', '--out', '--force', '--tlp', '--producer', '--share-hashed-ids', '--salt', '--quiet'],
  explain: [
    '--account',
    '--limit',
    '--json',
    '--map',
    '--format',
    '--accounts',
    '--indicators',
    '--sampling-rate',
    '--strict',
    '--since',
    '--until',
    '--last',
    '--db',
    '--threads',
    '--memory-limit',
    '--quiet',
  ],
  schema: ['--json', '--formats'],
  rules: ['--json', '--rules'],
  'rules lint': [],
  validate: ['--json', '--rejections', '--quiet', '--map', '--format', '--accounts', '--indicators', '--sampling-rate', '--strict'],
  simulate: [
    '--preset',
    '--seed',
    '--out',
    '--evasion',
    '--campaign-share',
    '--sampling-rate',
    '--days',
    '--tactics',
    '--force',
    '--quiet',
  ],
  evaluate: ['--truth', '--report', '--json'],
  shard: ['--out', '--shards', '--force', '--json', '--map', '--format', '--strict', '--threads', '--memory-limit', '--quiet'],
  'shard-features': ['--shard', '--out', '--force', '--json', '--rules', '--threads', '--memory-limit', '--quiet'],
};

/** Flags of a shared group, which must read the same wherever they appear. */
const SHARED = [
  '--map',
  '--format',
  '--strict',
  '--accounts',
  '--indicators',
  '--since',
  '--until',
  '--last',
  '--db',
  '--threads',
  '--memory-limit',
  '--quiet',
  '--rules',
  '--redact',
  '--redact-salt',
  '--min-level',
  '--fail-on',
  '--allowlist',
];
/** Flags of the same name that mean something else: the database `report` requires, the format `share` writes. */
const OWN = new Set(['report --db', 'share --format']);

function commands(): Map<string, Command> {
  const program = buildProgram(new Output({ stdout: { write: () => true }, stderr: { write: () => true }, env: {} }), () => {});
  const all = new Map<string, Command>();
  const walk = (cmd: Command, prefix: string): void => {
    for (const sub of cmd.commands) {
      const name = `${prefix}${sub.name()}`;
      all.set(name, sub);
      walk(sub, `${name} `);
    }
  };
  walk(program, '');
  return all;
}

describe('--help of every command', () => {
  const all = commands();

  it('knows every command and each one the flags it always had', () => {
    expect([...all.keys()].sort()).toEqual(Object.keys(FLAGS).sort());
    for (const [name, cmd] of all) {
      expect(cmd.options.map((o) => o.long).sort(), name).toEqual([...FLAGS[name]!].sort());
    }
  });

  it('lists each flag with its description', () => {
    for (const [name, cmd] of all) {
      const help = cmd.helpInformation().replace(/\s+/g, ' ');
      for (const o of cmd.options) {
        expect(o.description.trim(), `${name} ${o.flags}`).not.toBe('');
        expect(help, `${name} --help`).toContain(o.flags);
        expect(help, `${name} --help`).toContain(o.description.replace(/\s+/g, ' '));
      }
    }
  });

  it('gives a shared flag the same definition in every command that takes it (one flag group)', () => {
    for (const flag of SHARED) {
      const seen = [...all].flatMap(([name, cmd]) =>
        cmd.options
          .filter((o) => o.long === flag && !OWN.has(`${name} ${flag}`))
          .map((o) => ({ name, def: `${o.flags} ${o.description}` })),
      );
      expect(seen.length, flag).toBeGreaterThan(0);
      expect(new Set(seen.map((s) => s.def)).size, `${flag} in ${seen.map((s) => s.name).join(', ')}`).toBe(1);
    }
  });
});
