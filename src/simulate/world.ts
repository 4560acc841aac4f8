import type { AccountProfile, Role, SimAccount } from './account.js';
import { averageWeekFactor, type Persona } from './behaviour/persona.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, type Calendar } from './calendar.js';
import type { SimCampaign, TrapGroup } from './campaign.js';
import { browserClient, fingerprintOf, popularSdkAgent, sdkClient, type Client } from './client.js';
import { BlendedEgress, HomeEgress, PoolEgress, type Egress, type EgressPoint } from './egress.js';
import { COVER_TIME_ZONES, RAMP_DAYS, tradecraft } from './evasion.js';
import { COUNTRIES, Network, type Asn } from './network.js';
import { companyName, personalEmail, WEBMAIL, workEmail } from './names.js';
import type { SimulationPlan } from './preset.js';
import { hash32, Random } from './random.js';
import { APP_SYSTEM_PROMPTS, TOPICS } from './text/genuine.js';
import { BATCH_SYSTEM, CORPORATE_SYSTEM, corporatePrompt } from './text/trap.js';
import { applyTactics } from './world-tactics.js';

/** Everything the simulation knows before the first exchange is drawn. */
export interface World {
  plan: SimulationPlan;
  cal: Calendar;
  net: Network;
  accounts: SimAccount[];
  campaigns: SimCampaign[];
  traps: TrapGroup[];
  /** Indicators an investigator would hold: subnets, domains, cards, known accounts. */
  intel: ActorIntel[];
}

export interface ActorIntel {
  actor: string;
  /** `account` is set for account_id indicators: ids are drawn after the world is built. */
  indicators: { type: string; value: string; account?: SimAccount }[];
}

/** Share of the honest exchange budget given to each part of the honest population. */
const HONEST_BUDGET = {
  population: 0.7,
  hydraCustomers: 0.08,
  reseller: 0.06,
  carrierNat: 0.035,
  corporate: 0.045,
  batch: 0.03,
  evalHarness: 0.02,
  switchers: 0.02,
};

const TOPIC_IDS = TOPICS.map((_, i) => i);

export class Builder {
  readonly rng: Random;
  readonly accounts: SimAccount[] = [];
  private personaKey = 0;

  constructor(
    readonly plan: SimulationPlan,
    readonly cal: Calendar,
    readonly net: Network,
  ) {
    this.rng = new Random(plan.seed, 'world');
  }

  account(role: Role, group: string | null, profile: AccountProfile, keyCount = 1): SimAccount {
    const a: SimAccount = {
      index: this.accounts.length,
      id: '',
      role,
      group,
      profile,
      keys: [],
      personas: [],
      campaign: -1,
      activeFrom: Infinity,
      activeUntil: Infinity,
      origin: null,
    };
    for (let k = 0; k < keyCount; k++) a.keys.push(`key_${this.rng.base32(14)}`);
    this.accounts.push(a);
    return a;
  }

  /** Expected exchanges per calendar day of a persona, per unit of dailyMean. */
  unitDaily(p: Pick<Persona, 'activeDayProb' | 'weekendFactor'>): number {
    return p.activeDayProb * averageWeekFactor(p.weekendFactor);
  }

  persona(partial: Partial<Persona> & Pick<Persona, 'clients' | 'egress' | 'tz'>): Persona {
    const r = this.rng;
    return {
      key: hash32(this.plan.seed, 'persona', this.personaKey++),
      dailyMean: 1,
      activeDayProb: r.uniform(0.25, 0.9),
      weekendFactor: r.uniform(0.2, 0.9),
      turnsMean: r.uniform(1.2, 3.5),
      topics: r.sample(TOPIC_IDS, r.range(1, 4)),
      systemPrompt: null,
      maxTokens: r.pick([null, null, 1024, 2048, 4096]),
      temperature: r.pick([null, null, 0.7, 1, 0.2]),
      liteShare: r.pick([0, 0, 0.2, 0.6, 1]),
      adoption: r.chance(0.12) ? { at: this.cal.releaseAt + r.uniform(6, 96) * HOUR_MS, share: r.uniform(0.15, 0.6) } : null,
      activeFrom: this.cal.start,
      activeUntil: Infinity,
      rampDays: 0,
      ...partial,
    };
  }

