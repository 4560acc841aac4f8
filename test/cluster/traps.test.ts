import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { buildClusters } from '../../src/cluster/index.js';
import { buildEdges } from '../../src/link/index.js';
import { contextFor, emptyTables } from '../link/tables.js';

let db: Database;
const CHROME = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Mobile Safari/537.36';

/**
 * The cases that joined trap accounts to campaigns on simulator traffic, built by hand:
 * - an operation of 12 accounts paying with 3 cards (4 accounts each) behind one proxy pool,
 *   one client, one schedule; camp03 also carries a customer's phone browser (a hydra);
 * - 8 mobile users behind 3 carrier-NAT addresses, each with a phone browser: nat0 with the very
 *   browser build camp03's customer uses;
 * - nat1 and a release-day switcher whose e-mail addresses are a campaign account's name with
 *   another number, signed up in the hour the campaign registered accounts;
 * - 30 ordinary accounts on their own addresses, so rarity has a population to judge by.
 */
beforeAll(async () => {
  db = await emptyTables();
  await db.run(`INSERT INTO exchanges (request_id, account_id, ts, ip, asn, user_agent, client_fingerprint)
    SELECT 'c' || i || '-' || j, 'camp' || lpad(i::VARCHAR, 2, '0'),
           TIMESTAMP '2026-02-02' + INTERVAL (j * 37 + i * 3) MINUTE,
           '203.0.113.' || (hash('pool', i, j) % 6), 'AS64500', 'harvest-runner/2.1', 'ja4_runner'
      FROM range(12) a(i) CROSS JOIN range(80) b(j)`);
  await db.run(
    `INSERT INTO exchanges (request_id, account_id, ts, ip, asn, user_agent, client_fingerprint)
    SELECT 'cb-' || j, 'camp03', TIMESTAMP '2026-02-02 08:00' + INTERVAL (j * 5) HOUR,
           '203.0.113.' || (j % 6), 'AS64500', $chrome, 'ja4_chrome132'
      FROM range(12) b(j)`,
    { chrome: CHROME },
  );
  await db.run(
    `INSERT INTO exchanges (request_id, account_id, ts, ip, asn, user_agent, client_fingerprint)
    SELECT 'n' || i || '-' || j, 'nat' || i,
           TIMESTAMP '2026-02-02' + INTERVAL ((hash('nat', i, j) % 8000)::BIGINT) MINUTE,
           '100.64.7.' || (hash('natip', i, j) % 3), 'AS64600',
           CASE WHEN i = 0 THEN $chrome ELSE 'Mozilla/5.0 (Linux; Android 13; Phone ' || i || ') Chrome/131.0' END,
           CASE WHEN i = 0 THEN 'ja4_chrome132' ELSE 'ja4_chrome131' END
      FROM range(8) a(i) CROSS JOIN range(40) b(j)`,
    { chrome: CHROME },
  );
  await db.run(`INSERT INTO exchanges (request_id, account_id, ts, ip, asn, user_agent, client_fingerprint)
    SELECT 's-' || j, 'switcher', TIMESTAMP '2026-02-02' + INTERVAL (j * 7) HOUR, '198.51.100.9', 'AS64700', 'sdk-python/1.40', 'ja4_sdk'
      FROM range(40) b(j)`);
  await db.run(`INSERT INTO exchanges (request_id, account_id, ts, ip, asn, user_agent, client_fingerprint)
    SELECT 'u' || i || '-' || j, 'user' || lpad(i::VARCHAR, 2, '0'),
           TIMESTAMP '2026-02-02' + INTERVAL ((hash('u', i, j) % 8000)::BIGINT) MINUTE,
           '192.0.' || i || '.' || (j % 2 + 1), 'AS' || (64800 + i % 5), 'sdk-python/1.' || (i % 4), 'ja4_sdk' || (i % 4)
      FROM range(30) a(i) CROSS JOIN range(30) b(j)`);
  await db.run(`INSERT INTO accounts (account_id, email, payment_fingerprint, created_at, signup_channel)
    SELECT 'camp' || lpad(i::VARCHAR, 2, '0'),
           CASE WHEN i = 5 THEN 'noahrossi41@mail.test' WHEN i = 6 THEN 'priyakim17@mail.test' ELSE 'c' || i || '@mail.test' END,
           'card' || (i // 4), TIMESTAMP '2026-01-20 03:00' + INTERVAL (i * 4) MINUTE, 'self_serve'
      FROM range(12) a(i)`);
  await db.run(`INSERT INTO accounts (account_id, email, created_at, signup_channel) VALUES
    ('nat1', 'noahrossi12@other.test', TIMESTAMP '2026-01-20 03:30', 'self_serve'),
    ('switcher', 'priyakim88@other.test', TIMESTAMP '2026-01-20 03:40', 'self_serve')`);
  await db.run(`INSERT INTO accounts (account_id, email, created_at, signup_channel)
    SELECT 'user' || lpad(i::VARCHAR, 2, '0'), 'u' || i || '@mail.test', TIMESTAMP '2025-06-01' + INTERVAL (i * 5) DAY, 'self_serve'
      FROM range(30) a(i)`);
  await buildEdges(contextFor(db));
  await buildClusters(contextFor(db));
});
afterAll(() => db.close());

async function clusterOf(account: string): Promise<string | null> {
  return (await db.value<string | null>('SELECT cluster_id FROM clusters WHERE account_id = $a', { a: account })) ?? null;
}

describe('trap accounts and a campaign', () => {
  it('keeps the operation in one cluster', async () => {
    const camp = await db.all<{ n: number }>(`SELECT cluster_id, count(*) AS n FROM clusters WHERE account_id LIKE 'camp%' GROUP BY 1`);
    expect(camp).toEqual([expect.objectContaining({ n: 12 })]);
  });

  it('does not join a carrier-NAT user through a browser build one of its accounts also carries', async () => {
    const campaign = await clusterOf('camp00');
    expect(await clusterOf('nat0')).not.toBe(campaign);
  });

  it('does not join users whose name and number resemble a campaign address, signed up in its hour', async () => {
    const campaign = await clusterOf('camp00');
    expect(await clusterOf('nat1')).not.toBe(campaign);
    expect(await clusterOf('switcher')).not.toBe(campaign);
    const members = await db.value<number>(`SELECT count(*) FROM clusters WHERE cluster_id = $c AND account_id NOT LIKE 'camp%'`, {
      c: campaign,
    });
    expect(members).toBe(0);
  });
});
