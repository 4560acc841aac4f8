import { listValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { sqlFile } from '../../src/db/sql.js';

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  await db.run(sqlFile(new URL('../../src/campaign/index.ts', import.meta.url).href, 'ip.sql'));
});
afterAll(() => db.close());

const cases: [string | null, string, boolean][] = [
  ['203.0.113.7', '203.0.113.0/24', true],
  ['203.0.114.7', '203.0.113.0/24', false],
  ['10.200.3.4', '10.0.0.0/8', true],
  ['10.0.0.1', '10.0.0.1', true],
  ['10.0.0.2', '10.0.0.1', false],
  ['1.2.3.4', '0.0.0.0/0', true],
  ['2001:db8::1', '2001:db8::/32', true],
  ['2001:DB8:0:0:0:0:0:1', '2001:db8::/32', true],
  ['2001:db9::1', '2001:db8::/32', false],
  ['fe80::1%eth0', 'fe80::/10', true],
  ['::1', '::1/128', true],
  ['203.0.113.7', '2001:db8::/32', false],
  ['2001:db8::1', '203.0.113.0/24', false],
  ['999.1.1.1', '0.0.0.0/0', false],
  ['not-an-ip', '10.0.0.0/8', false],
  [null, '10.0.0.0/8', false],
];

describe('CIDR matching in SQL', () => {
  it('matches IPv4 and IPv6 addresses against networks, and nothing malformed', async () => {
    // One query for all cases: the macro is large, so planning it dominates.
    const rows = await db.all<{ i: number; hit: boolean }>(
      `SELECT i, ip_in_cidr(ip, cidr) AS hit
         FROM (SELECT unnest(range(len($ips))) AS i, unnest($ips) AS ip, unnest($cidrs) AS cidr) ORDER BY i`,
      { ips: listValue(cases.map((c) => c[0])), cidrs: listValue(cases.map((c) => c[1])) },
    );
    const got = rows.map((r) => [cases[r.i]![0], cases[r.i]![1], r.hit]);
    expect(got).toEqual(cases);
  });
});
