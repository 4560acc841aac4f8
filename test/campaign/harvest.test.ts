import { afterEach, describe, expect, it } from 'vitest';
import { campaignStage } from '../../src/campaign/index.js';
import { campaignSource } from '../../src/campaign/source.js';
import { isCampaign, takesAnswers, type ClusterFeatures } from '../../src/campaign/decision.js';
import type { Database } from '../../src/db/database.js';
import { contextFor, openWorld, sampleWorld, type World } from './world.js';

let db: Database | undefined;
afterEach(() => db?.close());

/** A unit that passes every other gate: scripted, templated, focused, all its accounts caught. */
function scripted(over: Partial<ClusterFeatures> = {}): ClusterFeatures {
  return {
    cluster_id: 'K',
    accounts: 3,
    exchanges: 5_000,
    behaviour: 0.9,
    caught: 1,
    coordinated: 1,
    elicitation: 0,
    specialised: 1,
    focus: 1,
    top_capability: 'math',
    breadth: 4,
    extraction: 2,
    median_exchanges: 1_700,
    answer_ratio: 0.26,
    ceiling: 0,
    churn: 0,
    fresh: 0,
    demand: 0,
    ...over,
  };
}

/** A hydra of light, mixed accounts: what the demo's reseller shows in a week (no extraction detector on 20 % of them). */
function hydra(over: Partial<ClusterFeatures> = {}): ClusterFeatures {
  return {
    cluster_id: 'H',
    accounts: 24,
    exchanges: 900,
    behaviour: 0.39,
    caught: 0.54,
    coordinated: 0.45,
    elicitation: 0.17,
    specialised: 0.84,
    focus: 0.8,
    top_capability: 'agentic',
    breadth: 2,
    extraction: 0,
    median_exchanges: 34.5,
    answer_ratio: 0.78,
    ceiling: 0.93,
    churn: 0,
    fresh: 1,
    demand: 0,
    ...over,
  };
}

describe('the batch-workload guard', () => {
  it('keeps out a scripted, templated, focused workload that keeps short answers and never asks for the ceiling', () => {
    expect(takesAnswers(scripted())).toBe(false);
    expect(isCampaign(scripted())).toBe(false);
    expect(isCampaign(scripted({ accounts: 10 }))).toBe(false);
  });

  it("lets the same unit through when its answers are what it takes, or when its accounts carry an operator's marks", () => {
    expect(isCampaign(scripted({ answer_ratio: 1.4 }))).toBe(true);
    expect(isCampaign(scripted({ ceiling: 0.9 }))).toBe(true);
    expect(isCampaign(scripted({ elicitation: 0.6 }))).toBe(true);
    expect(isCampaign(scripted({ churn: 1 }))).toBe(true);
    expect(isCampaign(scripted({ accounts: 12, fresh: 0.8 }))).toBe(true);
    // Three fresh accounts are a new customer, not a hydra.
    expect(isCampaign(scripted({ fresh: 1 }))).toBe(false);
  });

  it('does not block when the export carries neither token counts nor max_tokens', () => {
    expect(takesAnswers(scripted({ answer_ratio: null, ceiling: null }))).toBe(true);
    expect(takesAnswers(scripted({ answer_ratio: null, ceiling: 0 }))).toBe(false);
  });
});

describe('extraction evidence pooled over a hydra', () => {
  it('takes a hydra of fresh accounts whose account-level extraction detectors stay under their bar', () => {
    expect(isCampaign(hydra())).toBe(true);
  });

  it('does not take the same unit when its accounts are established, nor a harness-sized group of fresh accounts', () => {
    expect(isCampaign(hydra({ fresh: 0.05 }))).toBe(false);
    expect(isCampaign(hydra({ fresh: 0.4 }))).toBe(false);
    // An evaluation harness: heavy, focused, step by step, templated, no extraction detector; a lab may open new accounts.
    const harness = hydra({
      accounts: 4,
      fresh: 1,
      caught: 1,
      behaviour: 0.86,
      coordinated: 1,
      elicitation: 1,
      specialised: 1,
      breadth: 4,
      median_exchanges: 855,
      answer_ratio: 11,
      ceiling: 0,
    });
    expect(isCampaign(harness)).toBe(false);
  });
});

/** sampleWorld plus a three-account enterprise batch job that fires cadence, templating and focus, with token counts everywhere. */
function batchWorld(batchOutput: number, batchMax: number): World {
  const w = sampleWorld();
  for (const e of w.exchanges) {
    const campaign = /^c\d$/.test(e.account) && e.template.startsWith('T');
    Object.assign(
      e,
      campaign
        ? { model: 'm1', input_tokens: 150, output_tokens: 1_400, max_tokens: 8_192 }
        : { model: 'm1', input_tokens: 120, output_tokens: 300, max_tokens: 1_024 },
    );
  }
  const workers = ['e1', 'e2', 'e3'];
  workers.forEach((a, ai) => {
    for (let i = 0; i < 60; i++) {
      w.exchanges.push({
        id: `${a}-${i}`,
        account: a,
        ts: new Date(Date.UTC(2026, 1, 1 + (i % 5), i % 24, ai * 7)).toISOString(),
        ip: '192.0.2.200',
        ua: 'Go-http-client/2.0',
        prompt: `Classify the support ticket ${i}`,
        template: 'TICKET',
        capability: 'math',
        model: 'm1',
        input_tokens: 60,
        output_tokens: batchOutput,
        max_tokens: batchMax,
      });
    }
    for (const d of ['cadence', 'templating', 'capability-focus']) w.signals!.push({ account: a, detector: d, strength: 1 });
    w.signals!.push({ account: a, detector: 'volume', strength: 0.5 });
    w.accounts!.push({ account_id: a, org_name: 'Tallow Support Systems', plan: 'enterprise', created_at: '2024-05-01T00:00:00Z' });
  });
  for (let i = 0; i < workers.length; i++) {
    for (let j = i + 1; j < workers.length; j++) w.edges!.push({ a: workers[i]!, b: workers[j]!, kind: 'ip_window', weight: 0.9 });
  }
  w.clusters!.K5 = workers;
  return w;
}