  homeEgress(country: string, browser: boolean): Egress {
    const r = this.rng;
    const home = this.net.pick(r, 'residential', country);
    const mobile = browser ? this.net.pick(r, 'mobile', country) : null;
    return new HomeEgress(
      this.net,
      r.nextUint32(),
      home,
      mobile,
      r.range(1, 14),
      home.v6 !== undefined && r.chance(0.15),
      browser ? r.uniform(0, 0.4) : 0,
    );
  }

  pool(asn: Asn, count: number, subnet?: number): EgressPoint[] {
    const points: EgressPoint[] = [];
    for (let i = 0; i < count; i++) {
      const ip = subnet === undefined ? this.net.ipv4(asn, this.rng.nextUint32()) : this.net.ipv4InSubnet(asn, subnet, 10 + i * 3);
      points.push({ ip, asn: asn.asn, country: asn.country });
    }
    return points;
  }

  card(): string {
    return `pf_${this.rng.hex(12)}`;
  }

  /** Creation time of an established customer: up to two years before the period. */
  oldCreation(): number {
    return this.cal.start - Math.floor(this.rng.uniform(3, 700) * DAY_MS);
  }
}

export function buildWorld(plan: SimulationPlan, cal: Calendar): World {
  const net = new Network(plan.seed);
  const b = new Builder(plan, cal, net);
  const honest = plan.size.genuineExchanges;
  const traps: TrapGroup[] = [];
  const s = plan.size.trapScale;

  buildPopulation(b, honest * HONEST_BUDGET.population);
  traps.push(carrierNat(b, 6 * s, honest * HONEST_BUDGET.carrierNat));
  traps.push(corporateNat(b, 5 * s, honest * HONEST_BUDGET.corporate));
  const batch = batchJob(b, Math.ceil(s / 2), honest * HONEST_BUDGET.batch);
  traps.push(batch.group);
  traps.push(evalHarness(b, 2 * Math.ceil(s / 2), honest * HONEST_BUDGET.evalHarness));
  traps.push(genuineReseller(b, 2 * Math.ceil(s / 2), honest * HONEST_BUDGET.reseller));
  traps.push(releaseSwitchers(b, 4 * s, honest * HONEST_BUDGET.switchers));

  const campaignTotal = (honest * plan.campaignShare) / (1 - plan.campaignShare);
  const [n0, n1, n2] = plan.size.campaignAccounts;
  const [f0, f1, f2] = plan.size.campaignSplit;
  const intel: ActorIntel[] = [];
  const campaigns = [
    reasoningCampaign(b, 0, n0, campaignTotal * f0, intel),
    agenticCampaign(b, 1, n1, campaignTotal * f1),
    hydraCampaign(b, 2, n2, campaignTotal * f2, honest * HONEST_BUDGET.hydraCustomers, intel),
  ];
  for (const c of campaigns) blendIn(b, c);
  // From `small` up the batch job has the campaign minimum of three workers, so the quality bar sees
  // whether the decision spares it (the tiny world, the demo, keeps one). They are hired last, so
  // every other account keeps its index and its random draws.
  if (s > 1) while (batch.group.accounts.length < DECISION_MIN_ACCOUNTS) batch.hire();
  intel.push({
    actor: 'Ashgrove Analytics',
    indicators: [
      { type: 'email_domain', value: 'ashgrove-analytics.net' },
      { type: 'asn', value: 'AS64496' },
      { type: 'user_agent', value: 're:^ashgrove-collector/' },
    ],
  });
  // Harder tradecraft and the actors and traps it adds (tactics.ts): nothing happens without --tactics.
  applyTactics(b, { campaigns, traps, intel, honest, campaignTotal });

  // Ids are drawn last, from one stream, after a shuffle: nothing about an id reveals its role or creation order.
  const order = b.rng.shuffle(b.accounts.map((_, i) => i));
  const used = new Set<string>();
  for (const i of order) {
    let id: string;
    do id = `org_${b.rng.base32(16)}`;
    while (used.has(id));
    used.add(id);
    b.accounts[i]!.id = id;
  }
  return { plan, cal, net, accounts: b.accounts, campaigns, traps, intel };
}

