import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attributionStage } from '../../src/campaign/attribute.js';
import { campaignStage } from '../../src/campaign/index.js';
import { campaignSource } from '../../src/campaign/source.js';
import type { Database } from '../../src/db/database.js';
import { contextFor, openWorld, sampleWorld } from './world.js';

let db: Database | undefined;
afterEach(() => db?.close());

async function run(world: ReturnType<typeof sampleWorld>) {
  const opened = await openWorld(world);
  const ctx = contextFor(opened);
  await campaignStage.run(ctx);
  await attributionStage.run(ctx);
  return { ctx, db: opened, campaigns: await campaignSource()(ctx) };
}

/** A world of the test's own, closed after the test. */
async function scan(world = sampleWorld()) {
  const result = await run(world);
  db = result.db;
  return result;
}

// The sample world as it is, scanned once for the tests that only read it.
let sample: Awaited<ReturnType<typeof run>>;
beforeAll(async () => {
  sample = await run(sampleWorld());
});
afterAll(() => sample?.db.close());

describe('campaign stage on a hand-built world', () => {
  it('finds the campaign, leaves the company NAT, the batch job and the eval harness out, and counts only campaign exchanges', async () => {
    const { campaigns, db } = sample;
    expect(campaigns).toHaveLength(1);
    const c = campaigns[0]!;
    expect(c.id).toBe('C1');
    expect(c.accounts).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(c.exchanges.observed).toBe(240);
    expect(c.exchanges.estimate).toBe(240);
    expect(c.exchanges.ci95[0]).toBeLessThanOrEqual(240);
    expect(c.exchanges.ci95[1]).toBeGreaterThanOrEqual(240);
    expect(c.focus).toEqual([{ capability: 'reasoning', share: 1 }]);
    expect(c.signals.map((s) => s.detector)).toEqual(['cadence', 'elicitation', 'templating']);
    expect(c.signals[0]!.detail).toContain('fires on 6 of 6 accounts');
    const genuineLabelled = await db.value<number>(
      "SELECT count(*) FROM exchange_labels l JOIN exchanges e USING (request_id) WHERE e.user_agent <> 'labclient/1.2'",
    );
    expect(genuineLabelled).toBe(0);
    expect(await db.value<number>("SELECT count(*) FROM campaign_accounts WHERE account_id NOT LIKE 'c%'")).toBe(0);
    const harness = await db.one('SELECT accounts, breadth, extraction FROM campaign_cluster_features WHERE cluster_id = $id', {
      id: 'K4',
    });
    expect(harness).toEqual({ accounts: 4, breadth: 3, extraction: 0 });
  });

  it("takes in a caught account the clustering left alone when it shares the campaign's card, not one sharing only a hosting ASN, a popular client or numbered e-mail stems", async () => {
    const world = sampleWorld();
    for (const [a, kind, weight] of [
      ['c7', 'payment_fingerprint', 0.9],
      ['x1', 'asn', 0.9],
      ['x2', 'client_fingerprint', 0.15],
      ['x3', 'email_stem', 0.5],
    ] as const) {
      for (let i = 0; i < 10; i++) {
        world.exchanges.push({
          id: `${a}-${i}`,
          account: a,
          ts: `2026-02-0${1 + (i % 5)}T12:0${i % 10}:00.000Z`,
          ip: '203.0.113.50',
          ua: 'labclient/1.2',
          prompt: `Articulate the internal reasoning for problem ${i}`,
          template: `T${i % 3}`,
          capability: 'reasoning',
          elicitation: ['cot'],
        });
      }
      for (const d of ['templating', 'elicitation']) world.signals!.push({ account: a, detector: d, strength: 0.9 });
      world.edges!.push({ a, b: 'c1', kind, weight });
    }
    world.edges!.push({ a: 'x3', b: 'c2', kind: 'email_stem', weight: 0.5 });
    const { campaigns } = await scan(world);
    expect(campaigns[0]!.accounts).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
    expect(campaigns[0]!.exchanges.observed).toBe(250);
  });

  it("takes in a thin account running the campaign's prompt set from its infrastructure, not a thin neighbour with its own prompts or one tie", async () => {
    const world = sampleWorld();
    // s1: the campaign's templates, tied to three members. s2: its own prompts, same ties. s3: the campaign's templates, one tie.
    const thin = [
      ['s1', 'T', ['c1', 'c2', 'c3']],
      ['s2', 'S2-', ['c1', 'c2', 'c3']],
      ['s3', 'T', ['c4']],
    ] as const;
    for (const [a, prefix, tied] of thin) {
      for (let i = 0; i < 4; i++) {
        world.exchanges.push({
          id: `${a}-${i}`,
          account: a,
          ts: `2026-02-0${1 + i}T08:00:00.000Z`,
          ip: '203.0.113.60',
          ua: 'labclient/1.2',
          prompt: `item ${i}`,
          template: `${prefix}${i % 3}`,
          capability: 'reasoning',
          elicitation: prefix === 'T' ? ['cot'] : [],
        });
      }
      for (const b of tied) world.edges!.push({ a, b, kind: 'ip_subnet', weight: 0.5 });
    }
    const { campaigns } = await scan(world);
    expect(campaigns[0]!.accounts).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 's1']);
    expect(campaigns[0]!.exchanges.observed).toBe(244);
  });

  it("counts a conversation as one customer's: follow-ups that read like a person's stay with the harvest that opened them", async () => {
    const world = sampleWorld();
    const wrap = (account: string, opener: 'harvest' | 'customer', i: number) => {
      const conversation = `conv-${account}-${opener}-${i}`;
      const ts = `2026-02-0${1 + (i % 5)}T2${i % 4}:00:00.000Z`;
      world.exchanges.push(
        opener === 'harvest'
          ? {
              id: `${conversation}-1`,
              account,
              ts,
              ip: '203.0.113.10',
              ua: 'labclient/1.2',
              prompt: `Articulate the internal reasoning for ${i}`,
              template: `T${i % 3}`,
              capability: 'reasoning',
              elicitation: ['cot'],
              turn: 1,
              conversation,
            }
          : {
              id: `${conversation}-1`,
              account,
              ts,
              ip: '203.0.113.99',
              ua: 'Mozilla/5.0',
              prompt: `customer asks ${i}`,
              template: `UC-${account}-${i}`,
              capability: 'general',
              turn: 1,
              conversation,
            },
      );
      world.exchanges.push({
        id: `${conversation}-2`,
        account,
        ts: ts.replace(':00:00', ':03:00'),
        ip: '203.0.113.99',
        ua: 'Mozilla/5.0',
        prompt: `why does step ${i} follow?`,
        template: `F-${account}-${opener}-${i}`,
        capability: 'general',
        turn: 2,
        conversation,
      });
    };
    for (let i = 0; i < 4; i++) {
      wrap('c1', 'harvest', i);
      wrap('c5', 'customer', i);
    }
    const { campaigns, db } = await scan(world);
    expect(campaigns[0]!.exchanges.observed).toBe(240 + 8);
    const counted = await db.value<number>("SELECT count(*) FROM exchange_labels WHERE request_id LIKE 'conv-c1-harvest-%-2'");
    expect(counted).toBe(4);
    expect(await db.value<number>("SELECT count(*) FROM exchange_labels WHERE request_id LIKE 'conv-c5-customer-%'")).toBe(0);
  });

  it('attributes with high confidence from network, client and billing indicators, with coverage', () => {
    const { campaigns } = sample;
    const a = campaigns[0]!.attribution;
    expect(a.actor).toBe('Actor A');
    expect(a.confidence).toBe('high');
    expect(a.evidence).toEqual([
      { indicator: 'cidr 203.0.113.0/24', accounts: 6, exchanges: 240 },
      { indicator: 'user_agent re:^labclient/\\d', accounts: 6, exchanges: 240 },
      { indicator: 'payment_fingerprint pf_9f2c', accounts: 1, exchanges: 40 },
    ]);
  });

  it('leaves the actor null when no indicator covers the campaign', async () => {
    const world = sampleWorld();
    world.indicators = [{ actor: 'Actor B', type: 'cidr', value: '2001:db8::/32' }];
    const { campaigns } = await scan(world);
    expect(campaigns[0]!.attribution).toEqual({ actor: null, confidence: null, evidence: [] });
  });

  it('gives the same tables for the same input', async () => {
    const first = JSON.stringify(sample.campaigns);
    const second = JSON.stringify((await scan()).campaigns);
    expect(second).toBe(first);
  });

  it('scales by the sampling rate in settings', async () => {
    const world = sampleWorld();
    world.samplingRate = 0.5;
    const { campaigns } = await scan(world);
    expect(campaigns[0]!.exchanges.observed).toBe(240);
    expect(campaigns[0]!.exchanges.estimate).toBe(480);
    expect(campaigns[0]!.exchanges.ci95[1]).toBeGreaterThan(480);
  });

  it('writes empty tables and warns when upstream stages have not run', async () => {
    const world = sampleWorld();
    db = await openWorld(world);
    await db.run('DROP TABLE clusters');
    const ctx = contextFor(db);
    await campaignStage.run(ctx);
    await attributionStage.run(ctx);
    expect(await campaignSource()(ctx)).toEqual([]);
    expect(ctx.notes.join('\n')).toContain('no clusters table');
  });
});
