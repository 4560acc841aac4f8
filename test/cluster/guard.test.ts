import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { buildClusters } from '../../src/cluster/index.js';
import { buildEdges } from '../../src/link/index.js';
import { contextFor, emptyTables } from '../link/tables.js';

let db: Database;

/**
 * 500 honest accounts behind one carrier NAT address (half their requests), each also on its own
 * home address, with the carrier's ASN and one of three popular SDKs, at their own hours over two
 * weeks; and a 20-account operation sharing a proxy pool, a client and a schedule.
 */
beforeAll(async () => {
  db = await emptyTables();
  await db.run(`INSERT INTO exchanges (request_id, account_id, ts, ip, asn, user_agent)
    SELECT 'h' || i || '-' || j, 'honest' || lpad(i::VARCHAR, 3, '0'),
           TIMESTAMP '2026-02-01' + INTERVAL ((hash('t', i, j) % 20160)::BIGINT) MINUTE,
           CASE WHEN j % 2 = 0 THEN '100.64.0.1' ELSE '172.' || (16 + i % 16) || '.' || (i // 16) || '.7' END,
           'AS64496', 'sdk/' || (i % 3)
      FROM range(500) a(i) CROSS JOIN range(30) b(j)`);
  await db.run(`INSERT INTO exchanges (request_id, account_id, ts, ip, asn, user_agent, client_fingerprint)
    SELECT 'c' || i || '-' || j, 'op' || lpad(i::VARCHAR, 2, '0'),
           TIMESTAMP '2026-02-03' + INTERVAL (j * 13 + i) MINUTE,
           '203.0.113.' || (hash('ip', i, j) % 8), 'AS64500', 'sdk/' || (i % 3), 'ja4_op'
      FROM range(20) a(i) CROSS JOIN range(120) b(j)`);
  await buildEdges(contextFor(db));
  await buildClusters(contextFor(db));
});
afterAll(() => db.close());

describe('the rarity guard', () => {
  it('does not join the honest accounts behind one NAT address', async () => {
    const clustered = await db.value<number>(`SELECT count(*) FROM clusters WHERE account_id LIKE 'honest%'`);
    expect(clustered).toBe(0);
    const strongest = await db.value<number>(`SELECT coalesce(max(weight), 0) FROM edges WHERE a LIKE 'honest%' AND b LIKE 'honest%'`);
    expect(strongest).toBeLessThan(0.3);
  });

  it('still finds the operation among them, in one cluster, with what ties it', async () => {
    const clusters = await db.all<{ cluster_id: string; n: number }>(
      `SELECT cluster_id, count(*) AS n, count(*) FILTER (WHERE account_id LIKE 'op%') AS ops FROM clusters GROUP BY 1`,
    );
    expect(clusters).toEqual([expect.objectContaining({ n: 20, ops: 20 })]);
    const kinds = await db.all<{ kind: string }>(`SELECT DISTINCT kind FROM cluster_ties ORDER BY kind`);
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['client_fingerprint', 'ip_window', 'lockstep']));
  });

  it('keeps pair expansion linear in the number of sharers', async () => {
    // The NAT address's /24 is shared by all 500 honest accounts: at most `rings` pairs each, not 124,750.
    const pairs = await db.value<number>(`SELECT count(*) FROM edges WHERE kind = 'ip_subnet' AND a LIKE 'honest%'`);
    expect(pairs).toBeLessThanOrEqual(3 * 500);
  });
});
