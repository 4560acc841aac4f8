import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { MemoryLog } from '../helpers/context.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lintPacks } from '../../src/cli/rules.js';
import { isUserError } from '../../src/errors.js';
import { loadRuleSet } from '../../src/rules/load.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function packDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'da-rules-'));
  dirs.push(dir);
  mkdirSync(dir, { recursive: true });
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
  return dir;
}

const pack = (patterns: unknown[], extra: object = {}) => ({
  schema: 'distill-audit/rule-pack@1',
  name: 'mine',
  version: '2',
  kind: 'elicitation',
  description: 'investigator phrases',
  patterns,
  ...extra,
});

describe('rules lint', () => {
  it('passes the shipped packs', async () => {
    expect(await lintPacks([join(import.meta.dirname, '../../src/rules/packs')], new MemoryLog())).toEqual([]);
  });

  it('names the file, the pattern id and what is wrong', async () => {
    const dir = packDir({
      'a.json': pack([
        { id: 'mine.ok', description: 'fine', pattern: 'hello there', weight: 0.5 },
        { id: 'mine.ok', description: 'again', pattern: 'x', weight: 0.5 },
        { id: 'mine.heavy', description: 'too heavy', pattern: 'x', weight: 1.5 },
        { id: 'mine.nodesc', pattern: 'x', weight: 0.2 },
        { id: 'mine.behind', description: 'look-behind', pattern: '(?<=a)b', weight: 0.3 },
        { id: 'elic.step-by-step', description: 'clash with shipped', pattern: 'y', weight: 0.3 },
        { description: 'no id', pattern: 'z', weight: 0.3 },
      ]),
    });
    const problems = await lintPacks([dir], new MemoryLog());
    const file = join(dir, 'a.json');
    expect(problems).toEqual(
      expect.arrayContaining([
        { file, pattern: 'mine.ok', message: 'duplicate pattern id "mine.ok"' },
        { file, pattern: 'mine.heavy', message: 'weight 1.5 is out of range (0, 1]' },
        { file, pattern: 'mine.nodesc', message: 'missing field "description"' },
        { file, pattern: '#7', message: 'missing field "id"' },
        {
          file,
          pattern: 'elic.step-by-step',
          message: 'duplicate pattern id "elic.step-by-step" (already defined in builtin:elicitation.json)',
        },
      ]),
    );
    expect(problems.find((p) => p.pattern === 'mine.behind')?.message).toMatch(/^regex does not compile in RE2\/DuckDB: /);
    expect(problems).toHaveLength(6);
  });

  it('reports broken JSON and packs without a kind', async () => {
    const dir = packDir({ 'broken.json': '{ "name": ', 'nokind.json': pack([], { kind: undefined }) });
    const problems = await lintPacks([dir], new MemoryLog());
    expect(problems.map((p) => [p.file.split('/').pop(), p.message.split(':')[0]])).toEqual([
      ['broken.json', 'not valid JSON'],
      ['nokind.json', 'missing field "kind" (one of'],
    ]);
  });

  it('stops a run with a user error (exit 2) naming the file when a pack is bad', () => {
    const dir = packDir({ 'bad.json': pack([{ id: 'x', description: 'd', pattern: 'p', weight: 0 }]) });
    try {
      loadRuleSet([dir]);
      expect.unreachable();
    } catch (err) {
      expect(isUserError(err)).toBe(true);
      expect((err as Error & { file: string }).file).toBe(join(dir, 'bad.json'));
      expect((err as Error).message).toBe('pattern x: weight 0 is out of range (0, 1]');
    }
  });

  it('adds an investigator pack to the shipped ones', () => {
    const dir = packDir({
      'mine.json': pack([{ id: 'mine.codeword', description: 'operator codeword', pattern: '\\bzebra protocol\\b', weight: 0.9 }]),
    });
    const set = loadRuleSet([dir]);
    expect(set.elicitation.map((p) => p.id)).toContain('mine.codeword');
    expect(set.elicitation.map((p) => p.id)).toContain('elic.step-by-step');
  });
});
