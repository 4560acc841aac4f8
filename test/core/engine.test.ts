import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { Output } from '../../src/cli/output.js';
import { registerScan } from '../../src/cli/scan.js';
import { Database, type DatabaseOptions } from '../../src/db/database.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

const dir = scratchDir('da-engine-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const logs = put(
  dir,
  'logs/day.jsonl',
  jsonl([
    { request_id: 'r1', ts: '2026-02-01T10:00:00Z', account_id: 'acct_1', ip: '198.51.100.1', prompt: 'hello' },
    { request_id: 'r2', ts: '2026-02-01T11:00:00Z', account_id: 'acct_2', ip: '198.51.100.1', prompt: 'world' },
  ]),
);

interface Seen {
  threads: number;
  memory_limit: string;
  temp_directory: string;
}

/** Runs `scan` in process, reading DuckDB's own settings the moment the scan opens its database. */
async function scanWith(args: string[]): Promise<{ code: number; stderr: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const open = Database.open.bind(Database);
  vi.spyOn(Database, 'open').mockImplementation(async (options?: DatabaseOptions) => {
    const db = await open(options);
    seen.push(
      (await db.one<Seen & Record<string, unknown>>(
        `SELECT current_setting('threads') AS threads, current_setting('memory_limit') AS memory_limit,
              current_setting('temp_directory') AS temp_directory`,
      ))!,
    );
    return db;
  });
  let stderr = '';
  const output = new Output({
    stdout: { write: () => true },
    stderr: { write: (s: string) => ((stderr += s), true) },
    env: { NO_COLOR: '1' },
  });
  let code = 0;
  const program = new Command('distill-audit').exitOverride();
  registerScan(program, output, (c) => (code = c));
  try {
    await program.parseAsync(['scan', logs, ...args], { from: 'user' });
  } catch (err) {
    code = output.fail(err);
  }
  return { code, stderr, seen };
}

describe('scan engine options', () => {
  it('--threads and --memory-limit reach DuckDB; the spill directory is set and removed afterwards', async () => {
    const out = join(dir, 'report-engine');
    const r = await scanWith(['--out', out, '--threads', '1', '--memory-limit', '256MiB']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.seen).toHaveLength(1);
    expect(r.seen[0]).toMatchObject({ threads: 1, memory_limit: '256.0 MiB' });
    expect(r.seen[0]!.temp_directory).toMatch(/distill-audit-\d+-spill$/);
    expect(existsSync(r.seen[0]!.temp_directory)).toBe(false);
  });

  it('other values reach DuckDB too (not a default that happens to match)', async () => {
    const r = await scanWith(['--out', join(dir, 'report-engine-2'), '--threads', '2', '--memory-limit', '300MiB', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.seen[0]).toMatchObject({ threads: 2, memory_limit: '300.0 MiB' });
  });

  it('a bad --memory-limit is a usage error naming the flag', async () => {
    const r = await scanWith(['--out', join(dir, 'report-engine-3'), '--memory-limit', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--memory-limit: "lots"/);
    expect(r.seen).toHaveLength(0);
  });

  it('times every stage: notes on stderr, stages in report.json (the report step itself only on stderr)', async () => {
    const out = join(dir, 'report-stages');
    const r = await scanWith(['--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const noted = [...r.stderr.matchAll(/^stage ([\w-]+): (\d+\.\d s|\d+ min \d\d s|\d+ h \d\d min)$/gm)].map((m) => m[1]);
    expect(noted).toEqual(['load', 'window', 'evidence', 'features', 'signals', 'links', 'cluster', 'campaigns', 'attribution', 'reports']);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.stages.map((s: { name: string }) => s.name)).toEqual(noted.slice(0, -1));
    for (const s of report.stages) expect(s.ms).toBeGreaterThanOrEqual(0);
    expect(report.detectors.map((d: { name: string }) => d.name)).not.toContain('load');
  });

  it('--quiet keeps the stage notes off stderr', async () => {
    const r = await scanWith(['--out', join(dir, 'report-quiet'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/^stage /m);
  });
});
