import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'da-rules-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('distill-audit rules', () => {
  it('lists the shipped packs with their pattern ids', () => {
    const run = runCli(['rules']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('elicitation v1 (elicitation, ');
    expect(run.stdout).toContain('elic.reconstruct-reasoning');
    expect(run.stdout).toContain('cap.computer-use.tools');
  });

  it('lint exits 2 with one line per problem, naming file and pattern id', () => {
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({
        name: 'bad',
        version: '1',
        kind: 'elicitation',
        description: 'd',
        patterns: [
          { id: 'bad.one', description: 'd', pattern: '(?<=x)y', weight: 0.5 },
          { id: 'bad.two', pattern: 'x', weight: 0.5 },
        ],
      }),
    );
    const run = runCli(['rules', 'lint', dir]);
    expect(run.code).toBe(2);
    const file = join(dir, 'bad.json');
    expect(run.stderr).toContain(`error: ${file}: pattern bad.two: missing field "description"`);
    expect(run.stderr).toContain(`error: ${file}: pattern bad.one: regex does not compile in RE2/DuckDB:`);
    expect(run.stderr).toContain('2 problem(s) found');
  });

  it('lint passes a good pack, and rules --rules lists it', () => {
    writeFileSync(
      join(dir, 'good.json'),
      JSON.stringify({
        name: 'case',
        version: '3',
        kind: 'elicitation',
        description: 'case file',
        patterns: [{ id: 'case.codeword', description: 'operator codeword', pattern: 'zebra protocol', weight: 0.9, level: 'high' }],
      }),
    );
    const lint = runCli(['rules', 'lint', join(dir, 'good.json')]);
    expect(lint.code).toBe(0);
    expect(lint.stdout).toBe('1 pack(s), 1 pattern(s): no problems\n');
    const list = runCli(['rules', '--json', '--rules', join(dir, 'good.json')]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((p: { name: string }) => p.name)).toEqual(['capability', 'elicitation', 'case']);
  });

  it('scan takes --rules before the log paths (repeatable, not swallowing them) and names each pack in report.json', () => {
    writeFileSync(
      join(dir, 'extra.json'),
      JSON.stringify({
        name: 'extra',
        version: '2',
        kind: 'elicitation',
        description: 'second case file',
        patterns: [{ id: 'extra.codeword', description: 'another codeword', pattern: 'heron protocol', weight: 0.5 }],
      }),
    );
    const logs = fileURLToPath(new URL('../../fixtures/demo/logs', import.meta.url));
    const out = join(dir, 'report');
    const run = runCli([
      'scan',
      '--rules',
      join(dir, 'good.json'),
      '--rules',
      join(dir, 'extra.json'),
      logs,
      '--out',
      out,
      '--json',
      '--quiet',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.totals.exchanges).toBeGreaterThan(1000);
    const packs = report.detectors.filter((d: { name: string }) => d.name.startsWith('rules:'));
    expect(packs.map((d: { name: string; version: string }) => `${d.name}@${d.version}`)).toEqual([
      'rules:capability@1',
      'rules:elicitation@1',
      'rules:case@3',
      'rules:extra@2',
    ]);
  });
});
