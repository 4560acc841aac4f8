import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { loadAll } from '../../src/load/index.js';
import { windowStage } from '../../src/load/window.js';
import { testContext } from '../helpers/context.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

const day = (d: number, n: number) =>
  jsonl(
    Array.from({ length: n }, (_, i) => ({
      request_id: `d${d}-${i}`,
      ts: `2026-02-0${d}T${String(i).padStart(2, '0')}:00:00Z`,
      account_id: `acct_${i % 3}`,
    })),
  );

async function run(dbPath: string, paths: string[], now?: string) {
  const db = await Database.open({ path: dbPath });
  const ctx = await testContext({ paths }, db);
  if (now) ctx.now = new Date(now);
  try {
    const results = await loadAll(ctx);
    const inputs = await db.all('SELECT path, records, loaded, duplicates FROM inputs ORDER BY path');
    const total = await db.value<number>('SELECT count(*) FROM loaded_exchanges');
    return { results, inputs, total, notes: ctx.log.infos };
  } finally {
    db.close();
  }
}

describe('--db manifest', () => {
  it('adds nothing when the same file is loaded again, and appends a new day', async () => {
    const dir = scratchDir();
    const dbPath = join(dir, 'kept.duckdb');
    const day1 = put(dir, 'logs/day1.jsonl', day(1, 5));
    const first = await run(dbPath, [day1]);
    expect(first.total).toBe(5);

    const again = await run(dbPath, [day1]);
    expect(again.total).toBe(5);
    expect(again.results[0]!.alreadyLoaded).toBe(true);
    expect(again.inputs).toEqual(first.inputs);
    expect(again.notes.join('\n')).toMatch(/day1\.jsonl: already loaded/);

    const copy = put(dir, 'elsewhere/same-bytes.jsonl', day(1, 5));
    expect((await run(dbPath, [copy])).total).toBe(5);

    put(dir, 'logs/day2.jsonl', day(2, 4) + jsonl([{ request_id: 'd1-0', ts: '2026-02-02T00:00:00Z', account_id: 'x' }]));
    const next = await run(dbPath, [join(dir, 'logs')]);
    expect(next.total).toBe(9);
    expect(next.inputs).toEqual([
      { path: expect.stringMatching(/day1\.jsonl$/), records: 5, loaded: 5, duplicates: 0 },
      { path: expect.stringMatching(/day2\.jsonl$/), records: 5, loaded: 4, duplicates: 1 },
    ]);
  });
});

describe('--db manifest on a later day', () => {
  it('knows a file loaded by an earlier run by its hash, mapping shown, nothing added', async () => {
    const dir = scratchDir();
    const dbPath = join(dir, 'kept.duckdb');
    const day1 = put(dir, 'day1.jsonl', day(1, 5));
    await run(dbPath, [day1]);
    const later = await run(dbPath, [day1, put(dir, 'day2.jsonl', day(2, 3))], '2026-03-02T00:00:00Z');
    expect(later.results.map((r) => [r.alreadyLoaded, r.loaded, r.mapping.ts])).toEqual([
      [true, 0, 'ts'],
      [false, 3, 'ts'],
    ]);
    expect(later.total).toBe(8);
    expect(later.inputs).toHaveLength(2);
  });
});

describe('time window through the exchanges view', () => {
  it('applies --since, --until and --last to exchanges, not to loaded_exchanges', async () => {
    const dir = scratchDir();
    const file = put(dir, 'w.jsonl', day(1, 10) + day(3, 10));
    const cases: [Parameters<typeof testContext>[0], number][] = [
      [{}, 20],
      [{ window: { since: new Date('2026-02-03T00:00:00Z') } }, 10],
      [{ window: { until: new Date('2026-02-01T05:00:00Z') } }, 5],
      [{ window: { lastMs: 3 * 3_600_000 } }, 4],
    ];
    for (const [options, expected] of cases) {
      const ctx = await testContext({ paths: [file], ...options });
      await loadAll(ctx);
      await windowStage.run(ctx);
      expect(await ctx.db.value('SELECT count(*) FROM exchanges'), JSON.stringify(options)).toBe(expected);
      expect(await ctx.db.value('SELECT count(*) FROM loaded_exchanges')).toBe(20);
    }
  });
});
