import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { registerDiff } from '../../src/cli/diff.js';
import { Output } from '../../src/cli/output.js';
import { registerReport } from '../../src/cli/report.js';
import { registerScan } from '../../src/cli/scan.js';
import type { RegisterCommand } from '../../src/cli/commands.js';
import { diffReports } from '../../src/report/diff.js';
import type { Campaign, Report } from '../../src/report/model.js';
import { CAMPAIGN_ACCOUNTS, fixtureCampaign, fixtureDatabase } from './fixture.js';
import { cleanScratch, scratch, writeBundle } from './helpers.js';

afterAll(cleanScratch);

/** Runs one command in process, as main() would, capturing its streams and exit code. */
async function run(register: RegisterCommand, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const output = new Output({
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
    env: { NO_COLOR: '1' },
  });
  let code = 0;
  const program = new Command('distill-audit')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  register(program, output, (c) => (code = c));
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    code = output.fail(err);
  }
  return { code, stdout, stderr };
}

function campaign(id: string, accounts: string[], estimate: number): Campaign {
  return {
    ...fixtureCampaign(),
    id,
    accounts,
    account_count: accounts.length,
    exchanges: { observed: estimate, estimate, ci95: [estimate, estimate], disclosure: `more than ${estimate}` },
  };
}

function report(campaigns: Campaign[], generated = '2026-02-14T00:00:00Z'): Report {
  return {
    schema: 'distill-audit/report@1',
    tool: { name: 'distill-audit', version: '0.1.0' },
    generated_at: generated,
    config_sha256: 'ab'.repeat(32),
    inputs: [],
    totals: { exchanges: 0, accounts: 0, start: null, end: null },
    campaigns,
    detectors: [],
  };
}

const range = (prefix: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}`);

describe('diffReports', () => {
  const older = report([
    campaign('C1', range('a', 0, 100), 10_000),
    campaign('C2', range('b', 0, 50), 5_000),
    campaign('C3', range('c', 0, 20), 900),
  ]);
  // Ids move between runs: yesterday's C2 is today's C1 and has grown; C3 is gone; d* is new.
  const newer = report(
    [
      campaign('C1', [...range('b', 0, 50), ...range('b', 50, 80)], 20_000),
      campaign('C2', range('a', 5, 100), 10_200),
      campaign('C3', range('d', 0, 30), 3_000),
    ],
    '2026-02-15T00:00:00Z',
  );

  it('matches campaigns by shared accounts, not by id', () => {
    const diff = diffReports(older, newer);
    expect(diff.counts).toEqual({ new: 1, grown: 1, shrunk: 0, unchanged: 1, vanished: 1 });
    expect(diff.changes.map((c) => [c.change, c.old?.id ?? null, c.new?.id ?? null])).toEqual([
      ['new', null, 'C3'],
      ['grown', 'C2', 'C1'],
      ['vanished', 'C3', null],
      ['unchanged', 'C1', 'C2'],
    ]);
    expect(diff.changes[1]).toMatchObject({ shared_accounts: 50, overlap: 1 });
  });

  it('does not match campaigns that share only a few accounts', () => {
    const a = report([campaign('C1', range('a', 0, 100), 1000)]);
    const b = report([campaign('C1', [...range('a', 0, 10), ...range('z', 0, 90)], 1000)]);
    expect(diffReports(a, b).counts).toMatchObject({ new: 1, vanished: 1 });
  });

  it('is quiet when nothing changed', () => {
    expect(diffReports(older, older).counts).toEqual({ new: 0, grown: 0, shrunk: 0, unchanged: 3, vanished: 0 });
  });
});

describe('distill-audit diff', () => {
  const dir = scratch();
  const oldFile = join(dir, 'old.json');
  const newFile = join(dir, 'new.json');
  writeFileSync(oldFile, JSON.stringify(report([campaign('C1', range('a', 0, 10), 100)])));
  writeFileSync(newFile, JSON.stringify(report([campaign('C1', range('a', 0, 10), 100), campaign('C2', range('n', 0, 5), 50)])));

  it('exits 1 with a new campaign, and prints a table', async () => {
    const r = await run(registerDiff, ['diff', oldFile, newFile]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 new, 0 grown, 0 vanished, 0 shrunk, 1 unchanged');
    expect(r.stdout).toMatch(/new .*C2/);
  });

  it('exits 0 when nothing is new or grown, and --json parses', async () => {
    const r = await run(registerDiff, ['diff', newFile, oldFile, '--json']);
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.stdout);
    expect(diff.schema).toBe('distill-audit/diff@1');
    expect(diff.counts).toMatchObject({ vanished: 1, unchanged: 1 });
  });

  it('exits 2 naming the file and the field when a report is not one', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ schema: 'distill-audit/report@1', generated_at: 'x', inputs: [], campaigns: [{ id: 'C1' }] }));
    const r = await run(registerDiff, ['diff', oldFile, bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: campaigns[0].accounts: expected an array of account ids`);
    const missing = await run(registerDiff, ['diff', oldFile, join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json: no such report (report.json)');
  });
});

