import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../helpers/cli.js';

// The demo week (seven daily files in four formats), scanned at once and as seven partials.
const demo = (name: string) => fileURLToPath(new URL(`../../fixtures/demo/${name}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'da-partial-'));
const logs = join(scratch, 'logs');
const days = readdirSync(demo('logs')).sort();
const side = ['--accounts', demo('accounts.csv'), '--indicators', demo('indicators.json')];
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeAll(() => {
  mkdirSync(logs);
  for (const d of days) copyFileSync(join(demo('logs'), d), join(logs, d));
  // A record repeated on a later day: one scan counts it a duplicate of the earlier file; the
  // partial of the later day cannot know, so the merge must.
  const repeated = readFileSync(join(logs, '2026-02-02.jsonl'), 'utf8').split('\n')[0]!;
  appendFileSync(join(logs, '2026-02-07.jsonl'), `${repeated}\n`);
  for (const d of days) {
    const run = runCli(['features', join(logs, d), '--out', join(scratch, 'partials', d), '--quiet']);
    expect(run.code, run.stderr).toBe(0);
  }
}, 120_000);

const partialFlags = () => days.flatMap((d) => ['--features', join(scratch, 'partials', d)]);

function scan(name: string, source: string[], extra: string[] = []): string {
  const out = join(scratch, name);
  const run = runCli(['scan', ...source, ...side, ...extra, '--out', out, '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  return out;
}

/** Timings differ run to run, and the stages differ by design (merge instead of load). */
function comparable(dir: string): unknown {
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  for (const d of report.detectors) delete d.ms;
  delete report.stages;
  return report;
}

function expectSameBundle(whole: string, merged: string): void {
  const files = readdirSync(whole).sort();
  expect(readdirSync(merged).sort()).toEqual(files);
  for (const file of files) {
    if (file === 'report.json') expect(comparable(merged), file).toEqual(comparable(whole));
    else expect(readFileSync(join(merged, file)).equals(readFileSync(join(whole, file))), `${file} differs`).toBe(true);
  }
}

describe('a week scanned at once and as seven daily partials', () => {
  it('gives the same report bundle, duplicates across days included', () => {
    const whole = scan('whole', [logs]);
    const merged = scan('merged', partialFlags());
    expectSameBundle(whole, merged);
    const report = JSON.parse(readFileSync(join(whole, 'report.json'), 'utf8'));
    expect(report.campaigns.length).toBeGreaterThan(0);
    expect(report.campaigns.some((c: { attribution: { actor: string | null } }) => c.attribution.actor !== null)).toBe(true);
    const day7 = report.inputs.find((i: { path: string }) => i.path.endsWith('2026-02-07.jsonl'));
    const manifest = JSON.parse(readFileSync(join(scratch, 'partials', '2026-02-07.jsonl', 'manifest.json'), 'utf8'));
    expect(day7.loaded).toBe(manifest.exchanges - 1);
    expect(day7.records).toBe(day7.loaded + day7.rejected + day7.duplicates);
  });

  it('gives the same report for a time window', () => {
    const window = ['--since', '2026-02-04', '--until', '2026-02-07T12:00:00Z'];
    expectSameBundle(scan('whole-window', [logs], window), scan('merged-window', partialFlags(), window));
  });

  it('keeps no answer text in a partial, and every exchange with its features', async () => {
    const dir = join(scratch, 'partials', '2026-02-02.jsonl');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.schema).toBe('distill-audit/partial@1');
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    onTestFinished(() => {
      db.closeSync();
      instance.closeSync();
    });
    const file = join(dir, 'exchanges.parquet').replaceAll("'", "''");
    const columns = (await db.runAndReadAll(`SELECT name FROM parquet_schema('${file}')`)).getRowObjects().map((r) => r.name);
    expect(columns).not.toContain('response');
    expect(columns).toEqual(
      expect.arrayContaining(['prompt', 'template_id', 'capability', 'elicitation', 'frame_id', 'source_file', 'source_line']),
    );
    const rows = (
      await db.runAndReadAll(`SELECT count(*)::INTEGER AS n, count(capability)::INTEGER AS c FROM '${file}'`)
    ).getRowObjects()[0]!;
    expect(rows.n).toBe(manifest.exchanges);
    expect(rows.c).toBe(manifest.exchanges);
  });
});

describe('scan --features refuses what it cannot honour (exit 2, named)', () => {
  it('logs and partials together', () => {
    const run = runCli(['scan', logs, ...partialFlags(), '--out', join(scratch, 'x1')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/either log paths or --features/);
  });

  it('rules or a mapping at scan time (a partial has them applied already)', () => {
    const run = runCli(['scan', ...partialFlags(), '--map', demo('accounts.csv'), '--out', join(scratch, 'x2')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--map cannot be used with partials/);
  });

  it('a directory that is not a partial', () => {
    const run = runCli(['scan', '--features', logs, '--out', join(scratch, 'x3')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(logs);
    expect(run.stderr).toMatch(/no manifest\.json/);
  });

  it('one log file in two partials', () => {
    const d = days[0]!;
    const again = join(scratch, 'again');
    expect(runCli(['features', join(logs, d), '--out', again, '--quiet']).code).toBe(0);
    const run = runCli(['scan', '--features', join(scratch, 'partials', d), '--features', again, '--out', join(scratch, 'x4')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is in 2 of the partials/);
  });

  it('partials matched with different rules', () => {
    const pack = join(scratch, 'pack.json');
    writeFileSync(
      pack,
      JSON.stringify({
        schema: 'distill-audit/rule-pack@1',
        name: 'extra',
        version: '1',
        kind: 'elicitation',
        source: 'test',
        description: 'one more elicitation phrase',
        patterns: [{ id: 'extra.show-work', pattern: 'show every step', weight: 1, description: 'asks for every step' }],
      }),
    );
    const other = join(scratch, 'other-rules');
    const made = runCli(['features', join(logs, days[1]!), '--rules', pack, '--out', other, '--quiet']);
    expect(made.code, made.stderr).toBe(0);
    const run = runCli(['scan', '--features', join(scratch, 'partials', days[0]!), '--features', other, '--out', join(scratch, 'x5')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/other rules/);
  });
});
