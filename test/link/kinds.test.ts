import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { buildEdges } from '../../src/link/index.js';
import { contextFor, edgesOf, emptyTables } from './tables.js';

let db: Database;
beforeEach(async () => {
  db = await emptyTables();
});
afterEach(() => db.close());

/** `n` exchanges per account, one an hour from a fixed start, with per-account column values. */
async function traffic(rows: { account: string; n?: number; hourOffset?: number; cols: Record<string, string> }[]): Promise<void> {
  for (const r of rows) {
    const names = Object.keys(r.cols);
    const values = names.map((c) => `$${c}`);
    await db.run(
      `INSERT INTO exchanges (request_id, account_id, ts${names.map((c) => ', ' + c).join('')})
       SELECT $account || '-' || i, $account, TIMESTAMP '2026-02-01 00:00:00' + INTERVAL (i + $offset) HOUR${values.map((v) => ', ' + v).join('')}
         FROM range($n) t(i)`,
      { account: r.account, n: r.n ?? 5, offset: r.hourOffset ?? 0, ...r.cols },
    );
  }
}

/** Accounts that each use `value` in `column` beside a private value of their own. */
async function population(prefix: string, count: number, column: string, shared: string): Promise<void> {
  await db.run(
    `INSERT INTO exchanges (request_id, account_id, ts, ${column})
     SELECT $prefix || i || '-' || j, $prefix || lpad(i::VARCHAR, 4, '0'),
            TIMESTAMP '2026-02-01 00:00:00' + INTERVAL (i * 3 + j * 17) HOUR,
            CASE WHEN j % 2 = 0 THEN $shared ELSE $prefix || 'own-' || i END
       FROM range($count) a(i) CROSS JOIN range(4) b(j)`,
    { prefix, count, shared },
  );
}

describe('shared client and infrastructure', () => {
  it('ties accounts on a rare client fingerprint and stays quiet on a popular one', async () => {
    await traffic([
      { account: 'op1', cols: { client_fingerprint: 'ja4_rare_1' } },
      { account: 'op2', cols: { client_fingerprint: 'ja4_rare_1' } },
    ]);
    await population('sdk', 300, 'client_fingerprint', 'ja4_popular_sdk');
    await buildEdges(contextFor(db));
    const edges = await edgesOf(db, 'client_fingerprint');
    expect(edges.filter((e) => e.a === 'op1')).toMatchObject([{ b: 'op2', weight: 0.5 }]);
    expect(edges[0]!.evidence).toContain('ja4_rare_1 used by 2 accounts');
    // 300 users of one SDK share it with each other, but it is one common value among their own.
    expect(Math.max(...edges.filter((e) => e.a.startsWith('sdk')).map((e) => e.weight), 0)).toBeLessThan(0.15);
  });

  it('ties accounts on a rare user agent', async () => {
    await traffic([
      { account: 'op1', cols: { user_agent: 'labclient/0.3.1 (linux)' } },
      { account: 'op2', cols: { user_agent: 'labclient/0.3.1 (linux)' } },
      { account: 'u1', cols: { user_agent: 'Mozilla/5.0 (X11)' } },
    ]);
    await buildEdges(contextFor(db));
    expect(await edgesOf(db, 'user_agent')).toMatchObject([{ a: 'op1', b: 'op2', weight: 0.35 }]);
  });

  it('ties accounts on a shared /24 and a shared hosting ASN, the ASN weighing little', async () => {
    await traffic([
      { account: 'op1', cols: { ip: '203.0.113.10', asn: 'AS64500' } },
      { account: 'op2', n: 5, hourOffset: 100, cols: { ip: '203.0.113.77', asn: 'as64500' } },
      { account: 'u1', cols: { ip: '198.51.100.1', asn: 'AS64511' } },
    ]);
    await buildEdges(contextFor(db));
    const edges = await edgesOf(db);
    expect(edges.map((e) => [e.a, e.b, e.kind, e.weight])).toEqual([
      ['op1', 'op2', 'asn', 0.25],
      ['op1', 'op2', 'ip_subnet', 0.5],
    ]);
    expect(edges[1]!.evidence).toContain('203.0.113.0/24');
  });
});

