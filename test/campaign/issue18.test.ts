import { afterEach, describe, expect, it } from 'vitest';
import { attributionStage } from '../../src/campaign/attribute.js';
import { chaoHeterogeneous } from '../../src/campaign/capture.js';
import { estimateExchanges } from '../../src/campaign/estimate.js';
import { harvest, isCampaign, type ClusterFeatures } from '../../src/campaign/decision.js';
import { campaignStage } from '../../src/campaign/index.js';
import { campaignSource } from '../../src/campaign/source.js';
import type { Database } from '../../src/db/database.js';
import { contextFor, openWorld, sampleWorld, type World } from './world.js';

let db: Database | undefined;
afterEach(() => db?.close());

async function scan(world: World) {
  db = await openWorld(world);
  const ctx = contextFor(db);
  await campaignStage.run(ctx);
  await attributionStage.run(ctx);
  return campaignSource()(ctx);
}

/**
 * A thin account running the campaign's harvest (its templates, through a popular SDK) on which no
 * detector fires: only its ties can bring it in; the separation then keeps its harvest.
 */
function addThin(world: World, account: string, ip: string, own = false) {
  for (let i = 0; i < 8; i++) {
    world.exchanges.push(own
      ? { id: `${account}-${i}`, account, ts: `2026-02-0${1 + (i % 5)}T1${i}:00:00.000Z`, ip, ua: 'Mozilla/5.0',
          prompt: `my own question ${i}`, template: `O-${account}-${i}`, capability: 'general', turn: 1 + (i % 2) }
      : { id: `${account}-${i}`, account, ts: `2026-02-0${1 + (i % 5)}T1${i}:00:00.000Z`, ip, ua: 'labclient/1.2',
          prompt: `Articulate the internal reasoning for problem ${i}`, template: `T${i % 3}`, capability: 'reasoning', elicitation: ['cot'] });
  }
}

describe('whole hydras: accounts the campaign holds firmly join whatever their own signals', () => {
  it('takes in a card-less, signal-less account sharing the system prompt and the network with two members, not a NAT neighbour', async () => {
    const world = sampleWorld();
    addThin(world, 'y1', '203.0.113.70');
    addThin(world, 'z9', '192.0.2.1', true);
    // y1: a system prompt (0.6) and the campaign's /24 (0.5) with c1 and c2: 1 - 0.4 x 0.5 = 0.8.
    for (const b of ['c1', 'c2']) {
      world.edges!.push({ a: 'y1', b, kind: 'system_prompt', weight: 0.6 }, { a: 'y1', b, kind: 'ip_subnet', weight: 0.5 });
    }
    // z9: behind a NAT address a campaign account also used, weighed down by rarity, and a webmail domain.
    for (const b of ['c1', 'c2', 'c3']) {
      world.edges!.push({ a: 'z9', b, kind: 'ip_window', weight: 0.12 }, { a: 'z9', b, kind: 'email_domain', weight: 0.1 });
    }
    const campaigns = await scan(world);
    expect(campaigns[0]!.accounts).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'y1']);
  });

  it('does not take an account held by one member through a system prompt and a network alone (no card)', async () => {
    const world = sampleWorld();
    addThin(world, 'y2', '203.0.113.71');
    world.edges!.push({ a: 'y2', b: 'c1', kind: 'system_prompt', weight: 0.6 }, { a: 'y2', b: 'c1', kind: 'ip_subnet', weight: 0.5 });
    const campaigns = await scan(world);
    expect(campaigns[0]!.accounts).not.toContain('y2');
  });
});

