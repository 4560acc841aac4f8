import { onTestFinished } from 'vitest';
import type { Context } from '../../src/context.js';
import type { Database } from '../../src/db/database.js';
import { runDetectors } from '../../src/detectors/index.js';
import { DETECTORS } from '../../src/detectors/registry.js';
import { featuresStage } from '../../src/features/index.js';
import { openTables, type Tables } from '../features/tables.js';

export interface SignalRow {
  [column: string]: unknown;
  account_id: string;
  detector: string;
  strength: number;
  detail: string;
  rules: string[];
}

export function testContext(db: Database, rules: string[] = []): Context {
  const log = { info() {}, warn() {}, progress() {}, progressDone() {} };
  return { db, log, now: new Date(0), timings: [], options: { paths: [], out: '', strict: false, force: false, window: {}, rules } };
}

/**
 * Runs features and the named detector on hand-built tables; returns its signals by account. The
 * database is closed when the test ends, passed or failed.
 */
export async function detect(tables: Tables, detector: string): Promise<{ db: Database; signals: Map<string, SignalRow> }> {
  const db = await openTables(tables);
  onTestFinished(() => db.close());
  const ctx = testContext(db);
  await featuresStage.run(ctx);
  const d = DETECTORS.find((x) => x.name === detector);
  if (!d) throw new Error(`no detector ${detector}`);
  await runDetectors(ctx, [d]);
  const rows = await db.all<SignalRow>('SELECT * FROM signals ORDER BY account_id');
  return { db, signals: new Map(rows.map((r) => [r.account_id, r])) };
}
