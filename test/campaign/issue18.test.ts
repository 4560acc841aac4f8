import { afterEach, describe, expect, it } from 'vitest';
import { attributionStage } from '../../src/campaign/attribute.js';
import { chaoHeterogeneous } from '../../src/campaign/capture.js';
import { estimateExchanges } from '../../src/campaign/estimate.js';
import { harvest, isCampaign, wholeAnswers, type ClusterFeatures } from '../../src/campaign/decision.js';
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
    world.exchanges.push(
      own
        ? {
            id: `${account}-${i}`,
            account,
            ts: `2026-02-0${1 + (i % 5)}T1${i}:00:00.000Z`,
            ip,
            ua: 'Mozilla/5.0',
            prompt: `my own question ${i}`,
            template: `O-${account}-${i}`,
            capability: 'general',
            turn: 1 + (i % 2),
          }
        : {
            id: `${account}-${i}`,
            account,
            ts: `2026-02-0${1 + (i % 5)}T1${i}:00:00.000Z`,
            ip,
            ua: 'labclient/1.2',
            prompt: `Articulate the internal reasoning for problem ${i}`,
            template: `T${i % 3}`,
            capability: 'reasoning',
            elicitation: ['cot'],
          },
    );
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
        world.exchanges.push({
          id: `${a}-${i}`,
          account: a,
          ts: `2026-02-0${1 + (i % 5)}T0${i % 10}:30:00.000Z`,
          ip: '64.49.200.7',
          ua: 'tern-client/0.3',
          prompt: `Write a gold-standard reference answer: item ${a} ${i}`,
          template: `R-${a}-${i}`,
          capability: 'general',
          input_tokens: 40,
          output_tokens: 900,
          max_tokens: 4096,
        });
      }
    }
    world.edges!.push({ a: 't1', b: 't2', kind: 'ip_window', weight: 0.9 }, { a: 't2', b: 't3', kind: 'ip_window', weight: 0.9 });
    world.clusters!.K9 = ['t1', 't2', 't3'];
  }

  it('reports a cluster the indicators name through two kinds, saying it rests on them, at the level its score gives', async () => {
    const world = sampleWorld();
    named(world);
    world.indicators!.push(
      { actor: 'Tern Labs', type: 'cidr', value: '64.49.200.0/24' },
      { actor: 'Tern Labs', type: 'user_agent', value: 're:^tern-client/' },
      { actor: 'Tern Labs', type: 'account_id', value: 't2' },
    );
    const campaigns = await scan(world);
    const tern = campaigns.find((c) => c.accounts.includes('t1'))!;
    expect(tern.accounts).toEqual(['t1', 't2', 't3']);
    expect(tern.level).toBe('informational');
    expect(tern.attribution).toMatchObject({ actor: 'Tern Labs', confidence: 'high' });
    expect(tern.signals[0]).toEqual({
      detector: 'indicator-led',
      strength: 1,
      detail:
        'behaviour alone is inconclusive (score 0.00, below 0.5 or short of the campaign bars); kept because the indicators of Tern Labs ' +
        'cover 3 of its 3 accounts through 3 independent kinds: cidr 64.49.200.0/24, user_agent re:^tern-client/, account_id t2',
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
    cluster_id: 'B',
    accounts: 12,
    exchanges: 3_000,
    behaviour: 0.7,
    caught: 0.9,
    coordinated: 0.4,
    elicitation: 0,
    specialised: 0.05,
    focus: 0.95,
    top_capability: 'general',
    breadth: 3,
    extraction: 1,
    median_exchanges: 250,
    answer_ratio: 15,
    ceiling: 0.04,
    churn: 0,
    fresh: 0,
    demand: 0.69,
    ...over,
  });

  it('counts a broad harvest of lone items taking whole answers as harvest, without elicitation or a focus', () => {
    expect(harvest(unit({}))).toBe(0.69);
    expect(isCampaign(unit({}))).toBe(true);
  });

  it("spares the same accounts when their traffic has no more demand than the typical account (a reseller's customers, a tutoring app)", () => {
    expect(isCampaign(unit({ demand: 0.1 }))).toBe(false);
    // A translation service takes answers as long as its texts (ratio about 1): no demand, nothing to harvest.
    expect(isCampaign(unit({ demand: 0, answer_ratio: 1.1 }))).toBe(false);
  });

  it('marks lone items taking whole answers, not follow-ups nor answers as long as the prompt (demand.sql)', async () => {
    const world = sampleWorld();
    // First in the list: the hand-built world takes the token columns' type from the first exchange.
    const add = (id: string, over: Partial<World['exchanges'][number]>) =>
      world.exchanges.unshift({
        id,
        account: 'g01',
        ts: '2026-02-02T10:00:00.000Z',
        template: `D-${id}`,
        capability: 'general',
        model: 'm1',
        ...over,
      });
    add('lone-long', { input_tokens: 30, output_tokens: 1200, max_tokens: 4096, conversation: 'cv1', turn: 1 });
    add('lone-ceiling', { input_tokens: 30, output_tokens: 100, max_tokens: 8192, conversation: 'cv2', turn: 1 });
    add('opener', { input_tokens: 30, output_tokens: 1200, max_tokens: 4096, conversation: 'cv3', turn: 1 });
    add('follow-up', { input_tokens: 30, output_tokens: 1200, max_tokens: 4096, conversation: 'cv3', turn: 2 });
    add('translation', { input_tokens: 300, output_tokens: 320, max_tokens: 4096, conversation: 'cv4', turn: 1 });
    db = await openWorld(world);
    await campaignStage.run(contextFor(db));
    const rows = await db!.all<{ request_id: string; demand: boolean }>(
      "SELECT request_id, demand FROM campaign_exchange_demand WHERE account_id = 'g01' AND request_id NOT LIKE 'r%' ORDER BY request_id",
    );
    expect(rows).toEqual([
      { request_id: 'follow-up', demand: false },
      { request_id: 'lone-ceiling', demand: true },
      { request_id: 'lone-long', demand: true },
      { request_id: 'opener', demand: false },
      { request_id: 'translation', demand: false },
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
    const sure = estimateExchanges({
      accountCounts: counts,
      samplingRate: 1,
      capture: null,
      seed: 1,
      histories: { caught: [...Array(5).fill(1), ...Array(30).fill(3)], sources: 4 },
    });
    const unsure = estimateExchanges({
      accountCounts: counts,
      samplingRate: 1,
      capture: null,
      seed: 1,
      histories: { caught: [...Array(25).fill(1), ...Array(5).fill(2), ...Array(5).fill(3)], sources: 4 },
    });
    expect(unsure.estimate).toBeGreaterThan(sure.estimate);
    expect(unsure.ci95[1] - unsure.estimate).toBeGreaterThan(sure.ci95[1] - sure.estimate);
  });

  it("holds, above, the traffic of accounts outside the campaign sent with its operator's settings (scaled by sampling)", () => {
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
    const sampled = estimateExchanges({
      accountCounts: Array(30).fill(50),
      capture: null,
      seed: 3,
      samplingRate: 0.5,
      missed: { accounts: 10, exchanges: 500 },
    });
    expect(sampled.ci95[1]).toBeGreaterThanOrEqual(truth);
  });

  it('never puts the lower bound, and so the disclosure, below the exchanges observed and sure', () => {
    const counts = [5000, 20, 14000, 30, 434];
    const e = estimateExchanges({ accountCounts: counts, samplingRate: 1, capture: null, seed: 7 });
    expect(e.ci95[0]).toBe(19_484);
    expect(e.disclosure).toBe('more than 19,400');
    const doubtful = estimateExchanges({
      accountCounts: counts,
      samplingRate: 1,
      capture: null,
      seed: 7,
      separation: { kept: 400, left: 100 },
    });
    expect(doubtful.ci95[0]).toBeGreaterThanOrEqual(19_484 - 800);
    expect(doubtful.ci95[0]).toBeLessThan(19_484);
    expect(doubtful.ci95[1]).toBeGreaterThan(e.ci95[1]);
  });
});

describe('a unit per exclusive custom client (every tactic on: no address, card, template or fresh account ties the operator)', () => {
  const at = (day: number, minute: number) => new Date(Date.UTC(2026, 1, 1 + day, 0, minute)).toISOString();

  /**
   * sampleWorld with token counts everywhere (the ceiling of model m1 is 8192, set by genuine
   * users' SDK defaults on a few requests), plus accounts tied by nothing but one client
   * fingerprint nobody else uses: residential exits (a fresh address per request), no card, every
   * prompt its own (no shared template), accounts opened long ago. The clustering leaves them alone.
   */
  function exclusiveWorld(): World {
    const w = sampleWorld();
    for (const e of w.exchanges)
      Object.assign(e, { model: 'm1', input_tokens: 100, output_tokens: 500, max_tokens: e.account === 'g01' ? 8_192 : 1_024 });
    return w;
  }

  /** Six operator accounts: lone broad items asking for the whole answer, key-sprawl and single-turn on every one. */
  function addOperators(w: World, client: string, prefix = 'o') {
    for (let a = 1; a <= 6; a++) {
      const account = `${prefix}${a}`;
      for (let i = 0; i < 35; i++) {
        w.exchanges.unshift({
          id: `${account}-${i}`,
          account,
          ts: at(i % 7, a * 90 + i * 3),
          ip: `100.${64 + a}.${i}.${7 + a}`,
          ua: i % 2 ? 'python-httpx/0.27.2' : 'ModelAPI/Node 0.33.1',
          client,
          prompt: `expert question ${account} ${i}`,
          template: `P-${account}-${i}`,
          capability: i % 3 ? 'general' : 'coding',
          model: 'm1',
          input_tokens: 40,
          output_tokens: 3_000,
          max_tokens: 8_192,
          conversation: `${account}-cv${i}`,
          turn: 1,
        });
      }
      for (const [d, s] of [
        ['key-sprawl', 0.95],
        ['single-turn', 0.9],
        ['re-registration', 0.6],
      ] as const)
        w.signals!.push({ account, detector: d, strength: s });
      w.accounts!.push({ account_id: account, email_domain: 'mail.example.org', created_at: '2024-03-01T00:00:00Z' });
    }
  }

  it("forms the operator's unit from its own TLS stack and the decision keeps it, whole", async () => {
    const world = exclusiveWorld();
    addOperators(world, 't13d1218h2_4ff386180f3a_eab1f6eb37e1');
    const campaigns = await scan(world);
    const found = campaigns.find((c) => c.accounts.includes('o1'));
    expect(found?.accounts).toEqual(['o1', 'o2', 'o3', 'o4', 'o5', 'o6']);
    // The report says what holds it: it has no cluster, so no cluster ties.
    const signal = await db!.one<{ strength: number; detail: string }>(
      "SELECT s.strength, s.detail FROM campaign_signals s JOIN campaign_accounts a USING (campaign_id) WHERE a.account_id = 'o1' AND s.detector = 'exclusive-client'",
    );
    expect(signal).toEqual({
      strength: 1,
      detail:
        'fires on 6 of 6 accounts; strongest: runs client fingerprint "t13d1218h2_4ff386180f3a_eab1f6eb37e1" as its main client; 0 account(s) outside the campaign do',
    });
    // The existing campaign is untouched, and names no exclusive client.
    expect(
      await db!.value<number>(
        "SELECT count(*) FROM campaign_signals s JOIN campaign_accounts a USING (campaign_id) WHERE a.account_id = 'c1' AND s.detector = 'exclusive-client'",
      ),
    ).toBe(0);
    expect(campaigns.find((c) => c.accounts.includes('c1'))?.accounts).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
  });

  it("keeps no unit when the fingerprint is a browser's (no unit), or a stack as many people use for all their traffic (most of the unit not caught)", async () => {
    const browser = exclusiveWorld();
    addOperators(browser, 't13d1516h2_8daaf6152771_02713d6af862');
    for (const e of browser.exchanges) if (e.account.startsWith('o')) e.ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36';
    expect((await scan(browser)).some((c) => c.accounts.includes('o1'))).toBe(false);
    db?.close();
    const shared = exclusiveWorld();
    addOperators(shared, 'sdk-stack');
    // Half of the genuine population runs the same stack for all its traffic: a popular SDK, not the operator's own.
    for (const e of shared.exchanges) if (/^g\d+$/.test(e.account) && Number(e.account.slice(1)) <= 15) e.client = 'sdk-stack';
    expect((await scan(shared)).some((c) => c.accounts.includes('o1'))).toBe(false);
  });

  it('counts the exclusive client as a capture source: a hydra tied by nothing else is not inflated by unseen accounts', async () => {
    const world = exclusiveWorld();
    // Twelve operator accounts on one stack, every one caught by its behaviour; two pairs also share
    // a /24 or an e-mail domain (network and sign-up ties). Without the client as a source, 8 of the
    // 12 accounts are caught once (behaviour) and Chao's bound adds unseen accounts (about 17 for 12).
    addOperators(world, 'op-stack');
    addOperators(world, 'op-stack', 'p');
    world.edges!.push({ a: 'o1', b: 'o2', kind: 'ip_subnet', weight: 0.3 }, { a: 'p1', b: 'p2', kind: 'email_domain', weight: 0.3 });
    const campaigns = await scan(world);
    const found = campaigns.find((c) => c.accounts.includes('o1'));
    expect(found?.accounts).toHaveLength(12);
    const e = (await db!.one<{
      observed: number;
      estimate: number;
      accounts_seen: number;
      accounts_estimate: number;
      capture_infrastructure: number;
    }>(
      `SELECT observed::INTEGER AS observed, estimate::INTEGER AS estimate, accounts_seen, accounts_estimate, capture_infrastructure
         FROM estimates JOIN campaign_accounts USING (campaign_id) WHERE account_id = 'o1'`,
    ))!;
    expect(e.accounts_seen).toBe(12);
    expect(e.accounts_estimate).toBe(12);
    expect(e.capture_infrastructure).toBe(12);
    expect(e.estimate).toBe(e.observed);
  });

  it('joins kept parts of one hydra running on one exclusive client (a sampled export cut it), with no other tie between them', async () => {
    const world = exclusiveWorld();
    addOperators(world, 'op-stack');
    world.clusters!.K7 = ['o1', 'o2', 'o3'];
    world.clusters!.K8 = ['o4', 'o5', 'o6'];
    const campaigns = await scan(world);
    expect(campaigns.filter((c) => c.accounts.some((a) => a.startsWith('o')))).toHaveLength(1);
    expect(campaigns.find((c) => c.accounts.includes('o1'))?.accounts).toEqual(['o1', 'o2', 'o3', 'o4', 'o5', 'o6']);
  });

  it("spares a company's in-house report generator on its own client: a harvest's traffic, but established seats and no churn", async () => {
    const world = exclusiveWorld();
    for (let a = 1; a <= 6; a++) {
      const account = `r${a}`;
      for (let i = 0; i < 40; i++) {
        world.exchanges.unshift({
          id: `${account}-${i}`,
          account,
          ts: at(i % 7, 400 + a * 20 + i),
          ip: `192.0.2.${100 + a}`,
          ua: 'acme-reports/1.4',
          client: 'acme-reports-tls',
          prompt: `quarterly report section ${account} ${i}`,
          template: `R-${account}-${i}`,
          capability: 'general',
          model: 'm1',
          input_tokens: 60,
          output_tokens: 4_000,
          max_tokens: 8_192,
          conversation: `${account}-cv${i}`,
          turn: 1,
        });
      }
      for (const [d, s] of [
        ['templating', 0.9],
        ['cadence', 0.9],
        ['single-turn', 0.9],
      ] as const)
        world.signals!.push({ account, detector: d, strength: s });
      world.accounts!.push({ account_id: account, email_domain: 'acme.example', org_name: 'Acme', created_at: '2023-01-10T00:00:00Z' });
    }
    expect((await scan(world)).some((c) => c.accounts.some((a) => /^r\d$/.test(a)))).toBe(false);
    db?.close();
    // The same traffic from accounts replaced as they are banned (re-registration) is an operator's.
    for (let a = 1; a <= 6; a++) world.signals!.push({ account: `r${a}`, detector: 're-registration', strength: 0.8 });
    expect((await scan(world)).find((c) => c.accounts.includes('r1'))?.accounts).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
  });

  it('spares a company on its in-house client and a cohort on its starter kit: the value forms a unit, the decision finds no harvest', async () => {
    const world = exclusiveWorld();
    addOperators(world, 'op-stack');
    // A company: established accounts, scripted and templated (caught), general work in conversations, ordinary answers.
    for (let a = 1; a <= 6; a++) {
      const account = `w${a}`;
      for (let i = 0; i < 40; i++) {
        world.exchanges.unshift({
          id: `${account}-${i}`,
          account,
          ts: at(i % 7, 400 + a * 20 + i),
          ip: `192.0.2.${100 + a}`,
          ua: 'acme-assistant/2.3',
          client: 'acme-internal-tls',
          prompt: `ticket summary ${i}`,
          template: i % 2 ? 'ACME' : `W-${account}-${i}`,
          capability: 'general',
          model: 'm1',
          input_tokens: 200 + 100 * (i % 3),
          output_tokens: 600,
          max_tokens: 1_024,
          conversation: `${account}-cv${Math.floor(i / 3)}`,
          turn: 1 + (i % 3),
        });
      }
      for (const [d, s] of [
        ['templating', 1],
        ['cadence', 0.8],
      ] as const)
        world.signals!.push({ account, detector: d, strength: s });
      world.accounts!.push({ account_id: account, email_domain: 'acme.example', org_name: 'Acme', created_at: '2023-01-10T00:00:00Z' });
    }
    // A class opened on one day on a starter kit: fresh, templated, no-ramp, most of it coding, in conversations
    // whose prompts carry the dialogue (answers short for their prompts), max_tokens at the kit's 1,024.
    for (let a = 1; a <= 12; a++) {
      const account = `s${String(a).padStart(2, '0')}`;
      for (let i = 0; i < 36; i++) {
        world.exchanges.unshift({
          id: `${account}-${i}`,
          account,
          ts: at(2 + (i % 4), 600 + a * 5 + i),
          ip: `198.18.${a}.${i}`,
          ua: 'course-notebook/1.0',
          client: 'starter-kit-tls',
          prompt: `my question ${account} ${i}`,
          template: i % 3 === 0 ? 'STARTER' : `S-${account}-${i}`,
          capability: i % 10 < 7 ? 'coding' : 'general',
          model: 'm1',
          input_tokens: 400 * (1 + (i % 3)),
          output_tokens: 450,
          max_tokens: 1_024,
          conversation: `${account}-cv${Math.floor(i / 3)}`,
          turn: 1 + (i % 3),
        });
      }
      for (const [d, s] of [
        ['templating', 0.9],
        ['no-ramp', 0.8],
      ] as const)
        world.signals!.push({ account, detector: d, strength: s });
      world.accounts!.push({ account_id: account, email_domain: 'uni.example.edu', created_at: '2026-02-03T00:00:00Z' });
    }
    const campaigns = await scan(world);
    expect(campaigns.find((c) => c.accounts.includes('o1'))?.accounts).toEqual(['o1', 'o2', 'o3', 'o4', 'o5', 'o6']);
    expect(campaigns.some((c) => c.accounts.some((a) => /^(w\d|s\d\d)$/.test(a)))).toBe(false);
  });
});

describe('capability traffic is a harvest only when the answers are taken whole', () => {
  const cohort = (over: Partial<ClusterFeatures>): ClusterFeatures => ({
    cluster_id: 'S',
    accounts: 48,
    exchanges: 5_000,
    behaviour: 0.67,
    caught: 0.94,
    coordinated: 0.77,
    elicitation: 0.02,
    specialised: 0.34,
    focus: 0.66,
    top_capability: 'general',
    breadth: 3,
    extraction: 3,
    median_exchanges: 83,
    answer_ratio: 1.29,
    ceiling: 0,
    churn: 1,
    fresh: 1,
    demand: 0,
    typical_answer_ratio: 9.6,
    ...over,
  });

  it('spares a classroom working in its subject with ordinary answers (medium seed 1, every tactic on)', () => {
    expect(wholeAnswers(cohort({}))).toBe(false);
    expect(harvest(cohort({}))).toBe(0.02);
    expect(isCampaign(cohort({}))).toBe(false);
  });

  it('counts the same traffic when it asks for the ceiling, takes longer answers than the typical account, or the export cannot tell', () => {
    expect(isCampaign(cohort({ ceiling: 0.9 }))).toBe(true);
    expect(isCampaign(cohort({ answer_ratio: 12 }))).toBe(true);
    expect(isCampaign(cohort({ ceiling: null }))).toBe(true);
    expect(isCampaign(cohort({ typical_answer_ratio: null }))).toBe(true);
  });
});
