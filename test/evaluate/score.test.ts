import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScoredReport } from '../../src/evaluate/inputs.js';
import { evaluate } from '../../src/evaluate/score.js';
import type { CampaignTruth, Truth } from '../../src/simulate/truth.js';
import { runCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';

function campaign(
  id: string,
  actor: string,
  accounts: string[],
  exchanges: number,
  covered: boolean,
  unsampled = exchanges,
): CampaignTruth {
  return {
    id,
    actor,
    focus: [],
    covered_by_indicators: covered,
    accounts,
    account_count: accounts.length,
    exchanges,
    exchanges_unsampled: unsampled,
    first_seen: null,
    last_seen: null,
    mixed_accounts: [],
    banned_accounts: [],
    replacement_accounts: [],
    dormant_accounts: [],
    pivot: null,
  };
}

const file = (path: string, records: number, malformed: number, duplicates: number) => ({
  path,
  format: 'jsonl' as const,
  compressed: false,
  records,
  exchanges: records - malformed - duplicates,
  malformed,
  duplicates,
  malformed_lines: [],
  duplicate_lines: [],
});

const TRUTH: Truth = {
  schema: 'distill-audit/truth@1',
  generator: { preset: 'tiny', seed: 1, days: 7, evasion: 0.3, campaign_share: 0.4, sampling_rate: 1 },
  period: { start: '2026-02-02T00:00:00.000Z', end: '2026-02-09T00:00:00.000Z' },
  model_release: { model: 'sonata-3', released_at: '2026-02-05T17:00:00.000Z' },
  ban_wave: { at: '2026-02-07T03:00:00.000Z' },
  totals: {
    exchanges: 0,
    exchanges_unsampled: 0,
    campaign_exchanges: 150,
    honest_exchanges: 0,
    accounts_with_exchanges: 0,
    accounts_listed: 0,
  },
  input: { files: 2, records: 30, malformed: 3, duplicates: 1 },
  campaigns: [campaign('A', 'Actor A', ['a1', 'a2', 'a3', 'a4'], 100, true), campaign('B', 'Actor B', ['b1', 'b2'], 50, false)],
  traps: [
    { kind: 'carrier_nat', description: '', accounts: ['n1', 'n2'], exchanges: 10 },
    { kind: 'batch_job', description: '', accounts: ['j1'], exchanges: 10 },
  ],
  files: [file('logs/x.jsonl', 10, 1, 1), file('logs/y.csv', 20, 2, 0)],
  labels: { file: 'truth_labels.csv.gz', covers: '' },
};

const predicted = (id: string, accounts: string[], estimate: number, ci95: [number, number], actor: string | null) => ({
  id,
  accounts,
  exchanges: { observed: estimate, estimate, ci95 },
  attribution: { actor },
});

const REPORT: ScoredReport = {
  inputs: [{ path: '/data/run/logs/x.jsonl', records: 10, loaded: 8, rejected: 1, duplicates: 1 }],
  campaigns: [
    predicted('C1', ['a1', 'a2', 'a3', 'n1'], 90, [80, 110], 'Actor A'),
    predicted('C2', ['b1'], 70, [60, 80], 'Actor A'),
    predicted('C3', ['z9'], 5, [5, 9], null),
  ],
};

describe('evaluate', () => {
  it('scores accounts, campaigns, estimates, attribution, traps and reconciliation as counted by hand', () => {
    const ev = evaluate(TRUTH, REPORT);
    expect(ev.accounts).toMatchObject({ campaign_accounts: 6, flagged: 6, true_positives: 4, false_positives: 2, false_negatives: 2 });
    expect(ev.accounts.precision).toBeCloseTo(4 / 6, 12);
    expect(ev.accounts.recall).toBeCloseTo(4 / 6, 12);
    expect(ev.accounts.f1).toBeCloseTo(4 / 6, 12);

    const [a, b] = ev.campaigns;
    expect(a!.matched).toEqual([{ id: 'C1', overlap: 3 }]);
    expect(a!.purity).toBeCloseTo(0.75, 12);
    expect(a!.completeness).toBeCloseTo(0.75, 12);
    expect(a!.estimate).toMatchObject({ truth: 100, estimate: 90, truth_in_ci95: true });
    expect(a!.estimate!.relative_error).toBeCloseTo(-0.1, 12);
    expect(a!.attribution).toEqual({ expected: 'Actor A', reported: 'Actor A', correct: true });

    expect(b!.purity).toBe(1);
    expect(b!.completeness).toBe(0.5);
    expect(b!.estimate!.relative_error).toBeCloseTo(0.4, 12);
    expect(b!.estimate!.truth_in_ci95).toBe(false);
    // B is not covered by indicators: any actor is wrong.
    expect(b!.attribution).toEqual({ expected: null, reported: 'Actor A', correct: false });

    expect(ev.spurious).toEqual([{ id: 'C3', accounts: 1 }]);
    expect(ev.traps).toEqual([
      { kind: 'carrier_nat', accounts: 2, flagged: 1, share: 0.5 },
      { kind: 'batch_job', accounts: 1, flagged: 0, share: 0 },
    ]);
    expect(ev.other_honest_flagged).toBe(1);
    expect(ev.reconciliation.files.map((f) => [f.path, f.found, f.ok])).toEqual([
      ['logs/x.jsonl', true, true],
      ['logs/y.csv', false, false],
    ]);
    expect(ev.reconciliation.ok).toBe(false);
  });

  it('gives a missed campaign no match, zero completeness and no estimate; a perfect report scores 1', () => {
    const missed = evaluate(TRUTH, { inputs: [], campaigns: [] });
    expect(missed.accounts.precision).toBeNull();
    expect(missed.accounts.recall).toBe(0);
    expect(missed.campaigns[0]).toMatchObject({ matched: [], purity: null, completeness: 0, estimate: null, attribution: null });

    const perfect = evaluate(TRUTH, {
      inputs: [
        { path: 'logs/x.jsonl', records: 10, loaded: 8, rejected: 1, duplicates: 1 },
        { path: 'C:\\runs\\logs\\y.csv', records: 20, loaded: 18, rejected: 2, duplicates: 0 },
      ],
      campaigns: [predicted('P1', ['a1', 'a2', 'a3', 'a4'], 100, [95, 105], 'Actor A'), predicted('P2', ['b1', 'b2'], 50, [45, 60], null)],
    });
    expect(perfect.accounts).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(
      perfect.campaigns.every((c) => c.purity === 1 && c.completeness === 1 && c.attribution!.correct && c.estimate!.truth_in_ci95),
    ).toBe(true);
    expect(perfect.reconciliation.ok).toBe(true);
  });

  it('scores a sampled export against the unsampled count, and sums split campaigns', () => {
    const sampled: Truth = {
      ...TRUTH,
      campaigns: [campaign('A', 'Actor A', ['a1', 'a2', 'a3', 'a4'], 10, true, 100), TRUTH.campaigns[1]!],
    };
    const ev = evaluate(sampled, {
      inputs: [],
      campaigns: [predicted('P1', ['a1', 'a2'], 60, [50, 70], 'Actor A'), predicted('P2', ['a3', 'a4'], 45, [40, 50], null)],
    });
    const a = ev.campaigns[0]!;
    expect(a.matched).toEqual([
      { id: 'P1', overlap: 2 },
      { id: 'P2', overlap: 2 },
    ]);
    expect(a.completeness).toBe(1);
    expect(a.estimate).toMatchObject({ truth: 100, estimate: 105, ci95: [90, 120], truth_in_ci95: true });
    expect(a.estimate!.relative_error).toBeCloseTo(0.05, 12);
  });
});

describe('evaluate command', () => {
  it('prints a table or JSON, and refuses files that are not a truth or a report', () => {
    const dir = scratchDir('eval-');
    writeFileSync(join(dir, 'truth.json'), JSON.stringify(TRUTH));
    // As the report reader wants it (src/report/read.ts): a report@1, with what diff reads too.
    const campaigns = REPORT.campaigns.map((c) => ({ ...c, account_count: c.accounts.length }));
    writeFileSync(
      join(dir, 'report.json'),
      JSON.stringify({ schema: 'distill-audit/report@1', generated_at: '2026-03-01T00:00:00Z', ...REPORT, campaigns }),
    );
    const table = runCli(['evaluate', '--truth', join(dir, 'truth.json'), '--report', dir]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('precision 66.7%');
    expect(table.stdout).toContain('logs/y.csv: not among the report');
    const json = runCli(['evaluate', '--truth', join(dir, 'truth.json'), '--report', join(dir, 'report.json'), '--json']);
    expect(JSON.parse(json.stdout).accounts.true_positives).toBe(4);
    const wrong = runCli(['evaluate', '--truth', join(dir, 'report.json'), '--report', dir]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('not a ground-truth file');
    writeFileSync(
      join(dir, 'bad.json'),
      '{"schema": "distill-audit/report@1", "generated_at": "2026-03-01T00:00:00Z", "inputs": [], "campaigns": [{"id": "C1"}]}',
    );
    const bad = runCli(['evaluate', '--truth', join(dir, 'truth.json'), '--report', join(dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('campaigns[0]');
  });
});