export function weightedCountry(r: Random): { code: string; tz: number } {
  return r.weighted(COUNTRIES.map((c) => [c, c.weight] as const));
}

function planFor(daily: number, r: Random): string {
  if (daily > 60) return r.pick(['scale', 'enterprise']);
  if (daily > 12) return r.pick(['build', 'scale']);
  if (daily > 2) return r.pick(['free', 'build', 'build']);
  return r.pick(['free', 'free', 'build']);
}

/** Scales personas' dailyMean so that together they are expected to make `budget` exchanges. */
export function scaleTo(b: Builder, personas: Persona[], weights: number[], budget: number): void {
  let unit = 0;
  personas.forEach((p, i) => {
    const span = Math.max(0, Math.min(p.activeUntil, b.cal.end) - Math.max(p.activeFrom, b.cal.start)) / DAY_MS;
    unit += weights[i]! * b.unitDaily(p) * span;
  });
  const factor = unit > 0 ? budget / unit : 0;
  personas.forEach((p, i) => (p.dailyMean = weights[i]! * factor));
}

function buildPopulation(b: Builder, budget: number): void {
  const r = b.rng;
  const personas: Persona[] = [];
  const weights: number[] = [];
  const owners: SimAccount[] = [];
  for (let i = 0; i < b.plan.size.genuineAccounts; i++) {
    const country = weightedCountry(r);
    const sdk = r.chance(0.6);
    const clients: Client[] = sdk ? [sdkClient(r)] : [browserClient(r)];
    if (r.chance(0.25)) clients.push(sdk ? sdkClient(r) : browserClient(r));
    // Server-side apps call from a cloud; people call from home.
    const egress =
      sdk && r.chance(0.35) ? new PoolEgress(b.pool(b.net.pick(r, 'hosting'), r.range(1, 3)), false) : b.homeEgress(country.code, !sdk);
    const isNew = r.chance(0.06);
    const created = isNew ? b.cal.start + Math.floor(r.uniform(0, 0.8) * b.plan.days * DAY_MS) : b.oldCreation();
    const p = b.persona({
      clients,
      egress,
      tz: country.tz,
      turnsMean: sdk ? r.uniform(1, 2) : r.uniform(1.5, 4),
      systemPrompt: sdk && r.chance(0.5) ? r.pick(APP_SYSTEM_PROMPTS) : null,
      activeFrom: Math.max(created + Math.floor(r.uniform(0.1, 30) * HOUR_MS), b.cal.start),
      rampDays: isNew ? r.uniform(3, 10) : 0,
    });
    const weight = Math.min(400, r.pareto(1, 1.15));
    const company = sdk && r.chance(0.5) ? companyName(r) : null;
    const a = b.account(
      'genuine',
      null,
      {
        created_at: created,
        email: company ? workEmail(r, company.domain) : personalEmail(r),
        payment_fingerprint: r.chance(0.8) ? b.card() : null,
        country: country.code,
        signup_channel: r.weighted([
          ['self_serve', 80],
          ['startup_program', 8],
          ['education', 7],
          ['research_access', 2],
          ['partner', 3],
        ] as const),
        org_name: company ? company.name : null,
        plan: 'free',
        status: 'active',
        banned_at: null,
      },
      r.range(1, 3),
    );
    a.personas.push(p);
    personas.push(p);
    weights.push(weight);
    owners.push(a);
  }
  scaleTo(b, personas, weights, budget);
  for (const a of owners) a.profile.plan = planFor(a.personas[0]!.dailyMean, r);
  // An honest customer banned for something unrelated (card fraud): enforcement is not a label.
  const victim = owners[Math.floor(r.next() * owners.length)]!;
  victim.profile.status = 'banned';
  victim.profile.banned_at = b.cal.start + Math.floor(r.uniform(0.3, 0.9) * b.plan.days * DAY_MS);
  victim.personas[0]!.activeUntil = victim.profile.banned_at;
}

