import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../src/simulate/preset.js';
import { simulate } from '../../src/simulate/index.js';
import { runCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

/** Gzip bytes depend on the zlib build; the content is what must not move, so .gz files compare decompressed. */
function content(path: string): Buffer {
  const bytes = readFileSync(path);
  return path.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

describe('simulate is deterministic', () => {
  it('writes byte-identical output for the same arguments and different output for another seed', async () => {
    const a = scratchDir('sim-a-');
    const b = scratchDir('sim-b-');
    const c = scratchDir('sim-c-');
    await simulate(makePlan({ preset: 'tiny', seed: 3 }), { out: a, force: false });
    await simulate(makePlan({ preset: 'tiny', seed: 3 }), { out: b, force: false });
    await simulate(makePlan({ preset: 'tiny', seed: 4 }), { out: c, force: false });
    expect(files(a)).toEqual(files(b));
    for (const f of files(a)) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    expect(readFileSync(join(a, 'truth.json')).equals(readFileSync(join(c, 'truth.json')))).toBe(false);
  });

  it('regenerates the committed demo fixture exactly', () => {
    const out = scratchDir('sim-demo-');
    const run = runCli(['simulate', '--preset', 'tiny', '--seed', '7', '--out', out, '--force', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const committed = join(import.meta.dirname, '..', '..', 'fixtures', 'demo');
    expect(files(out)).toEqual(files(committed));
    for (const f of files(out)) {
      expect(content(join(out, f)).equals(content(join(committed, f))), `${f} differs: run \`npm run demo\` and commit`).toBe(true);
    }
  });
});

describe('simulate command', () => {
  it('refuses to overwrite an earlier simulation without --force, and bad knobs are usage errors', () => {
    const out = scratchDir('sim-cli-');
    expect(runCli(['simulate', '--preset', 'tiny', '--out', out, '--quiet']).code).toBe(0);
    const again = runCli(['simulate', '--preset', 'tiny', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    const bad = runCli(['simulate', '--preset', 'tiny', '--evasion', '3', '--out', scratchDir('sim-cli-')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--evasion');
    expect(runCli(['simulate', '--preset', 'huge', '--out', scratchDir('sim-cli-')]).code).toBe(2);
    expect(runCli(['simulate', '--preset', 'tiny', '--days', '2', '--out', scratchDir('sim-cli-')]).code).toBe(2);
  });
});
