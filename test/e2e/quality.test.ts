import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { put, scratchDir } from '../helpers/scratch.js';

/**
 * End to end on simulator traffic: simulate, scan, evaluate through the built CLI, and hold the
 * campaign findings to the quality bar with a margin. The seed is one the measurements in
 * src/campaign/README.md do not use.
 */
const SEED = '7';

interface Evaluation {
  accounts: { precision: number; recall: number };
  campaigns: {
    id: string;
    matched: { id: string; overlap: number }[];
    estimate: { truth: number; estimate: number; ci95: [number, number]; relative_error: number; truth_in_ci95: boolean } | null;
    attribution: { expected: string | null; reported: string | null; correct: boolean } | null;
  }[];
  spurious: unknown[];
  traps: { kind: string; accounts: number; flagged: number; share: number }[];
}

function simulate(dir: string, extra: string[] = []): void {
  const r = runCli(['simulate', '--preset', 'small', '--seed', SEED, '--out', dir, '--quiet', ...extra]);
  expect(r.code, r.stderr).toBe(0);
}

function scan(sim: string, out: string, extra: string[] = []) {
  return runCli([
    'scan',
    join(sim, 'logs'),
    '--accounts',
    join(sim, 'accounts.csv'),
    '--indicators',
    join(sim, 'indicators.json'),
    '--out',
    out,
    '--quiet',
    '--json',
    ...extra,
  ]);
}