async function run(world: World) {
  db = await openWorld(world);
  const ctx = contextFor(db);
  await campaignStage.run(ctx);
  return { db, campaigns: await campaignSource()(ctx) };
}

describe('campaign stage with a batch job beside a campaign', () => {
  it('keeps the batch job out (a label of ~15 tokens per ticket, max_tokens 64) and still reports the campaign', async () => {
    const { db, campaigns } = await run(batchWorld(15, 64));
    expect(campaigns.map((c) => c.accounts)).toEqual([['c1', 'c2', 'c3', 'c4', 'c5', 'c6']]);
    const unit = await db.one<{ answer_ratio: number; ceiling: number; fresh: number; extraction: number }>(
      "SELECT round(answer_ratio, 2) AS answer_ratio, ceiling, fresh, extraction FROM campaign_cluster_features WHERE cluster_id = 'K5'",
    );
    expect(unit).toEqual({ answer_ratio: 0.25, ceiling: 0, fresh: 0, extraction: 2 });
    const campaign = await db.one<{ ceiling: number }>("SELECT ceiling FROM campaign_cluster_features WHERE cluster_id LIKE 'K1%'");
    expect(campaign?.ceiling).toBeGreaterThan(0.9);
  });

  it('does not let the batch job follow the campaign in through weak shared infrastructure', async () => {
    const world = batchWorld(15, 64);
    // A shared cloud subnet, one worker to one campaign account each: enough for a campaign-like part to join, not for a satellite.
    for (const [a, b] of [
      ['e1', 'c1'],
      ['e2', 'c2'],
      ['e3', 'c3'],
    ] as const)
      world.edges!.push({ a, b, kind: 'ip_subnet', weight: 0.2 });
    const { campaigns } = await run(world);
    expect(campaigns.map((c) => c.accounts)).toEqual([['c1', 'c2', 'c3', 'c4', 'c5', 'c6']]);
  });

  it('reports the same three accounts when they ask for the ceiling and keep long answers', async () => {
    const { campaigns } = await run(batchWorld(5_000, 8_192));
    expect(campaigns.map((c) => c.accounts)).toContainEqual(['e1', 'e2', 'e3']);
  });
});

/** Twelve light accounts behind one gateway, focused and single-turn but with no extraction detector. */
function hydraWorld(createdAt: string): World {
  const w: World = { exchanges: [], signals: [], edges: [], clusters: {}, accounts: [] };
  const accounts = Array.from({ length: 12 }, (_, i) => `h${String(i + 1).padStart(2, '0')}`);
  accounts.forEach((a, ai) => {
    for (let i = 0; i < 35; i++) {
      w.exchanges.push({
        id: `${a}-${i}`,
        account: a,
        ts: new Date(Date.UTC(2026, 1, 2 + (i % 7), 8 + (i % 10), ai)).toISOString(),
        ip: `198.18.0.${ai}`,
        ua: 'gw/1',
        prompt: `Implement task ${i % 9}`,
        template: `A${i % 9}`,
        capability: 'agentic',
        model: 'm1',
        input_tokens: 2_000,
        output_tokens: 1_500,
        max_tokens: 8_192,
      });
    }
    for (const d of ['single-turn', 'capability-focus']) w.signals!.push({ account: a, detector: d, strength: 0.9 });
    w.accounts!.push({ account_id: a, created_at: createdAt, plan: 'free' });
  });
  for (let i = 0; i < accounts.length; i++) {
    for (let j = i + 1; j < accounts.length; j++) w.edges!.push({ a: accounts[i]!, b: accounts[j]!, kind: 'ip_subnet', weight: 0.5 });
  }
  w.clusters!.K9 = accounts;
  return w;
}

describe('campaign stage on a hydra whose accounts are too light for extraction detectors', () => {
  it('reports it when its accounts were opened for the operation, and says so in its signals', async () => {
    const { campaigns } = await run(hydraWorld('2026-01-30T10:00:00Z'));
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]!.accounts).toHaveLength(12);
    const fresh = campaigns[0]!.signals.find((s) => s.detector === 'fresh-accounts');
    expect(fresh?.strength).toBe(1);
    expect(fresh?.detail).toContain('fires on 12 of 12 accounts');
  });

  it('does not report the same traffic from established accounts', async () => {
    const { campaigns } = await run(hydraWorld('2024-09-01T10:00:00Z'));
    expect(campaigns).toEqual([]);
  });
});
