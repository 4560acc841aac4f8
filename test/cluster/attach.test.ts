import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { explainAccount } from '../../src/cluster/explain.js';
import { buildClusters } from '../../src/cluster/index.js';
import { buildEdges } from '../../src/link/index.js';
import { contextFor, emptyTables } from '../link/tables.js';

let db: Database;

/** Exchanges for `accounts` accounts named prefix0.., `n` each, from `ip` (SQL over i, j). */
async function traffic(prefix: string, accounts: number, n: number, ip: string, start = '2026-02-01'): Promise<void> {
  await db.run(
    `INSERT INTO exchanges (request_id, account_id, ts, ip, user_agent)
     SELECT $prefix || i || '-' || j, $prefix || i,
            TIMESTAMP '${start}' + INTERVAL ((hash($prefix, i, j) % 14400)::BIGINT) MINUTE, ${ip}, 'sdk/' || $prefix || i
       FROM range($accounts) a(i) CROSS JOIN range($n) b(j)`,
    { prefix, accounts, n },
  );
}

/**
 * An operation of 10 accounts paying with one card behind a proxy pool of 30 addresses, and 4
 * standby accounts put into service later behind the same pool, with no card or client in common;
 * a second operation of 6 accounts on a commercial proxy service whose 10 addresses 20 honest
 * customers also use; a user who once went through the first pool, and one with three exchanges.
 */
beforeAll(async () => {
  db = await emptyTables();
  await traffic('op', 10, 40, `'203.0.113.' || (hash('pool', i, j) % 30)`);
  await traffic('sb', 4, 20, `'203.0.113.' || (hash('pool', 'sb', i, j) % 30)`, '2026-02-08');
  await traffic('pp', 6, 40, `'198.51.100.' || (hash('svc', i, j) % 10)`);
  await traffic('pu', 20, 20, `'198.51.100.' || (hash('svc', 'pu', i, j) % 10)`);
  await traffic('h', 1, 24, `CASE WHEN j < 2 THEN '203.0.113.' || j ELSE '192.0.2.' || j END`);
  await traffic('t', 1, 3, `'203.0.113.' || (j + 5)`);
  await db.run(`INSERT INTO accounts (account_id, payment_fingerprint)
    SELECT 'op' || i, 'card_op' FROM range(10) a(i) UNION ALL SELECT 'pp' || i, 'card_pp' FROM range(6) a(i)`);
  await buildEdges(contextFor(db));
  await buildClusters(contextFor(db));
});
afterAll(() => db.close());

async function members(of: string): Promise<string[]> {
  const rows = await db.all<{ account_id: string }>(
    `SELECT account_id FROM clusters WHERE cluster_id = (SELECT cluster_id FROM clusters WHERE account_id = $a) ORDER BY account_id`,
    { a: of },
  );
  return rows.map((r) => r.account_id);
}

describe('joining a cluster through its own addresses', () => {
  it('takes in standby accounts that leave only from the operation pool', async () => {
    expect(await members('op0')).toEqual([...Array.from({ length: 10 }, (_, i) => `op${i}`), 'sb0', 'sb1', 'sb2', 'sb3'].sort());
  });

  it("says so in explain: most of a standby account's addresses are the cluster's own", async () => {
    const e = await explainAccount(db, 'sb0');
    expect(e.cluster?.accounts).toBe(14);
    expect(e.addresses!.own).toBeGreaterThanOrEqual(5);
    expect(e.addresses!.own).toBeGreaterThanOrEqual(e.addresses!.total / 2);
    expect((await explainAccount(db, 'h0')).addresses).toBeNull();
  });

  it('leaves out a user who went through the pool once, and one with too few addresses to judge', async () => {
    const op = await members('op0');
    expect(op).not.toContain('h0');
    expect(op).not.toContain('t0');
  });

  it('leaves out the customers of a proxy service the operation shares with them', async () => {
    expect(await members('pp0')).toEqual(['pp0', 'pp1', 'pp2', 'pp3', 'pp4', 'pp5']);
  });
});
