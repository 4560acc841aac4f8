/**
 * Hand-built input tables for feature and detector tests, made directly in an in-memory database
 * with the loader's table shapes (docs/tables.md), so these tests do not depend on the loader.
 */
import { Database } from '../../src/db/database.js';
import { ACCOUNT_COLUMNS, EXCHANGE_COLUMNS } from '../../src/load/schema.js';

export type ExchangeRow = Partial<Record<(typeof EXCHANGE_COLUMNS)[number]['name'], string | number | null>> & {
  ts: string;
  account_id: string;
};
export type AccountRow = Partial<Record<(typeof ACCOUNT_COLUMNS)[number]['name'], string | null>> & { account_id: string };

export interface Tables {
  exchanges: ExchangeRow[];
  accounts?: AccountRow[];
  releases?: { model: string; released_at: string }[];
  enforcement?: { account_id: string; action: string; at: string }[];
}

export async function openTables(t: Tables): Promise<Database> {
  const db = await Database.open();
  const cols = EXCHANGE_COLUMNS.map((c) => `${c.name} ${c.type}`).join(', ');
  await db.run(`CREATE TABLE loaded_exchanges (${cols}, source_file VARCHAR, source_line BIGINT)`);
  const rows = t.exchanges.map((r, i) => ({ request_id: r.request_id ?? `r${i + 1}`, source_file: 'test', source_line: i + 1, ...r }));
  await insertJson(
    db,
    'loaded_exchanges',
    [...EXCHANGE_COLUMNS, { name: 'source_file', type: 'VARCHAR' }, { name: 'source_line', type: 'BIGINT' }],
    rows,
  );
  await db.run('CREATE TEMP VIEW exchanges AS SELECT * FROM loaded_exchanges');
  await db.run(`CREATE TABLE accounts (${ACCOUNT_COLUMNS.map((c) => `${c.name} ${c.type}`).join(', ')})`);
  await insertJson(db, 'accounts', ACCOUNT_COLUMNS, t.accounts ?? []);
  await db.run('CREATE TABLE model_releases (model VARCHAR, released_at TIMESTAMP)');
  await insertJson(
    db,
    'model_releases',
    [
      { name: 'model', type: 'VARCHAR' },
      { name: 'released_at', type: 'TIMESTAMP' },
    ],
    t.releases ?? [],
  );
  await db.run('CREATE TABLE enforcement (account_id VARCHAR, action VARCHAR, "at" TIMESTAMP)');
  await insertJson(
    db,
    'enforcement',
    [
      { name: 'account_id', type: 'VARCHAR' },
      { name: 'action', type: 'VARCHAR' },
      { name: 'at', type: 'TIMESTAMP' },
    ],
    t.enforcement ?? [],
  );
  return db;
}

/** One statement for any number of rows: the rows travel as one JSON parameter. */
async function insertJson(db: Database, table: string, columns: readonly { name: string; type: string }[], rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const shape = JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, 'VARCHAR'])));
  const select = columns.map((c) => `TRY_CAST(r."${c.name}" AS ${c.type}) AS "${c.name}"`).join(', ');
  await db.run(`INSERT INTO ${table} SELECT ${select} FROM (SELECT unnest(from_json($rows, $shape)) AS r)`, {
    rows: JSON.stringify(
      rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? null : String(v)]))),
    ),
    shape: `[${shape}]`,
  });
}

/** ISO time `minutes` after a base instant, for building traffic by offset. */
export function at(minutes: number, base = '2026-02-01T00:00:00Z'): string {
  return new Date(Date.parse(base) + Math.round(minutes * 60_000)).toISOString();
}

/** Seeded, so generated test traffic is the same on every run. */
export { seededRandom as rng } from '../../src/random.js';