describe('distill-audit report --db', () => {
  it('writes the same bundle again from a kept database, without the scan', async () => {
    const dir = scratch();
    const dbFile = join(dir, 'kept.duckdb');
    const db = await fixtureDatabase({ path: dbFile });
    let first: string;
    try {
      first = (await writeBundle(db, [fixtureCampaign()])).dir;
    } finally {
      db.close();
    }
    const out = join(dir, 'again');
    const r = await run(registerReport, ['report', '--db', dbFile, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 campaign(s) found');
    for (const name of ['report.json', 'report.md', 'report.html', 'accounts.csv', 'quarantine.jsonl']) {
      expect(readFileSync(join(out, name), 'utf8'), name).toBe(readFileSync(join(first, name), 'utf8'));
    }
  });

  it('redacts on re-render, printing a generated salt once', async () => {
    const dir = scratch();
    const dbFile = join(dir, 'kept.duckdb');
    const db = await fixtureDatabase({ path: dbFile });
    try {
      await writeBundle(db, [fixtureCampaign()]);
    } finally {
      db.close();
    }
    const out = join(dir, 'redacted');
    const r = await run(registerReport, ['report', '--db', dbFile, '--out', out, '--redact', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/redaction salt/g)).toHaveLength(1);
    const json = JSON.parse(r.stdout) as Report;
    expect(json.campaigns[0]!.accounts.some((a) => CAMPAIGN_ACCOUNTS.includes(a))).toBe(false);
    expect(readFileSync(join(out, 'accounts.csv'), 'utf8')).not.toContain('acct_');
  });

  it('exits 2 for a missing database or one without a scan', async () => {
    const dir = scratch();
    const missing = await run(registerReport, ['report', '--db', join(dir, 'none.duckdb'), '--out', join(dir, 'x')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('none.duckdb: no such database');
    expect(existsSync(join(dir, 'none.duckdb'))).toBe(false);
    const empty = await fixtureDatabase({ path: join(dir, 'empty.duckdb') });
    empty.close();
    const r = await run(registerReport, ['report', '--db', join(dir, 'empty.duckdb'), '--out', join(dir, 'y')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('holds no scan to report on');
    expect(existsSync(join(dir, 'y'))).toBe(false);
  });

  it('exits 2 naming the file when --db is not a DuckDB database (report and scan alike)', async () => {
    const dir = scratch();
    const notDb = join(dir, 'notes.duckdb');
    writeFileSync(notDb, 'these are notes, not a database\n'.repeat(200));
    const r = await run(registerReport, ['report', '--db', notDb, '--out', join(dir, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('notes.duckdb: is not a DuckDB database (no DuckDB header)');
    const logs = join(dir, 'day.jsonl');
    writeFileSync(logs, '{"request_id":"r1","ts":"2026-02-01T00:00:00Z","account_id":"a1"}\n');
    const s = await run(registerScan, ['scan', logs, '--db', notDb, '--out', join(dir, 'y')]);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('notes.duckdb: is not a DuckDB database (no DuckDB header)');
    expect(existsSync(join(dir, 'y'))).toBe(false);
  });
});