function carrierNat(b: Builder, count: number, budget: number): TrapGroup {
  const r = b.rng;
  const country = r.pick([
    { code: 'IN', tz: 5 },
    { code: 'BR', tz: -3 },
    { code: 'NG', tz: 1 },
  ]);
  const carrier = b.net.pick(r, 'mobile', country.code);
  const ips = new PoolEgress(b.pool(carrier, 3), false);
  const accounts: SimAccount[] = [];
  const personas: Persona[] = [];
  for (let i = 0; i < count; i++) {
    const p = b.persona({ clients: [browserClient(r)], egress: ips, tz: country.tz });
    const a = b.account('trap', 'carrier_nat', {
      created_at: b.oldCreation(),
      email: personalEmail(r),
      payment_fingerprint: r.chance(0.5) ? b.card() : null,
      country: country.code,
      signup_channel: 'self_serve',
      org_name: null,
      plan: r.pick(['free', 'build']),
      status: 'active',
      banned_at: null,
    });
    a.personas.push(p);
    personas.push(p);
    accounts.push(a);
  }
  scaleTo(
    b,
    personas,
    personas.map(() => r.lognormal(0, 0.7)),
    budget,
  );
  return { kind: 'carrier_nat', description: 'unrelated mobile users behind three carrier-grade NAT addresses', accounts };
}

function corporateNat(b: Builder, count: number, budget: number): TrapGroup {
  const r = b.rng;
  const corp = b.net.of('corporate')[0]!;
  const egress = new PoolEgress(b.pool(corp, 6, 0), false);
  const client: Client = { userAgent: 'HarborAssist/2.3 ModelAPI/Python 1.41.2', fingerprint: fingerprintOf('openssl3-cpython311') };
  const card = b.card();
  const accounts: SimAccount[] = [];
  const personas: Persona[] = [];
  for (let i = 0; i < count; i++) {
    const p = b.persona({
      clients: [client],
      egress,
      tz: 0,
      activeDayProb: 0.95,
      weekendFactor: 0.03,
      turnsMean: 1.6,
      systemPrompt: CORPORATE_SYSTEM,
      prompt: corporatePrompt,
      maxTokens: 2048,
      temperature: 0.3,
      liteShare: 0,
      adoption: null,
    });
    const a = b.account(
      'trap',
      'corporate_nat',
      {
        created_at: b.oldCreation(),
        email: workEmail(r, 'harborfinch.com'),
        payment_fingerprint: card,
        country: 'GB',
        signup_channel: 'self_serve',
        org_name: 'Harbor & Finch Logistics',
        plan: 'enterprise',
        status: 'active',
        banned_at: null,
      },
      2,
    );
    a.personas.push(p);
    personas.push(p);
    accounts.push(a);
  }
  scaleTo(
    b,
    personas,
    personas.map(() => r.lognormal(0, 0.4)),
    budget,
  );
  return {
    kind: 'corporate_nat',
    description: "an enterprise's team accounts behind one egress block, sharing an SDK build and a system prompt",
    accounts,
  };
}

/** The campaign decision's minimum size: a trap smaller than this could not be reported at all. */
const DECISION_MIN_ACCOUNTS = 3;

/** The batch job's workers; `hire` adds one more running at the same rate as the first ones. */
function batchJob(b: Builder, count: number, budget: number): { group: TrapGroup; hire: () => void } {
  const r = b.rng;
  const cloud = b.net.pick(r, 'hosting', 'US');
  const accounts: SimAccount[] = [];
  const perDay = budget / count / b.plan.days;
  const hire = () => {
    const a = b.account('trap', 'batch_job', {
      created_at: b.oldCreation() - 200 * DAY_MS,
      email: workEmail(r, 'tallowsupport.com'),
      payment_fingerprint: b.card(),
      country: 'US',
      signup_channel: 'self_serve',
      org_name: 'Tallow Support Systems',
      plan: 'enterprise',
      status: 'active',
      banned_at: null,
    });
    a.batch = { perDay };
    // The batch worker's addresses and client, kept in a persona so the generator finds them.
    a.personas.push(
      b.persona({
        clients: [{ userAgent: 'Go-http-client/2.0', fingerprint: fingerprintOf('go1.22-crypto-tls') }],
        egress: new PoolEgress(b.pool(cloud, 2), false),
        tz: 0,
        systemPrompt: BATCH_SYSTEM,
        maxTokens: 64,
        temperature: 0,
        liteShare: 1,
        adoption: null,
        dailyMean: 0,
      }),
    );
    accounts.push(a);
  };
  for (let i = 0; i < count; i++) hire();
  return {
    group: { kind: 'batch_job', description: 'a support-ticket classifier running 24/7 at machine cadence with one template', accounts },
    hire,
  };
}

