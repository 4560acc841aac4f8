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
    options: { paths: [], out: '', strict: false, force: false, window, rules: [] },
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

  it('never anchors --last on an exchange dated in the future, and counts what fell outside', async () => {
    await db.run(`INSERT INTO loaded_exchanges VALUES ('far', TIMESTAMP '9999-12-31 00:00:00')`);
    expect(await windowed({ lastMs: 86_400_000 })).toEqual(['r3', 'r4']);
    const applied = JSON.parse((await db.value<string>('SELECT applied FROM window_applied'))!);
    expect(applied).toEqual({
      since: null,
      until: null,
      last_ms: 86_400_000,
      from: '2026-02-09T00:00:00Z',
      anchor: '2026-02-10T00:00:00Z',
      stored: 5,
      inside: 2,
      before: 2,
      after: 1,
      future: 1,
      future_latest: '9999-12-31T00:00:00Z',
    });
  });

  it('refuses (exit 2) a window that leaves nothing, --last over future-dated exchanges only included', async () => {
    await expect(windowed({ since: new Date('2027-01-01T00:00:00Z') })).rejects.toThrow(
      'the time window from 2027-01-01T00:00:00Z to the last exchange holds none of the 4 exchange(s) loaded (4 before it, 0 after it)',
    );
    await db.run(`DELETE FROM loaded_exchanges; INSERT INTO loaded_exchanges VALUES ('far', TIMESTAMP '9999-12-31 00:00:00')`);
    await expect(windowed({ lastMs: 86_400_000 })).rejects.toThrow(
      "the time window from the first exchange to the latest exchange (none is dated before this machine's clock) holds none of the 1 exchange(s) loaded (0 before it, 1 after it, 1 dated after this machine's clock)",
    );
  });

  it('starts a --last longer than the calendar at the first exchange', async () => {
    expect(await windowed({ lastMs: 99_999_999_999 * 86_400_000 })).toEqual(['r1', 'r2', 'r3', 'r4']);
  });
});
