import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('the README works in a fresh clone', () => {
  it('links and named design files point inside the repository, and exist', () => {
    expect(README).not.toContain('../shared');
    const targets = [...README.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/.test(t));
    expect(targets.length).toBeGreaterThan(10);
    expect(targets.filter((t) => t.startsWith('..') || !existsSync(join(ROOT, t)))).toEqual([]);
  });

  it("examples run the clone's own build (npx), never a bare command npm install does not provide", () => {
    const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const bare = blocks.flatMap((b) => b.split('\n')).filter((l) => /^distill-audit\b/.test(l));
    expect(bare).toEqual([]);
    expect(README).toContain('npm link');
  });

  it('explains the campaign levels', () => {
    expect(README).toContain('### Campaign levels');
    for (const level of ['informational', 'low', 'medium', 'high', 'critical']) expect(README).toMatch(new RegExp(`\\| ${level} \\|`));
  });

  it('its CI recipe for the demo fails the run as it says', { timeout: 120_000 }, () => {
    const line = README.split('\n').find((l) => l.startsWith('npx distill-audit scan fixtures/demo/logs') && l.includes('--fail-on'))!;
    expect(line).toBeDefined();
    const args = line.replace(/#.*$/, '').trim().split(/\s+/).slice(2);
    const out = join(scratchDir(), 'demo-ci');
    const run = runCli(
      args.map((a) => (a === 'demo-ci/' ? out : a)),
      { cwd: ROOT, timeoutMs: 110_000 },
    );
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('--fail-on low: 2 campaign(s) at or above it (C2 low, C3 low)');
  });
});
