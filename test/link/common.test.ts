import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { buildEdges } from '../../src/link/index.js';
import { contextFor, edgesOf, emptyTables } from './tables.js';

let db: Database;
beforeEach(async () => {
  db = await emptyTables();
});
afterEach(() => db.close());

const CHROME = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Mobile Safari/537.36';

/** Five exchanges an hour apart for each account, with the given client. */
async function clients(rows: { account: string; ua: string; fp: string }[]): Promise<void> {
  for (const r of rows) {
    await db.run(
      `INSERT INTO exchanges (request_id, account_id, ts, user_agent, client_fingerprint)
       SELECT $account || '-' || i, $account, TIMESTAMP '2026-02-01' + INTERVAL (i) HOUR, $ua, $fp FROM range(5) t(i)`,
      { account: r.account, ua: r.ua, fp: r.fp },
    );
  }
}

describe('values common beyond the export', () => {
  it("weighs a browser's user agent and TLS fingerprint as common, a custom client as rare", async () => {
    await clients([
      { account: 'phone1', ua: CHROME, fp: 'ja4_chrome132' },
      { account: 'phone2', ua: CHROME, fp: 'ja4_chrome132' },
      { account: 'op1', ua: 'harvest-runner/2.1', fp: 'ja4_runner' },
      { account: 'op2', ua: 'harvest-runner/2.1', fp: 'ja4_runner' },
      ...Array.from({ length: 20 }, (_, i) => ({ account: `u${i}`, ua: `sdk/${i}`, fp: `ja4_${i}` })),
    ]);
    await buildEdges(contextFor(db));
    const edges = await edgesOf(db);
    const between = (a: string, b: string) => edges.filter((e) => e.a === a && e.b === b).map((e) => [e.kind, e.weight]);
    expect(between('op1', 'op2')).toEqual([
      ['client_fingerprint', 0.5],
      ['user_agent', 0.35],
    ]);
    // The same two values from a phone browser: four users of one Chrome build are no operator.
    const phones = between('phone1', 'phone2');
    expect(phones.map((p) => p[0])).toEqual(['client_fingerprint', 'user_agent']);
    for (const [, weight] of phones) expect(weight).toBeLessThan(0.2);
  });
});

describe('numbered e-mail patterns', () => {
  beforeEach(async () => {
    await clients(['a1', 'a2', 'a3', 'a4', 'n1', 'n2'].map((account) => ({ account, ua: `sdk/${account}`, fp: `fp_${account}` })));
  });

  it('weigh more the longer the counter: two people with one name and a number are a coincidence', async () => {
    await db.run(`INSERT INTO accounts (account_id, email) VALUES
      ('a1', 'agentlab07@mail.test'), ('a2', 'agentlab31@other.test'), ('a3', 'agentlab44@mail.test'), ('a4', 'agentlab.52@mail.test'),
      ('n1', 'noahrossi12@mail.test'), ('n2', 'noahrossi88@other.test')`);
    await buildEdges(contextFor(db));
    const stems = await edgesOf(db, 'email_stem');
    const pairs = (stem: string) => stems.filter((e) => e.evidence.includes(stem));
    expect(pairs('agentlab<n>@')).toHaveLength(6);
    for (const e of pairs('agentlab<n>@')) expect(e.weight).toBe(0.5);
    // Below the clustering's weak threshold on its own: it only adds to other evidence.
    expect(pairs('noahrossi<n>@')).toMatchObject([{ a: 'n1', b: 'n2', weight: 0.25 }]);
  });
});

describe('sign-up bursts', () => {
  it('are measured against the channel around them: a busy fortnight is no burst, a batch within it is', async () => {
    // One self-serve sign-up a day for two years, then four every hour for 14 days (a launch),
    // and one hour of it with 30 more (a batch). Against the two-year mean every launch hour
    // would be a burst.
    await db.run(`INSERT INTO accounts (account_id, created_at, signup_channel)
      SELECT 'early' || d, TIMESTAMP '2024-01-10 12:00' + INTERVAL (d) DAY, 'self_serve' FROM range(730) a(d)`);
    await db.run(`INSERT INTO accounts (account_id, created_at, signup_channel)
      SELECT 'crowd' || h || '-' || k, TIMESTAMP '2026-01-10' + INTERVAL (h) HOUR + INTERVAL (k * 10) MINUTE, 'self_serve'
        FROM range(336) a(h) CROSS JOIN range(4) b(k)
      UNION ALL
      SELECT 'batch' || k, TIMESTAMP '2026-01-17 05:00' + INTERVAL (k) MINUTE, 'self_serve' FROM range(30) b(k)`);
    await db.run(
      `INSERT INTO exchanges (request_id, account_id, ts) SELECT 'r-' || account_id, account_id, TIMESTAMP '2026-02-01' FROM accounts`,
    );
    await buildEdges(contextFor(db));
    const tied = new Set((await edgesOf(db, 'signup_burst')).flatMap((e) => [e.a, e.b]));
    // The batch and the four crowd sign-ups of that hour; no other hour of the launch.
    expect([...tied].filter((a) => a.startsWith('crowd')).sort()).toEqual(['crowd173-0', 'crowd173-1', 'crowd173-2', 'crowd173-3']);
    expect([...tied].filter((a) => a.startsWith('batch'))).toHaveLength(30);
    expect([...tied].filter((a) => a.startsWith('early'))).toEqual([]);
  });
});