describe('shared content', () => {
  it('ties accounts on a shared system prompt and quotes it', async () => {
    const prompt = 'You are an expert data analyst. Always give complete and transparent reasoning.';
    await traffic([
      { account: 'op1', cols: { system_prompt: prompt } },
      { account: 'op2', cols: { system_prompt: prompt } },
      { account: 'u1', cols: { system_prompt: 'You are a friendly tutor.' } },
    ]);
    await buildEdges(contextFor(db));
    const edges = await edgesOf(db, 'system_prompt');
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ a: 'op1', b: 'op2', weight: 0.6 });
    expect(edges[0]!.evidence).toContain('"You are an expert data analyst.');
    expect(edges[0]!.evidence).toMatch(/sha256:[0-9a-f]{16}/);
  });

  it('ties accounts that share several rare prompt templates (from exchange_features)', async () => {
    await db.run(`CREATE TABLE exchange_features AS SELECT * FROM (VALUES
      ('r1', 'op1', TIMESTAMP '2026-02-01', 'tpl_a'), ('r2', 'op1', TIMESTAMP '2026-02-01', 'tpl_b'),
      ('r3', 'op2', TIMESTAMP '2026-02-01', 'tpl_a'), ('r4', 'op2', TIMESTAMP '2026-02-01', 'tpl_b'),
      ('r5', 'u1', TIMESTAMP '2026-02-01', 'tpl_a'), ('r6', 'u1', TIMESTAMP '2026-02-01', 'tpl_z'))
      t(request_id, account_id, ts, template_id)`);
    await traffic([
      { account: 'op1', cols: {} },
      { account: 'op2', cols: {} },
      { account: 'u1', cols: {} },
    ]);
    await buildEdges(contextFor(db));
    // One shared template is not enough (u1 shares tpl_a by chance); two are.
    expect((await edgesOf(db, 'template')).map((e) => [e.a, e.b])).toEqual([['op1', 'op2']]);
  });
});