describe('indicator-led findings', () => {
  /** Three tied accounts whose behaviour is inconclusive: no detector fires, generic traffic. */
  function named(world: World) {
    for (const a of ['t1', 't2', 't3']) {
      for (let i = 0; i < 20; i++) {
        world.exchanges.push({ id: `${a}-${i}`, account: a, ts: `2026-02-0${1 + (i % 5)}T0${i % 10}:30:00.000Z`, ip: '64.49.200.7',
          ua: 'tern-client/0.3', prompt: `Write a gold-standard reference answer: item ${a} ${i}`, template: `R-${a}-${i}`, capability: 'general',
          input_tokens: 40, output_tokens: 900, max_tokens: 4096 });
      }
    }
    world.edges!.push({ a: 't1', b: 't2', kind: 'ip_window', weight: 0.9 }, { a: 't2', b: 't3', kind: 'ip_window', weight: 0.9 });
    world.clusters!.K9 = ['t1', 't2', 't3'];
  }

  it('reports a cluster the indicators name through two kinds, saying it rests on them, at the level its score gives', async () => {
    const world = sampleWorld();
    named(world);
    world.indicators!.push({ actor: 'Tern Labs', type: 'cidr', value: '64.49.200.0/24' }, { actor: 'Tern Labs', type: 'user_agent', value: 're:^tern-client/' },
      { actor: 'Tern Labs', type: 'account_id', value: 't2' });
    const campaigns = await scan(world);
    const tern = campaigns.find((c) => c.accounts.includes('t1'))!;
    expect(tern.accounts).toEqual(['t1', 't2', 't3']);
    expect(tern.level).toBe('informational');
    expect(tern.attribution).toMatchObject({ actor: 'Tern Labs', confidence: 'high' });
    expect(tern.signals[0]).toEqual({
      detector: 'indicator-led', strength: 1,
      detail: 'behaviour alone is inconclusive (score 0.00, below 0.5 or short of the campaign bars); kept because the indicators of Tern Labs '
        + 'cover 3 of its 3 accounts through 3 independent kinds: cidr 64.49.200.0/24, user_agent re:^tern-client/, account_id t2',
    });
    expect(campaigns.find((c) => c.accounts.includes('c1'))!.signals.map((s) => s.detector)).not.toContain('indicator-led');
  });

  it('stays quiet when one kind of indicator (a network) covers the cluster, or none does', async () => {
    const world = sampleWorld();
    named(world);
    world.indicators!.push({ actor: 'Tern Labs', type: 'cidr', value: '64.49.200.0/24' });
    expect((await scan(world)).some((c) => c.accounts.includes('t1'))).toBe(false);
    db?.close();
    const bare = sampleWorld();
    named(bare);
    expect((await scan(bare)).some((c) => c.accounts.includes('t1'))).toBe(false);
  });
});

describe('answer demand: harvesting whatever the topic', () => {
  const unit = (over: Partial<ClusterFeatures>): ClusterFeatures => ({
    cluster_id: 'B', accounts: 12, exchanges: 3_000, behaviour: 0.7, caught: 0.9, coordinated: 0.4, elicitation: 0, specialised: 0.05,
    focus: 0.95, top_capability: 'general', breadth: 3, extraction: 1, median_exchanges: 250, answer_ratio: 15, ceiling: 0.04,
    churn: 0, fresh: 0, demand: 0.69, ...over,
  });

  it('counts a broad harvest of lone items taking whole answers as harvest, without elicitation or a focus', () => {
    expect(harvest(unit({}))).toBe(0.69);
    expect(isCampaign(unit({}))).toBe(true);
  });

  it('spares the same accounts when their traffic has no more demand than the typical account (a reseller\'s customers, a tutoring app)', () => {
    expect(isCampaign(unit({ demand: 0.1 }))).toBe(false);
    // A translation service takes answers as long as its texts (ratio about 1): no demand, nothing to harvest.
    expect(isCampaign(unit({ demand: 0, answer_ratio: 1.1 }))).toBe(false);
  });

  it('marks lone items taking whole answers, not follow-ups nor answers as long as the prompt (demand.sql)', async () => {
    const world = sampleWorld();
    // First in the list: the hand-built world takes the token columns' type from the first exchange.
    const add = (id: string, over: Partial<World['exchanges'][number]>) => world.exchanges.unshift({
      id, account: 'g01', ts: '2026-02-02T10:00:00.000Z', template: `D-${id}`, capability: 'general', model: 'm1', ...over,
    });
    add('lone-long', { input_tokens: 30, output_tokens: 1200, max_tokens: 4096, conversation: 'cv1', turn: 1 });
    add('lone-ceiling', { input_tokens: 30, output_tokens: 100, max_tokens: 8192, conversation: 'cv2', turn: 1 });
    add('opener', { input_tokens: 30, output_tokens: 1200, max_tokens: 4096, conversation: 'cv3', turn: 1 });
    add('follow-up', { input_tokens: 30, output_tokens: 1200, max_tokens: 4096, conversation: 'cv3', turn: 2 });
    add('translation', { input_tokens: 300, output_tokens: 320, max_tokens: 4096, conversation: 'cv4', turn: 1 });
    db = await openWorld(world);
    await campaignStage.run(contextFor(db));
    const rows = await db!.all<{ request_id: string; demand: boolean }>(
      "SELECT request_id, demand FROM campaign_exchange_demand WHERE account_id = 'g01' AND request_id NOT LIKE 'r%' ORDER BY request_id");
    expect(rows).toEqual([
      { request_id: 'follow-up', demand: false }, { request_id: 'lone-ceiling', demand: true }, { request_id: 'lone-long', demand: true },
      { request_id: 'opener', demand: false }, { request_id: 'translation', demand: false },
    ]);
  });
});

