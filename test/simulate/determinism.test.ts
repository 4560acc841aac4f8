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

describe('sampling and knobs', () => {
  it('a sampled export keeps about the given share, and truth still knows the unsampled counts', async () => {
    const full = await simulate(makePlan({ preset: 'tiny', seed: 5 }), { out: scratchDir('sim-full-'), force: false });
    const half = await simulate(makePlan({ preset: 'tiny', seed: 5, samplingRate: 0.5 }), { out: scratchDir('sim-half-'), force: false });
    expect(half.totals.exchanges_unsampled).toBe(full.totals.exchanges);
    expect(half.totals.exchanges / full.totals.exchanges).toBeGreaterThan(0.44);
    expect(half.totals.exchanges / full.totals.exchanges).toBeLessThan(0.56);
    half.campaigns.forEach((c, i) => {
      expect(c.exchanges_unsampled).toBe(full.campaigns[i]!.exchanges);
      expect(c.exchanges).toBeLessThan(c.exchanges_unsampled);
    });
    expect(half.generator.sampling_rate).toBe(0.5);
  });

  it('campaign share moves the campaign volume and leaves honest traffic alone', async () => {
    const low = await simulate(makePlan({ preset: 'tiny', seed: 5, campaignShare: 0.2 }), { out: scratchDir('sim-low-'), force: false });
    const high = await simulate(makePlan({ preset: 'tiny', seed: 5, campaignShare: 0.6 }), { out: scratchDir('sim-high-'), force: false });
    const share = (t: typeof low) => t.totals.campaign_exchanges / t.totals.exchanges;
    expect(share(low)).toBeGreaterThan(0.12);
    expect(share(low)).toBeLessThan(0.28);
    expect(share(high)).toBeGreaterThan(0.5);
    expect(share(high)).toBeLessThan(0.7);
    expect(Math.abs(low.totals.honest_exchanges - high.totals.honest_exchanges) / low.totals.honest_exchanges).toBeLessThan(0.05);
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