function evalHarness(b: Builder, count: number, budget: number): TrapGroup {
  const r = b.rng;
  const uni = b.net.pick(r, 'education');
  const accounts: SimAccount[] = [];
  const runDayProb = 0.4;
  for (let i = 0; i < count; i++) {
    const a = b.account('trap', 'eval_harness', {
      created_at: b.oldCreation(),
      email: workEmail(r, 'cs.northfield.edu'),
      payment_fingerprint: b.card(),
      country: uni.country,
      signup_channel: 'research_access',
      org_name: 'Northfield University NLP Lab',
      plan: 'build',
      status: 'active',
      banned_at: null,
    });
    a.evalRun = { itemsPerRun: Math.max(5, Math.round(budget / count / (b.plan.days * runDayProb + 1))), runDayProb };
    a.personas.push(
      b.persona({
        clients: [{ userAgent: 'python-requests/2.32.3', fingerprint: fingerprintOf('openssl3-cpython310') }],
        egress: new PoolEgress(b.pool(uni, 2), false),
        tz: -5,
        maxTokens: 1024,
        temperature: 0,
        liteShare: 0,
        adoption: null,
        dailyMean: 0,
      }),
    );
    accounts.push(a);
  }
  return {
    kind: 'eval_harness',
    description: 'an academic benchmark harness: templated items with "think step by step", in bursts, new model on release day',
    accounts,
  };
}

function genuineReseller(b: Builder, count: number, budget: number): TrapGroup {
  const r = b.rng;
  const host = b.net.pick(r, 'hosting', 'DE');
  const gateway = new PoolEgress(b.pool(host, 10), false);
  const fingerprint = fingerprintOf('relaybridge-gateway-1.8');
  const accounts: SimAccount[] = [];
  const personas: Persona[] = [];
  for (let i = 0; i < count; i++) {
    const customers = r.range(8, 25);
    const a = b.account(
      'trap',
      'genuine_reseller',
      {
        created_at: b.oldCreation(),
        email: workEmail(r, 'relaybridge.ai'),
        payment_fingerprint: b.card(),
        country: 'DE',
        signup_channel: 'reseller',
        org_name: 'Relaybridge AI',
        plan: 'scale',
        status: 'active',
        banned_at: null,
      },
      3,
    );
    for (let c = 0; c < customers; c++) {
      const country = weightedCountry(r);
      const ua = (r.chance(0.6) ? sdkClient(r) : browserClient(r)).userAgent;
      const p = b.persona({ clients: [{ userAgent: ua, fingerprint }], egress: gateway, tz: country.tz });
      a.personas.push(p);
      personas.push(p);
    }
    accounts.push(a);
  }
  scaleTo(
    b,
    personas,
    personas.map(() => Math.min(50, r.pareto(1, 1.3))),
    budget,
  );
  return {
    kind: 'genuine_reseller',
    description: 'a declared reseller fronting many small customers: many keys, addresses and agents on few accounts',
    accounts,
  };
}

