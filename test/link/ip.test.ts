import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { buildEdges } from '../../src/link/index.js';
import { contextFor, edgesOf, emptyTables } from './tables.js';

let db: Database;
beforeEach(async () => {
  db = await emptyTables();
});
afterEach(() => db.close());

describe('shared IP in the same hour', () => {
  it('ties two accounts that use the same addresses in the same hours', async () => {
    // acct_a and acct_b take turns on two proxy addresses for 10 hours.
    await db.run(`INSERT INTO exchanges (request_id, account_id, ts, ip)
      SELECT 'r' || i, CASE WHEN i % 2 = 0 THEN 'acct_a' ELSE 'acct_b' END,
             TIMESTAMP '2026-02-01 00:00:00' + INTERVAL (i * 7) MINUTE,
             CASE WHEN i % 4 < 2 THEN '203.0.113.7' ELSE '203.0.113.9' END
        FROM range(90) t(i)`);
    await buildEdges(contextFor(db));
    const edges = await edgesOf(db, 'ip_window');
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ a: 'acct_a', b: 'acct_b' });
    expect(edges[0]!.weight).toBeGreaterThan(0.9);
    expect(edges[0]!.evidence).toMatch(/shared IP-hour slots/);
    expect(edges[0]!.evidence).toContain('203.0.113.');
  });

  it('does not tie accounts that used one address in different hours', async () => {
    await db.run(`INSERT INTO exchanges (request_id, account_id, ts, ip)
      SELECT 'r' || i, CASE WHEN i < 20 THEN 'acct_a' ELSE 'acct_b' END,
             TIMESTAMP '2026-02-01 00:00:00' + INTERVAL (i) HOUR, '198.51.100.4'
        FROM range(40) t(i)`);
    await buildEdges(contextFor(db));
    expect(await edgesOf(db, 'ip_window')).toEqual([]);
  });
});

describe('shared network', () => {
  it('puts IPv4 addresses in their /24 and IPv6 addresses in their /64', async () => {
    await buildEdges(contextFor(db)); // defines the network macros, on empty tables
    const rows = await db.all(`SELECT link_network(link_ip(ip)) AS n FROM (VALUES
      ('198.51.100.23'), ('2001:db8:0:12::1'), ('2001:DB8:0000:0012:ffff::9%eth0'), ('::ffff:192.0.2.9'),
      ('::1'), ('not an ip'), (NULL)) t(ip)`);
    expect(rows.map((r) => r.n)).toEqual([
      '198.51.100.0/24',
      '2001:db8:0:12::/64',
      '2001:db8:0:12::/64',
      '192.0.2.0/24',
      '0:0:0:0::/64',
      null,
      null,
    ]);
  });
});
