import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { renderSummary } from '../../src/report/terminal.js';
import { fixtureCampaign } from './fixture.js';

const report: Report = {
  schema: 'distill-audit/report@1',
  tool: { name: 'distill-audit', version: '0.1.0' },
  generated_at: '2026-02-14T00:00:00Z',
  config_sha256: 'ab'.repeat(32),
  // An @1 report's inputs: without the profile, caller, filtered and paired counts @2 added.
  inputs: [
    { path: 'a.jsonl', sha256: 'cd'.repeat(32), format: 'jsonl', records: 10, loaded: 8, rejected: 1, duplicates: 1 },
    { path: 'b.csv', sha256: 'ef'.repeat(32), format: 'csv', records: 5, loaded: 5, rejected: 0, duplicates: 0 },
  ] as Report['inputs'],
  totals: { exchanges: 13, accounts: 9, start: '2026-02-08T00:00:00Z', end: '2026-02-13T00:00:00Z' },
  campaigns: [
    fixtureCampaign(),
    { ...fixtureCampaign(), id: 'C2', level: 'medium', attribution: { actor: 'Evil\u001b[2J Corp', confidence: 'low', evidence: [] } },
  ],
  detectors: [],
};

describe('terminal summary', () => {
  it('shows one line per campaign, totals and the input reconciliation, without colour when asked', () => {
    const text = renderSummary(report, new Chalk({ level: 0 }), '/tmp/out');
    expect(text).not.toMatch(/\u001b/);
    const rows = text.split('\n').filter((l) => /│ C\d /.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(
      /C1 .*critical .*Actor A \(high\) .*6 .*13,450,000 \[13,020,000–13,900,000\] .*2026-02-08 – 2026-02-13 .*reasoning 81%, coding 12%/,
    );
    expect(rows[1]).toContain('Evil\\u001b[2J Corp (low)');
    expect(text).toMatch(/total .*15 .*13 .*1 .*1/);
    expect(text).toContain('Every record is accounted for');
    expect(text).toContain('2 campaign(s) found');
  });

  it('colours when the output allows it', () => {
    expect(renderSummary(report, new Chalk({ level: 1 }), '/tmp/out')).toMatch(/\u001b\[/);
  });

  it('flags inputs that do not reconcile', () => {
    const broken = { ...report, inputs: [{ ...report.inputs[0]!, loaded: 3 }] };
    expect(renderSummary(broken, new Chalk({ level: 0 }), '/tmp/out')).toContain('Input counts do not reconcile');
  });
});