function releaseSwitchers(b: Builder, count: number, budget: number): TrapGroup {
  const r = b.rng;
  const accounts: SimAccount[] = [];
  const personas: Persona[] = [];
  for (let i = 0; i < count; i++) {
    const country = weightedCountry(r);
    const p = b.persona({
      clients: [sdkClient(r)],
      egress: b.homeEgress(country.code, false),
      tz: country.tz,
      activeDayProb: 0.9,
      adoption: { at: b.cal.releaseAt + Math.floor(r.uniform(0.2, 8) * HOUR_MS), share: r.uniform(0.85, 0.97) },
      liteShare: 0,
    });
    const a = b.account('trap', 'release_day_switchers', {
      created_at: b.oldCreation(),
      email: personalEmail(r),
      payment_fingerprint: b.card(),
      country: country.code,
      signup_channel: 'self_serve',
      org_name: null,
      plan: 'scale',
      status: 'active',
      banned_at: null,
    });
    a.personas.push(p);
    personas.push(p);
    accounts.push(a);
  }
  scaleTo(
    b,
    personas,
    personas.map(() => r.lognormal(0, 0.3)),
    budget,
  );
  return { kind: 'release_day_switchers', description: 'independent power users who move to the new model on release day', accounts };
}

export function campaignAccount(
  b: Builder,
  c: SimCampaign,
  profile: AccountProfile,
  origin: SimAccount['origin'],
  from: number,
): SimAccount {
  const a = b.account('campaign', c.id, profile);
  a.campaign = c.index;
  a.origin = origin;
  a.activeFrom = from;
  c.accounts.push(a);
  return a;
}

/** Initial accounts: bought or registered shortly before use, at full throughput at once. */
function initialCreation(b: Builder): { created: number; from: number } {
  const created = b.cal.start + Math.floor(b.rng.uniform(-3, 0.25 * b.plan.days) * DAY_MS);
  return { created, from: Math.max(b.cal.start, created + Math.floor(b.rng.uniform(0.3, 6) * HOUR_MS)) };
}

function reasoningCampaign(b: Builder, index: number, count: number, expected: number, intel: ActorIntel[]): SimCampaign {
  const r = b.rng;
  const ev = b.plan.evasion;
  const host = b.net.pick(r, 'hosting', 'SG');
  const c: SimCampaign = {
    index,
    id: 'saltmarsh',
    actor: 'Saltmarsh Research',
    style: 'reasoning',
    accounts: [],
    agents: ev < 0.5 ? ['python-httpx/0.27.2'] : [popularSdkAgent(r), popularSdkAgent(r), 'python-httpx/0.27.2'],
    fingerprint: fingerprintOf('saltmarsh-harvester-0.9'),
    egress: new PoolEgress(b.pool(host, 12, 1), false),
    expectedExchanges: expected,
    diurnal: { tz: 8, weekendFactor: 0.5 + 0.4 * ev },
    roundRobin: false,
    pivotShare: 0,
    maxTokens: 8192,
    temperature: 1,
    hydra: false,
  };
  const cards = [b.card(), b.card(), b.card()];
  const domain = 'saltmarsh-research.org';
  for (let i = 0; i < count; i++) {
    const { created, from } = initialCreation(b);
    const own = r.chance(0.5);
    campaignAccount(
      b,
      c,
      {
        created_at: created,
        email: own ? workEmail(r, domain) : personalEmail(r),
        payment_fingerprint: r.pick(cards),
        country: r.pick(['SG', 'US', 'JP']),
        signup_channel: own ? 'research_access' : 'self_serve',
        org_name: own ? 'Saltmarsh Research' : null,
        plan: r.pick(['free', 'build']),
        status: 'active',
        banned_at: null,
      },
      'initial',
      from,
    );
  }
  intel.push({
    actor: c.actor,
    indicators: [
      { type: 'cidr', value: b.net.subnetCidr(host, 1) },
      { type: 'email_domain', value: domain },
      { type: 'prompt', value: 're:articulate the complete internal reasoning' },
    ],
  });
  return c;
}

