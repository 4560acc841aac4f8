import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/shard/shards.js';
import { runCli } from '../helpers/cli.js';
import { put, scratchDir } from '../helpers/scratch.js';

// The demo week (seven files in four formats, a few broken records) plus a hand-made day with a
// rejected record and a record repeated from another day: bucketed by account, then merged.
const demo = (name: string) => fileURLToPath(new URL(`../../fixtures/demo/${name}`, import.meta.url));
const scratch = scratchDir('da-shard-');
const logs = join(scratch, 'logs');
const side = ['--accounts', demo('accounts.csv'), '--indicators', demo('indicators.json')];
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeAll(() => {
  mkdirSync(logs);
  for (const d of readdirSync(demo('logs'))) copyFileSync(join(demo('logs'), d), join(logs, d));
  // Day 9 repeats a record of day 2 (same account, so the same bucket), repeats another record's
  // request id under another account (so, with 6 buckets, another bucket: only the merge sees both)
  // and holds a record the load rejects.
  const [first, second] = readFileSync(join(logs, '2026-02-02.jsonl'), 'utf8')
    .split('\n')
    .map((l) => l && JSON.parse(l));
  let other = 0;
  while (shardOf(`acct-repeat-${other}`, 6) === shardOf(second.account_id, 6)) other++;
  const moved = { ...second, account_id: `acct-repeat-${other}` };
  put(
    logs,
    '2026-02-09.jsonl',
    [first, moved].map((r) => JSON.stringify(r)).join('\n') +
      '\n{"request_id": "x-1", "account_id": "acct-late", "ts": "not a time", "prompt": "hi"}\n',
  );
});

