import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Context, TimeWindow } from '../../src/context.js';
import { Database } from '../../src/db/database.js';
import { windowStage } from '../../src/load/window.js';

let db: Database;
const silent = { info() {}, warn() {}, progress() {}, progressDone() {} };

function ctx(window: TimeWindow): Context {
  return {
    db,
    log: silent,
    now: new Date(0),
    timings: [],
    options: { paths: [], out: '', strict: false, force: false, window, rules: [], extra: {} },
  };
}

async function windowed(window: TimeWindow): Promise<string[]> {
  await windowStage.run(ctx(window));
  const rows = await db.all<{ id: string }>('SELECT request_id AS id FROM exchanges ORDER BY ts');
  return rows.map((r) => r.id);
}

beforeEach(async () => {
  db = await Database.open();
  await db.run(`CREATE TABLE loaded_exchanges AS SELECT * FROM (VALUES
    ('r1', TIMESTAMP '2026-02-01 00:00:00'),
    ('r2', TIMESTAMP '2026-02-05 12:00:00'),
    ('r3', TIMESTAMP '2026-02-09 23:59:59'),
    ('r4', TIMESTAMP '2026-02-10 00:00:00')) t(request_id, ts)`);
});
afterEach(() => db.close());

describe('window stage', () => {
  it('keeps everything without flags', async () => {
    expect(await windowed({})).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('includes --since and excludes --until', async () => {
    expect(await windowed({ since: new Date('2026-02-05T12:00:00Z'), until: new Date('2026-02-10T00:00:00Z') })).toEqual(['r2', 'r3']);
  });

  it('ends --last at the latest exchange, not at the wall clock', async () => {
    expect(await windowed({ lastMs: 5 * 86_400_000 })).toEqual(['r2', 'r3', 'r4']);
    expect(await windowed({ lastMs: 86_400_000, until: new Date('2026-02-06T00:00:00Z') })).toEqual(['r2']);
  });
});
