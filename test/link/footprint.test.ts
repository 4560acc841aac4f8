import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { buildEdges } from '../../src/link/index.js';
import { contextFor, edgesOf, emptyTables } from './tables.js';

let db: Database;
beforeEach(async () => {
  db = await emptyTables();
});
afterEach(() => db.close());

/**
 * `count` accounts, each with 6 exchanges over a week, all on `fingerprint`; the network is
 * `subnet` (one of its addresses per exchange) or, when null, each account's own.
 */
async function accounts(prefix: string, count: number, fingerprint: string, subnet: string | null): Promise<void> {
  await db.run(
    `INSERT INTO exchanges (request_id, account_id, ts, ip, client_fingerprint)
     SELECT $prefix || i || '-' || j, $prefix || lpad(i::VARCHAR, 3, '0'),
            TIMESTAMP '2026-02-01' + INTERVAL ((hash($prefix, i, j) % 10000)::BIGINT) MINUTE,
            CASE WHEN $subnet::VARCHAR IS NULL THEN '10.' || (i // 250) || '.' || (i % 250) || '.' || (j + 1)
                 ELSE $subnet::VARCHAR || '.' || (hash('ip', i, j) % 200 + 1) END,
            $fingerprint
       FROM range($count) a(i) CROSS JOIN range(6) b(j)`,
    { prefix, count, fingerprint, subnet },
  );
}

describe('footprints', () => {
  it('tie the accounts of one set-up however many they are, and not users of a popular client', async () => {
    // A gateway: 60 accounts, its own TLS stack, its own exit network. Each value alone is shared
    // by too many accounts to weigh much.
    await accounts('gw', 60, 'ja4_gateway', '198.18.7');
    // 300 users of one SDK on their own networks, and 20 more of them who share a /24 of a
    // cloud provider with 20 users of other clients: neither value is the other's.
    await accounts('sdk', 300, 'ja4_sdk', null);
    await accounts('cloud', 20, 'ja4_sdk', '198.19.4');
    await accounts('other', 20, 'ja4_other', '198.19.4');
    await buildEdges(contextFor(db));
    const footprint = await edgesOf(db, 'footprint');
    const tied = new Set(footprint.flatMap((e) => [e.a, e.b]));
    expect([...tied].every((a) => a.startsWith('gw'))).toBe(true);
    expect(tied.size).toBe(60);
    expect(footprint.every((e) => e.weight === 0.7)).toBe(true);
    expect(footprint[0]!.evidence).toContain('client_fingerprint ja4_gateway with ip_subnet 198.18.7.0/24, shared by 60 accounts');
    // Bounded like any value: each of the 60 linked to at most 3 successors.
    expect(footprint.length).toBeLessThanOrEqual(3 * 60);
  });

  it('need five accounts: four sharing two values may be one household', async () => {
    await accounts('home', 4, 'ja4_custom', '198.18.9');
    await accounts('sdk', 100, 'ja4_sdk', null);
    await buildEdges(contextFor(db));
    expect(await edgesOf(db, 'footprint')).toEqual([]);
  });
});