function shard(name: string, count: number, paths = [logs]): string {
  const out = join(scratch, name);
  const run = runCli(['shard', ...paths, '--shards', String(count), '--out', out, '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  return out;
}

async function query<T>(sql: string): Promise<T[]> {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    return (await db.runAndReadAll(sql)).getRowObjectsJson() as T[];
  } finally {
    db.closeSync();
  }
}

const bucketGlob = (set: string) => `'${join(set, 'exchanges', '*', '*.parquet')}'`;

describe('distill-audit shard', () => {
  it('puts every loaded exchange in exactly one bucket, an account always in the same one, and reconciles the counts', async () => {
    const set = shard('s3', 3);
    const manifest = JSON.parse(readFileSync(join(set, 'manifest.json'), 'utf8'));
    expect(manifest.schema).toBe('distill-audit/shards@1');
    const rows = await query<{ request_id: string; account_id: string; shard: string }>(
      `SELECT request_id, account_id, shard FROM read_parquet(${bucketGlob(set)}, hive_partitioning = true)`,
    );
    // The one-scan load of the same logs, as `features` writes it (no window: every loaded row).
    const whole = join(scratch, 'whole-partial');
    expect(runCli(['features', logs, '--out', whole, '--quiet']).code).toBe(0);
    const loaded = await query<{ request_id: string }>(`SELECT request_id FROM read_parquet('${join(whole, 'exchanges.parquet')}')`);
    expect(rows.map((r) => r.request_id).sort()).toEqual(loaded.map((r) => r.request_id).sort());
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(rows.length);
    const bucketOf = new Map<string, number>();
    for (const r of rows) {
      expect(Number(r.shard)).toBe(shardOf(r.account_id, 3));
      expect(bucketOf.get(r.account_id) ?? Number(r.shard)).toBe(Number(r.shard));
      bucketOf.set(r.account_id, Number(r.shard));
    }
    expect(new Set(bucketOf.values()).size).toBe(3);
    // Counts: per file records = loaded + rejected + duplicates (+ filtered, paired), and they add up
    // to the manifest's and the buckets' totals; the bad record is in quarantine, the repeat a duplicate.
    const inputs = await query<{
      path: string;
      records: string;
      loaded: string;
      rejected: string;
      duplicates: string;
      filtered: string | null;
      paired: string | null;
    }>(`SELECT * FROM read_parquet('${join(set, 'inputs.parquet')}') ORDER BY path`);
    const sum = (k: 'records' | 'loaded' | 'rejected' | 'duplicates') => inputs.reduce((n, i) => n + Number(i[k]), 0);
    for (const i of inputs) {
      expect(Number(i.records)).toBe(
        Number(i.loaded) + Number(i.rejected) + Number(i.duplicates) + Number(i.filtered ?? 0) + Number(i.paired ?? 0),
      );
    }
    expect(sum('loaded')).toBe(rows.length);
    expect(manifest.exchanges).toBe(rows.length);
    expect(manifest.buckets.reduce((n: number, b: { exchanges: number }) => n + b.exchanges, 0)).toBe(rows.length);
    expect(manifest.records).toBe(sum('records'));
    expect(manifest.rejected).toBeGreaterThan(0);
    expect(manifest.duplicates).toBeGreaterThan(0);
    const day9 = inputs.find((i) => i.path.endsWith('2026-02-09.jsonl'))!;
    expect([Number(day9.records), Number(day9.loaded), Number(day9.rejected), Number(day9.duplicates)]).toEqual([3, 0, 1, 2]);
    const quarantined = await query<{ n: string }>(`SELECT count(*) AS n FROM read_parquet('${join(set, 'quarantine.parquet')}')`);
    expect(Number(quarantined[0]!.n)).toBe(manifest.rejected);
  });

  it('writes the same buckets and manifest every time', async () => {
    const [a, b] = [shard('again-a', 5), shard('again-b', 5)];
    expect(readFileSync(join(a, 'manifest.json'), 'utf8')).toBe(readFileSync(join(b, 'manifest.json'), 'utf8'));
    const digest = async (set: string) =>
      (
        await query<{ h: string }>(
          `SELECT md5(string_agg(shard || '|' || request_id || '|' || account_id || '|' || source_file || '|' || source_line, ',' ORDER BY shard, source_file, source_line)) AS h
         FROM read_parquet(${bucketGlob(set)}, hive_partitioning = true)`,
        )
      )[0]!.h;
    expect(await digest(a)).toBe(await digest(b));
  });
});

describe('shard-features, then scan --features', () => {
  const scanOf = (name: string, source: string[]) => {
    const out = join(scratch, name);
    const run = runCli(['scan', ...source, ...side, '--out', out, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    return out;
  };
  const comparable = (dir: string) => {
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    for (const d of report.detectors) delete d.ms;
    delete report.stages;
    return report;
  };

  it('gives the same bundle as one scan, whatever the order of the buckets, pieces bucketed apart included', () => {
    // Two pieces bucketed on their own (as a parallel pass would), the repeat across them included;
    const files = readdirSync(logs)
      .sort()
      .map((f) => join(logs, f));
    const sets = [shard('piece-a', 6, files.slice(0, 4)), shard('piece-b', 6, files.slice(4))];
    const parts = Array.from({ length: 6 }, (_, i) => {
      const out = join(scratch, 'parts', `p${i}`);
      const run = runCli(['shard-features', ...sets, '--shard', String(i), '--out', out, '--quiet']);
      expect(run.code, run.stderr).toBe(0);
      return out;
    });
    const whole = scanOf('whole', [logs]);
    const order = [4, 1, 5, 0, 3, 2];
    const merged = scanOf(
      'merged',
      order.flatMap((i) => ['--features', parts[i]!]),
    );
    expect(readdirSync(merged).sort()).toEqual(readdirSync(whole).sort());
    for (const file of readdirSync(whole)) {
      if (file === 'report.json') expect(comparable(merged)).toEqual(comparable(whole));
      else expect(readFileSync(join(merged, file)).equals(readFileSync(join(whole, file))), `${file} differs`).toBe(true);
    }
    expect(comparable(whole).campaigns.length).toBeGreaterThan(0);

    // A bucket left out, given twice, or mixed with a partial of another kind: exit 2, naming why.
    const missing = runCli(['scan', ...parts.slice(1).flatMap((p) => ['--features', p]), ...side, '--out', join(scratch, 'no')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/bucket\(s\) 0 of 6 missing/);
    const twice = runCli(['scan', ...[...parts, parts[3]!].flatMap((p) => ['--features', p]), ...side, '--out', join(scratch, 'no')]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/bucket 3 is given twice/);
    const mixed = runCli([
      'scan',
      ...[...parts, join(scratch, 'whole-partial')].flatMap((p) => ['--features', p]),
      ...side,
      '--out',
      join(scratch, 'no'),
    ]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/one bucket of a sharded run/);
  }, 240_000);

  it('refuses a bucket outside the set, a set of another count and a piece bucketed twice (exit 2)', () => {
    const a = join(scratch, 'piece-a');
    const out = join(scratch, 'refused');
    expect(runCli(['shard-features', a, '--shard', '6', '--out', out]).stderr).toMatch(/buckets 0\.\.5/);
    const other = shard('other-count', 3, [join(logs, '2026-02-02.jsonl')]);
    const mismatch = runCli(['shard-features', a, other, '--shard', '0', '--out', out]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/bucket every piece with the same --shards/);
    const overlap = runCli(['shard-features', a, a, '--shard', '0', '--out', out]);
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toMatch(/is in more than one shard set/);
    expect(runCli(['shard', logs, '--shards', '0', '--out', out]).code).toBe(2);
    expect(runCli(['shard-features', join(scratch, 'whole-partial'), '--shard', '0', '--out', out]).stderr).toMatch(
      /is not distill-audit\/shards@1/,
    );
  }, 120_000);

  it('takes a lake already bucketed by account: `features` per bucket, then scan --features, as one scan of the lake', async () => {
    // The lake: the demo's loaded exchanges written as one Parquet log per bucket (bucket=I/).
    const set = shard('lake-source', 3);
    const lake = join(scratch, 'lake');
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    for (let i = 0; i < 3; i++) {
      mkdirSync(join(lake, `bucket=${i}`), { recursive: true });
      await db.run(`COPY (SELECT * EXCLUDE (source_file, source_line) FROM read_parquet('${join(set, 'exchanges', `shard=${i}`, '*.parquet')}', hive_partitioning = false)
                      ORDER BY source_file, source_line) TO '${join(lake, `bucket=${i}`, 'part.parquet')}' (FORMAT parquet)`);
    }
    db.closeSync();
    const parts = [2, 0, 1].map((i) => {
      const out = join(scratch, 'lake-parts', `b${i}`);
      const run = runCli(['features', join(lake, `bucket=${i}`), '--out', out, '--quiet']);
      expect(run.code, run.stderr).toBe(0);
      return out;
    });
    const whole = scanOf('lake-whole', [lake]);
    const merged = scanOf(
      'lake-merged',
      parts.flatMap((p) => ['--features', p]),
    );
    expect(comparable(merged)).toEqual(comparable(whole));
    for (const file of ['report.md', 'accounts.csv', 'observables.json']) {
      expect(readFileSync(join(merged, file), 'utf8'), file).toBe(readFileSync(join(whole, file), 'utf8'));
    }
    expect(comparable(whole).totals.exchanges).toBeGreaterThan(3000);
  }, 120_000);

  it('writes an empty partial for a bucket no account hashes to', () => {
    // Two exchanges loaded (day 9's third record is rejected): two or three of four buckets are empty.
    const set = shard('one-account', 4, [join(logs, '2026-02-09.jsonl')]);
    const manifest = JSON.parse(readFileSync(join(set, 'manifest.json'), 'utf8'));
    expect(manifest.buckets.length).toBeLessThanOrEqual(2);
    const empty = [0, 1, 2, 3].find((i) => !manifest.buckets.some((b: { shard: number }) => b.shard === i))!;
    const run = runCli(['shard-features', set, '--shard', String(empty), '--out', join(scratch, 'empty-part'), '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ exchanges: 0, shard: { index: empty, count: 4 } });
  }, 60_000);
});