describe('intervals that cover what was not found', () => {
  it('estimates unseen accounts from how many sources caught each (Chao, heterogeneous catchability)', () => {
    // 10 accounts caught by one source, 5 by two, 20 by three or more, out of 4 sources.
    const h = [...Array(10).fill(1), ...Array(5).fill(2), ...Array(20).fill(3)];
    const r = chaoHeterogeneous(h, 4);
    expect(r.seen).toBe(35);
    expect(r.total).toBeCloseTo(35 + (0.75 * 100) / 10, 9);
    expect(r.ci95[0]).toBeGreaterThan(35);
    expect(r.ci95[1]).toBeGreaterThan(r.total);
    expect(chaoHeterogeneous([3, 4, 2, 3], 5)).toMatchObject({ seen: 4, total: 4, ci95: [4, 4] });
  });

  it('widens the interval upward when most accounts were caught by one source only', () => {
    const counts = Array(35).fill(100);
    const sure = estimateExchanges({ accountCounts: counts, samplingRate: 1, capture: null, seed: 1,
      histories: { caught: [...Array(5).fill(1), ...Array(30).fill(3)], sources: 4 } });
    const unsure = estimateExchanges({ accountCounts: counts, samplingRate: 1, capture: null, seed: 1,
      histories: { caught: [...Array(25).fill(1), ...Array(5).fill(2), ...Array(5).fill(3)], sources: 4 } });
    expect(unsure.estimate).toBeGreaterThan(sure.estimate);
    expect(unsure.ci95[1] - unsure.estimate).toBeGreaterThan(sure.ci95[1] - sure.estimate);
  });

  it('holds, above, the traffic of accounts outside the campaign sent with its operator\'s settings (scaled by sampling)', () => {
    // 30 accounts found, 10 of the operator's missed: 1,000 exchanges of theirs carry its settings.
    const counts = Array(30).fill(100);
    const base = { accountCounts: counts, capture: null, seed: 3 };
    const found = estimateExchanges({ ...base, samplingRate: 1 });
    const truth = 3000 + 1000;
    expect(found.ci95[1]).toBeLessThan(truth);
    const widened = estimateExchanges({ ...base, samplingRate: 1, missed: { accounts: 10, exchanges: 1000 } });
    expect(widened.estimate).toBe(found.estimate);
    expect(widened.ci95[0]).toBe(found.ci95[0]);
    expect(widened.ci95[1]).toBeGreaterThanOrEqual(truth);
    expect(widened.sources.missed).toEqual([3000, 4000]);
    // Half sampled: 500 kept of theirs stand for 1,000.
    const sampled = estimateExchanges({ accountCounts: Array(30).fill(50), capture: null, seed: 3, samplingRate: 0.5, missed: { accounts: 10, exchanges: 500 } });
    expect(sampled.ci95[1]).toBeGreaterThanOrEqual(truth);
  });

  it('never puts the lower bound, and so the disclosure, below the exchanges observed and sure', () => {
    const counts = [5000, 20, 14000, 30, 434];
    const e = estimateExchanges({ accountCounts: counts, samplingRate: 1, capture: null, seed: 7 });
    expect(e.ci95[0]).toBe(19_484);
    expect(e.disclosure).toBe('more than 19,400');
    const doubtful = estimateExchanges({ accountCounts: counts, samplingRate: 1, capture: null, seed: 7, separation: { kept: 400, left: 100 } });
    expect(doubtful.ci95[0]).toBeGreaterThanOrEqual(19_484 - 800);
    expect(doubtful.ci95[0]).toBeLessThan(19_484);
    expect(doubtful.ci95[1]).toBeGreaterThan(e.ci95[1]);
  });
});
