import type { Context } from '../../src/context.js';
import { Database } from '../../src/db/database.js';
import { ACCOUNT_COLUMNS, EXCHANGE_COLUMNS } from '../../src/load/schema.js';

const silent = { info() {}, warn() {}, progress() {}, progressDone() {} };

/** An in-memory database with empty `exchanges` and `accounts` tables in the canonical shapes. */
export async function emptyTables(): Promise<Database> {
  const db = await Database.open();
  const exchangeCols = EXCHANGE_COLUMNS.map((c) => `${c.name} ${c.type}`).join(', ');
  await db.run(`CREATE TABLE exchanges (${exchangeCols}, source_file VARCHAR, source_line BIGINT)`);
  const accountCols = ACCOUNT_COLUMNS.map((c) => `${c.name} ${c.type}`).join(', ');
  await db.run(`CREATE TABLE accounts (${accountCols})`);
  return db;
}

export function contextFor(db: Database): Context {
  return {
    db,
    log: silent,
    now: new Date(0),
    timings: [],
    options: { paths: [], out: '', strict: false, force: false, window: {}, rules: [] },
  };
}

export interface EdgeRow {
  a: string;
  b: string;
  kind: string;
  weight: number;
  evidence: string;
}

export async function edgesOf(db: Database, kind?: string): Promise<EdgeRow[]> {
  return db.all<EdgeRow & Record<string, unknown>>(
    'SELECT a, b, kind, weight, evidence FROM edges WHERE $kind IS NULL OR kind = $kind ORDER BY a, b, kind',
    { kind: kind ?? null },
  );
}