function evaluate(sim: string, out: string): Evaluation {
  const r = runCli(['evaluate', '--truth', join(sim, 'truth.json'), '--report', out, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Evaluation;
}

describe('campaign findings on the small preset', () => {
  const root = scratchDir('da-e2e-');
  const sim = join(root, 'sim');
  let evaluation: Evaluation;
  let report: { campaigns: { id: string; level: string; accounts: string[]; exchanges: { estimate: number; ci95: [number, number] } }[] };

  beforeAll(() => {
    simulate(sim);
    const r = scan(sim, join(root, 'report'));
    expect(r.code, r.stderr).toBe(0);
    report = JSON.parse(r.stdout);
    evaluation = evaluate(sim, join(root, 'report'));
  });

  it('flags campaign accounts with high precision and recall', () => {
    expect(evaluation.accounts.precision).toBeGreaterThanOrEqual(0.99);
    expect(evaluation.accounts.recall).toBeGreaterThanOrEqual(0.97);
    expect(evaluation.spurious).toEqual([]);
  });

  it('finds every campaign as one campaign, with the estimate within 5 % and the truth inside ci95', () => {
    expect(evaluation.campaigns.length).toBeGreaterThanOrEqual(3);
    for (const c of evaluation.campaigns) {
      expect(c.matched.length, c.id).toBe(1);
      expect(c.estimate, c.id).not.toBeNull();
      expect(Math.abs(c.estimate!.relative_error), c.id).toBeLessThanOrEqual(0.05);
      expect(c.estimate!.truth_in_ci95, c.id).toBe(true);
    }
  });

  it('names the actor where the indicators cover it, and nobody otherwise', () => {
    for (const c of evaluation.campaigns) expect(c.attribution?.correct, `${c.id}: ${JSON.stringify(c.attribution)}`).toBe(true);
    expect(evaluation.campaigns.some((c) => c.attribution?.expected === null)).toBe(true);
  });

  it('leaves every trap group alone', () => {
    for (const t of evaluation.traps) expect(t.flagged, t.kind).toBe(0);
  });

  it('orders campaigns by estimate and keeps ci95[0] <= estimate <= ci95[1]', () => {
    const estimates = report.campaigns.map((c) => c.exchanges.estimate);
    expect(estimates).toEqual([...estimates].sort((a, b) => b - a));
    expect(report.campaigns.map((c) => c.id)).toEqual(report.campaigns.map((_, i) => `C${i + 1}`));
    for (const c of report.campaigns) {
      expect(c.exchanges.ci95[0]).toBeLessThanOrEqual(c.exchanges.estimate);
      expect(c.exchanges.estimate).toBeLessThanOrEqual(c.exchanges.ci95[1]);
    }
  });

  it('exits 1 with --fail-on at a level found, 0 above it, and --min-level hides lower campaigns', () => {
    const levels = ['informational', 'low', 'medium', 'high', 'critical'];
    const top = Math.max(...report.campaigns.map((c) => levels.indexOf(c.level)));
    const failing = scan(sim, join(root, 'fail'), ['--fail-on', levels[top]!]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain(`--fail-on ${levels[top]}`);
    if (top < levels.length - 1) {
      const passing = scan(sim, join(root, 'pass'), ['--fail-on', levels[top + 1]!, '--min-level', levels[top]!]);
      expect(passing.code).toBe(0);
      const shown = JSON.parse(passing.stdout).campaigns as { level: string }[];
      expect(shown.length).toBeGreaterThan(0);
      for (const c of shown) expect(levels.indexOf(c.level)).toBeGreaterThanOrEqual(top);
    }
  });

  it('keeps allowlisted accounts out of campaigns', () => {
    const victim = report.campaigns[0]!.accounts[0]!;
    const allowlist = put(
      root,
      'allow.json',
      JSON.stringify({ entries: [{ type: 'account_id', value: victim, reason: 'partner evaluation programme' }] }),
    );
    const r = scan(sim, join(root, 'allowed'), ['--allowlist', allowlist]);
    expect(r.code, r.stderr).toBe(0);
    const accounts = (JSON.parse(r.stdout).campaigns as { accounts: string[] }[]).flatMap((c) => c.accounts);
    expect(accounts).not.toContain(victim);
    expect(accounts.length).toBe(report.campaigns.flatMap((c) => c.accounts).length - 1);
  });
});

describe('campaign estimates on a sampled export', () => {
  it('still find every campaign and cover the truth when the export keeps one exchange in ten', () => {
    const root = scratchDir('da-e2e-sampled-');
    const sim = join(root, 'sim');
    simulate(sim, ['--sampling-rate', '0.1']);
    const r = scan(sim, join(root, 'report'));
    expect(r.code, r.stderr).toBe(0);
    const evaluation = evaluate(sim, join(root, 'report'));
    expect(evaluation.accounts.precision).toBeGreaterThanOrEqual(0.99);
    // Each account keeps about a tenth of its exchanges: found on pooled evidence, not its own signals.
    expect(evaluation.accounts.recall).toBeGreaterThanOrEqual(0.97);
    expect(evaluation.spurious).toEqual([]);
    for (const t of evaluation.traps) expect(t.flagged, t.kind).toBe(0);
    for (const c of evaluation.campaigns) {
      expect(c.estimate, c.id).not.toBeNull();
      expect(c.estimate!.truth_in_ci95, `${c.id}: ${JSON.stringify(c.estimate)}`).toBe(true);
      expect(Math.abs(c.estimate!.relative_error), c.id).toBeLessThanOrEqual(0.1);
    }
  });
});

describe('campaigns at the strongest evasion', () => {
  it("may be missed, but whatever is flagged is a campaign's: no honest account, no trap", () => {
    // Recall falls with evasion by design (bench/quality.mjs measures the curve); precision must not.
    const root = scratchDir('da-e2e-evasive-');
    const sim = join(root, 'sim');
    const r0 = runCli(['simulate', '--preset', 'tiny', '--seed', SEED, '--evasion', '1', '--out', sim, '--quiet']);
    expect(r0.code, r0.stderr).toBe(0);
    const r = scan(sim, join(root, 'report'));
    expect(r.code, r.stderr).toBe(0);
    const evaluation = evaluate(sim, join(root, 'report')) as Evaluation & {
      other_honest_flagged: number;
      accounts: { false_positives: number };
    };
    expect(evaluation.accounts.false_positives).toBe(0);
    expect(evaluation.other_honest_flagged).toBe(0);
    expect(evaluation.spurious).toEqual([]);
    for (const t of evaluation.traps) expect(t.flagged, t.kind).toBe(0);
  });
});