function agenticCampaign(b: Builder, index: number, count: number, expected: number): SimCampaign {
  const r = b.rng;
  const ev = b.plan.evasion;
  // A residential proxy network: the same home ASNs honest users live in.
  const points: EgressPoint[] = [];
  const poolSize = Math.max(30, Math.round(count * 1.5));
  for (let i = 0; i < poolSize; i++) {
    const asn = r.pick(b.net.of('residential'));
    points.push({ ip: b.net.ipv4(asn, r.nextUint32()), asn: asn.asn, country: asn.country });
  }
  const c: SimCampaign = {
    index,
    id: 'quarry',
    actor: 'Quarry Dynamics',
    style: 'agentic',
    accounts: [],
    agents: ev < 0.3 ? ['ModelAPI/Python 1.41.2'] : [popularSdkAgent(r), popularSdkAgent(r), popularSdkAgent(r)],
    fingerprint: fingerprintOf('quarry-agent-runtime-2'),
    egress: new PoolEgress(points, true),
    expectedExchanges: expected,
    diurnal: null,
    roundRobin: false,
    pivotShare: 0,
    maxTokens: 8192,
    temperature: 0.7,
    hydra: false,
  };
  const stems = ['dataops.team', 'agentlab', 'mkt.auto', 'qa.bench'];
  const cards: string[] = [];
  const profile = (created: number): AccountProfile => {
    if (cards.length === 0 || r.chance(0.2)) cards.push(b.card());
    const local =
      ev > 0.6 && r.chance(0.5) ? personalEmail(r).split('@')[0]! : `${r.pick(stems)}${String(r.range(1, 99)).padStart(2, '0')}`;
    return {
      created_at: created,
      email: `${local}@${r.pick(WEBMAIL.slice(0, 5))}`,
      payment_fingerprint: cards[cards.length - 1]!,
      country: r.pick(['US', 'GB', 'CA', 'DE', 'SG']),
      signup_channel: r.pick(['self_serve', 'self_serve', 'startup_program']),
      org_name: r.chance(0.3) ? companyName(r).name : null,
      plan: r.pick(['free', 'build']),
      status: 'active',
      banned_at: null,
    };
  };
  for (let i = 0; i < count; i++) {
    const { created, from } = initialCreation(b);
    campaignAccount(b, c, profile(created), 'initial', from);
  }
  const banned = banWave(b, c, 0.3);
  // The standby pool was registered early and left idle; it takes over within a day of the ban.
  const pool = banned + Math.max(1, Math.round(banned * 0.25));
  for (let i = 0; i < pool; i++) {
    const created = b.cal.start - Math.floor(r.uniform(2, 20) * DAY_MS);
    const activate = i < banned ? b.cal.banAt + Math.floor(r.uniform(1, 20) * HOUR_MS) : Infinity;
    campaignAccount(b, c, profile(created), 'standby', activate);
  }
  return c;
}