describe('shared billing and sign-up', () => {
  beforeEach(async () => {
    await traffic(['a1', 'a2', 'a3', 'a4', 'a5', 'b1', 'b2', 'b3', 'c1'].map((account) => ({ account, cols: {} })));
  });

  it('ties accounts on a payment fingerprint, a numbered e-mail pattern and a small domain', async () => {
    await db.run(`INSERT INTO accounts (account_id, email, payment_fingerprint, created_at, signup_channel) VALUES
      ('a1', 'alice01@mailbox.test', 'pf_9f2c', TIMESTAMP '2026-01-01 10:00', 'self_serve'),
      ('a2', 'Alice.02@mailbox.test', 'pf_9f2c', TIMESTAMP '2026-01-05 10:00', 'self_serve'),
      ('b1', 'bob@smallco.test', 'pf_1', TIMESTAMP '2026-01-09 10:00', 'self_serve'),
      ('b2', 'carol@smallco.test', 'pf_2', TIMESTAMP '2026-01-13 10:00', 'self_serve'),
      ('c1', 'alice@mailbox.test', 'pf_3', TIMESTAMP '2026-01-17 10:00', 'self_serve'),
      ('a3', 'mei_1988@mailbox.test', 'pf_4', TIMESTAMP '2026-01-18 10:00', 'self_serve'),
      ('a4', 'mei_1988@other.test', 'pf_5', TIMESTAMP '2026-01-19 10:00', 'self_serve')`);
    await buildEdges(contextFor(db));
    const edges = (await edgesOf(db)).map((e) => [e.a, e.b, e.kind]);
    expect(edges).toContainEqual(['a1', 'a2', 'payment_fingerprint']);
    expect(edges).toContainEqual(['a1', 'a2', 'email_stem']);
    expect(edges).toContainEqual(['b1', 'b2', 'email_domain']);
    // c1 has the same domain as a1 and a2 but no number: only the weaker domain tie.
    expect(edges.filter((e) => e.includes('c1')).map((e) => e[2])).toEqual(['email_domain', 'email_domain', 'email_domain']);
    // A birth year personalises an address; it is not a counter.
    expect(edges.filter((e) => e[2] === 'email_stem').map((e) => [e[0], e[1]])).toEqual([['a1', 'a2']]);
    const stem = (await edgesOf(db, 'email_stem'))[0]!;
    expect(stem.evidence).toContain('alice<n>@');
  });

  it('ties a burst of sign-ups through one channel and not a steady trickle', async () => {
    await db.run(`INSERT INTO accounts (account_id, created_at, signup_channel)
      SELECT 'a' || i, TIMESTAMP '2026-01-20 03:00' + INTERVAL (i * 4) MINUTE, 'research_access' FROM range(1, 6) t(i)`);
    // A steady trickle: one self-serve sign-up a day, and one research sign-up weeks earlier.
    await db.run(`INSERT INTO accounts (account_id, created_at, signup_channel) VALUES
      ('b1', TIMESTAMP '2026-01-01 09:00', 'self_serve'), ('b2', TIMESTAMP '2026-01-02 09:00', 'self_serve'),
      ('b3', TIMESTAMP '2026-01-03 09:00', 'self_serve'), ('c1', TIMESTAMP '2025-12-01 09:00', 'research_access')`);
    await buildEdges(contextFor(db));
    const edges = await edgesOf(db, 'signup_burst');
    expect(edges).toHaveLength(10);
    expect(new Set(edges.flatMap((e) => [e.a, e.b]))).toEqual(new Set(['a1', 'a2', 'a3', 'a4', 'a5']));
    expect(edges[0]!.evidence).toContain('5 research_access sign-ups in the hour from 2026-01-20 03:00');
  });
});

describe('lockstep', () => {
  it('ties accounts active and silent in the same slots, not 24/7 jobs', async () => {
    // Eight accounts driven by one scheduler: the same 40 bursts at irregular times over 5 days.
    await db.run(`INSERT INTO exchanges (request_id, account_id, ts)
      SELECT 's' || a || '-' || b, 'sched' || a,
             TIMESTAMP '2026-02-01' + INTERVAL ((hash(b) % 7200)::BIGINT) MINUTE + INTERVAL (a * 20) SECOND
        FROM range(8) x(a) CROSS JOIN range(40) y(b)`);
    // Two independent users at their own irregular times.
    await db.run(`INSERT INTO exchanges (request_id, account_id, ts)
      SELECT 'u' || a || '-' || b, 'user' || a, TIMESTAMP '2026-02-01' + INTERVAL ((hash('user', a, b) % 7200)::BIGINT) MINUTE
        FROM range(2) x(a) CROSS JOIN range(40) y(b)`);
    // Two round-the-clock batch jobs: busy in every slot, so their timing says nothing.
    await db.run(`INSERT INTO exchanges (request_id, account_id, ts)
      SELECT 'j' || a || '-' || b, 'job' || a, TIMESTAMP '2026-02-01' + INTERVAL (b * 10) MINUTE
        FROM range(2) x(a) CROSS JOIN range(720) y(b)`);
    await buildEdges(contextFor(db));
    const edges = await edgesOf(db, 'lockstep');
    const tied = new Set(edges.flatMap((e) => [e.a, e.b]));
    expect([...tied].sort()).toEqual(['sched0', 'sched1', 'sched2', 'sched3', 'sched4', 'sched5', 'sched6', 'sched7']);
    expect(edges.length).toBeGreaterThanOrEqual(20);
    expect(edges[0]!.evidence).toMatch(/active and silent in the same 10-minute activity slots/);
  });
});
