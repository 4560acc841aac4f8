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
    expect(between('op1', 'op2')).toEqual([['client_fingerprint', 0.5], ['user_agent', 0.35]]);
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