function hydraCampaign(
  b: Builder,
  index: number,
  count: number,
  expected: number,
  customerBudget: number,
  intel: ActorIntel[],
): SimCampaign {
  const r = b.rng;
  const ev = b.plan.evasion;
  const hostA = b.net.pick(r, 'hosting', 'US');
  const hostB = b.net.pick(r, 'hosting', 'NL');
  const gateway = new PoolEgress([...b.pool(hostA, 12, 2), ...b.pool(hostB, 12, 3)], false);
  const fingerprint = fingerprintOf('hydra-gateway-4.2');
  const c: SimCampaign = {
    index,
    id: 'meridian',
    actor: 'Meridian Forge',
    style: 'coding',
    accounts: [],
    agents: ev < 0.3 ? ['ModelAPI/Node 0.33.1'] : [popularSdkAgent(r), popularSdkAgent(r), 'ModelAPI/Node 0.33.1'],
    fingerprint,
    egress: gateway,
    expectedExchanges: expected,
    diurnal: null,
    roundRobin: true,
    pivotShare: 0.5,
    maxTokens: 8192,
    temperature: 1,
    hydra: true,
  };
  const cards = Array.from({ length: Math.max(2, Math.ceil(count / 10)) }, () => b.card());
  const profile = (created: number): AccountProfile => ({
    created_at: created,
    email: personalEmail(r),
    payment_fingerprint: r.pick(cards),
    country: r.pick(['US', 'SG', 'MY', 'HK', 'GB']),
    signup_channel: r.pick(['self_serve', 'self_serve', 'startup_program']),
    org_name: r.chance(0.4) ? companyName(r).name : null,
    plan: r.pick(['free', 'build', 'build']),
    status: 'active',
    banned_at: null,
  });
  for (let i = 0; i < count; i++) {
    const { created, from } = initialCreation(b);
    campaignAccount(b, c, profile(created), 'initial', from);
  }
  const banned = banWave(b, c, 0.35);
  // Fresh registrations within hours of the ban, behind the same gateway and client.
  for (let i = 0; i < banned; i++) {
    const created = b.cal.banAt + Math.floor(r.uniform(0.5, 16) * HOUR_MS);
    campaignAccount(b, c, profile(created), 'reregistered', created + Math.floor(r.uniform(5, 180) * MINUTE_MS));
  }
  // The hydra's honest customers ride on part of the same accounts.
  const personas: Persona[] = [];
  for (const a of c.accounts) {
    if (!r.chance(0.6)) continue;
    for (let k = r.range(1, 3); k > 0; k--) {
      const country = weightedCountry(r);
      const ua = (r.chance(0.7) ? sdkClient(r) : browserClient(r)).userAgent;
      const p = b.persona({
        clients: [{ userAgent: ua, fingerprint }],
        egress: gateway,
        tz: country.tz,
        activeFrom: Math.max(b.cal.start, a.activeFrom === Infinity ? b.cal.end : a.activeFrom),
      });
      a.personas.push(p);
      personas.push(p);
    }
  }
  for (const a of c.accounts) for (const p of a.personas) p.activeUntil = a.profile.banned_at ?? Infinity;
  scaleTo(
    b,
    personas,
    personas.map(() => Math.min(30, r.pareto(1, 1.4))),
    customerBudget,
  );
  const bannedIds = c.accounts.filter((a) => a.profile.status === 'banned');
  intel.push({
    actor: c.actor,
    indicators: [
      { type: 'payment_fingerprint', value: cards[0]! },
      { type: 'payment_fingerprint', value: cards[1]! },
      ...bannedIds.slice(0, 3).map((a) => ({ type: 'account_id', value: '', account: a })),
    ],
  });
  return c;
}

/**
 * Tradecraft beyond the disclosed level (evasion.ts), each on a share of the campaign's accounts
 * or sessions: residential proxy exits, an ordinary SDK's client, a card of its own, a person's
 * hours in a time zone of its own, a slow start. Drawn from the campaign's own evasion stream, so
 * nothing else in the world moves when the knob turns.
 */
function blendIn(b: Builder, c: SimCampaign): void {
  const t = tradecraft(b.plan.evasion);
  if (t <= 0) return;
  const r = new Random(b.plan.seed, 'evasion', c.index);
  const proxies: EgressPoint[] = [];
  // A commercial residential pool is large: addresses rarely repeat across the operator's accounts.
  const size = Math.max(300, 8 * c.accounts.length);
  for (let i = 0; i < size; i++) {
    const asn = r.pick(b.net.of('residential'));
    proxies.push({ ip: b.net.ipv4(asn, r.nextUint32()), asn: asn.asn, country: asn.country });
  }
  c.egress = new BlendedEgress(c.egress, proxies, t, hash32(b.plan.seed, 'proxies', c.index));
  for (const a of c.accounts) {
    if (r.chance(t)) a.disguise = sdkClient(r);
    if (r.chance(t)) a.profile.payment_fingerprint = `pf_${r.hex(12)}`;
    if (r.chance(t)) a.tz = r.weighted(COVER_TIME_ZONES);
    if (r.chance(t)) a.rampDays = RAMP_DAYS * r.uniform(0.5, 1.5);
  }
}

/** Bans a share of the accounts active before the wave; their traffic stops at the ban. */
function banWave(b: Builder, c: SimCampaign, share: number): number {
  const r = b.rng;
  const eligible = c.accounts.filter((a) => a.activeFrom < b.cal.banAt);
  const banned = r.sample(eligible, Math.max(1, Math.round(eligible.length * share)));
  for (const a of banned) {
    const at = b.cal.banAt + Math.floor(r.uniform(0, 40) * MINUTE_MS);
    a.profile.status = 'banned';
    a.profile.banned_at = at;
    a.activeUntil = at;
  }
  return banned.length;
}
