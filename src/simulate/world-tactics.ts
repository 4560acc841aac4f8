import type { AccountProfile, SimAccount } from './account.js';
import type { Persona } from './behaviour/persona.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, weekday } from './calendar.js';
import type { SimCampaign, TrapGroup } from './campaign.js';
import { browserClient, fingerprintOf, sdkClient, type Client } from './client.js';
import { PoolEgress, RotatingProxyEgress, type EgressPoint } from './egress.js';
import { COUNTRIES, type Asn } from './network.js';
import { companyName, personalEmail, workEmail } from './names.js';
import { hash32, Random } from './random.js';
import type { Tactic } from './tactics.js';
import { CLASSROOM_SYSTEM, HACKATHON_SYSTEM, classroomPrompt, hackathonPrompt } from './text/cohort.js';
import { REFERENCE_PATTERN } from './text/harvest.js';
import { campaignAccount, scaleTo, weightedCountry, type ActorIntel, type Builder } from './world.js';

/** Share of the campaign exchange budget the reseller's harvesting adds (on top of the three operators'). */
const RESELLER_CAMPAIGN_SHARE = 0.1;
/** Share of the honest budget its genuine customers add. */
const RESELLER_CUSTOMER_SHARE = 0.05;
/** Share of the honest budget each honest cohort adds. */
const COHORT_SHARE = 0.03;
/** A consumer proxy pool is mostly home broadband with some mobile exits. */
const PROXY_MOBILE_SHARE = 0.2;

interface WorldParts {
  campaigns: SimCampaign[];
  traps: TrapGroup[];
  intel: ActorIntel[];
  /** Expected honest exchanges and campaign exchanges of the preset. */
  honest: number;
  campaignTotal: number;
}

/**
 * Applies the plan's tactics (tactics.ts) to a built world: operator tactics change the three
 * disclosed-style operators in place, each from a random stream of its own; actor and trap tactics
 * add accounts (after every other account, so no earlier account changes index).
 */
export function applyTactics(b: Builder, parts: WorldParts): void {
  const on = new Set<Tactic>(b.plan.tactics);
  if (on.size === 0) return;
  const operators = [...parts.campaigns];
  const accounts = operators.flatMap((c) => c.accounts);
  const stream = (t: Tactic) => new Random(b.plan.seed, 'tactic', t);

  if (on.has('residential-proxy')) {
    const networks = consumerNetworks(b);
    for (const c of operators) c.egress = new RotatingProxyEgress(b.net, hash32(b.plan.seed, 'residential-proxy', c.index), networks);
  }
  if (on.has('aged-accounts')) {
    const r = stream('aged-accounts');
    for (const a of accounts) agedProfile(b, r, a.profile);
  }
  if (on.has('human-timing')) {
    const r = stream('human-timing');
    for (const a of accounts) {
      a.tz = weightedCountry(r).tz;
      a.rest = { weekday: r.uniform(0.1, 0.3), weekend: r.uniform(0.4, 0.8) };
    }
  }
  if (on.has('paraphrase')) for (const c of operators) c.paraphrase = true;
  if (on.has('broad-harvest')) for (const c of operators) c.style = 'broad';
  if (on.has('cardless')) for (const a of accounts) a.profile.payment_fingerprint = null;

  if (on.has('reseller-mix')) {
    parts.campaigns.push(
      resellerCampaign(
        b,
        parts.campaigns.length,
        parts.campaignTotal * RESELLER_CAMPAIGN_SHARE,
        parts.honest * RESELLER_CUSTOMER_SHARE,
        parts.intel,
      ),
    );
  }
  if (on.has('small-campaign')) parts.campaigns.push(smallCampaign(b, parts.campaigns.length, parts.intel));
  if (on.has('honest-cohort')) {
    parts.traps.push(hackathon(b, 8 * b.plan.size.trapScale, parts.honest * COHORT_SHARE));
    parts.traps.push(classroom(b, 12 * b.plan.size.trapScale, parts.honest * COHORT_SHARE));
  }
}

/** Consumer networks weighted by where the population lives: a proxy seller's exits look like its customers' neighbours. */
function consumerNetworks(b: Builder): (readonly [Asn, number])[] {
  const weight = new Map<string, number>();
  for (const c of COUNTRIES) weight.set(c.code, (weight.get(c.code) ?? 0) + c.weight);
  const of = (kind: 'residential' | 'mobile', share: number) => {
    const list = b.net.of(kind);
    const perCountry = new Map<string, number>();
    for (const asn of list) perCountry.set(asn.country, (perCountry.get(asn.country) ?? 0) + 1);
    return list.map((asn) => [asn, (share * (weight.get(asn.country) ?? 0)) / perCountry.get(asn.country)!] as const);
  };
  return [...of('residential', 1 - PROXY_MOBILE_SHARE), ...of('mobile', PROXY_MOBILE_SHARE)];
}

/** An account bought on a marketplace or aged in advance: an ordinary-looking customer's sign-up, long before use. */
function agedProfile(b: Builder, r: Random, p: AccountProfile): void {
  p.created_at = b.cal.start - Math.floor(r.uniform(60, 900) * DAY_MS);
  const company = r.chance(0.25) ? companyName(r) : null;
  p.email = company ? workEmail(r, company.domain) : personalEmail(r);
  p.org_name = company ? company.name : null;
  p.country = weightedCountry(r).code;
  p.signup_channel = r.weighted([
    ['self_serve', 80],
    ['startup_program', 8],
    ['education', 7],
    ['research_access', 2],
    ['partner', 3],
  ] as const);
}

function resellerCampaign(b: Builder, index: number, expected: number, customerBudget: number, intel: ActorIntel[]): SimCampaign {
  const r = new Random(b.plan.seed, 'tactic', 'reseller-mix');
  const hosts = r.sample(b.net.of('hosting'), 3);
  // Rotating cloud exits: four /24s on three hosting networks, a new address for every request.
  const points: EgressPoint[] = [];
  for (let s = 0; s < 4; s++) points.push(...b.pool(hosts[s % hosts.length]!, 10, 20 + s));
  const egress = new PoolEgress(points, false);
  const fingerprint = fingerprintOf('lattice-relay-edge-3.1');
  const c: SimCampaign = {
    index,
    id: 'lattice',
    actor: 'Lattice Relay',
    style: 'reseller',
    accounts: [],
    agents: ['ModelAPI/Python 1.43.0', 'ModelAPI/Node 0.35.0'],
    fingerprint,
    egress,
    expectedExchanges: expected,
    diurnal: null,
    roundRobin: true,
    pivotShare: 0,
    maxTokens: 4096,
    temperature: 0.7,
    hydra: true,
  };
  const cards = Array.from({ length: 4 }, () => `pf_${r.hex(12)}`);
  const count = Math.min(40, 6 * b.plan.size.trapScale);
  for (let i = 0; i < count; i++) {
    const declared = r.chance(0.5);
    campaignAccount(
      b,
      c,
      {
        created_at: b.cal.start - Math.floor(r.uniform(30, 500) * DAY_MS),
        email: declared ? workEmail(r, 'latticerelay.io') : personalEmail(r),
        payment_fingerprint: cards[i % cards.length]!,
        country: r.pick(['HK', 'SG', 'US', 'NL']),
        signup_channel: declared ? 'reseller' : r.pick(['self_serve', 'startup_program']),
        org_name: declared ? 'Lattice Relay' : null,
        plan: r.pick(['build', 'scale', 'scale']),
        status: 'active',
        banned_at: null,
      },
      'initial',
      b.cal.start,
    );
  }
  // Its genuine customers ride on every account, through the same edge (one TLS fingerprint) and exits.
  const personas: Persona[] = [];
  for (const a of c.accounts) {
    for (let k = r.range(3, 12); k > 0; k--) {
      const country = weightedCountry(r);
      const ua = (r.chance(0.7) ? sdkClient(r) : browserClient(r)).userAgent;
      const p = b.persona({ clients: [{ userAgent: ua, fingerprint }], egress, tz: country.tz });
      a.personas.push(p);
      personas.push(p);
    }
  }
  scaleTo(
    b,
    personas,
    personas.map(() => Math.min(30, r.pareto(1, 1.3))),
    customerBudget,
  );
  intel.push({
    actor: c.actor,
    indicators: [
      { type: 'payment_fingerprint', value: cards[0]! },
      { type: 'payment_fingerprint', value: cards[2]! },
    ],
  });
  return c;
}

function smallCampaign(b: Builder, index: number, intel: ActorIntel[]): SimCampaign {
  const r = new Random(b.plan.seed, 'tactic', 'small-campaign');
  const host = r.pick(b.net.of('hosting'));
  const agent = 'tern-client/1.2.0';
  const c: SimCampaign = {
    index,
    id: 'tern',
    actor: 'Tern Labs',
    style: 'reference',
    accounts: [],
    agents: [agent],
    fingerprint: fingerprintOf('tern-client-cpython311'),
    egress: new PoolEgress(b.pool(host, 3, 4), false),
    expectedExchanges: r.range(40, 80),
    diurnal: { tz: 1, weekendFactor: 0.3 },
    roundRobin: false,
    pivotShare: 0,
    maxTokens: 4096,
    temperature: 0.3,
    hydra: false,
  };
  for (let i = 0; i < 3; i++) {
    campaignAccount(
      b,
      c,
      {
        created_at: b.cal.start - Math.floor(r.uniform(2, 30) * DAY_MS),
        email: personalEmail(r),
        payment_fingerprint: `pf_${r.hex(12)}`,
        country: 'DE',
        signup_channel: 'self_serve',
        org_name: null,
        plan: 'build',
        status: 'active',
        banned_at: null,
      },
      'initial',
      b.cal.start,
    );
  }
  intel.push({
    actor: c.actor,
    indicators: [
      { type: 'account_id', value: '', account: c.accounts[0]! },
      { type: 'cidr', value: b.net.subnetCidr(host, 4) },
      { type: 'user_agent', value: 're:^tern-client/' },
      { type: 'prompt', value: `re:${REFERENCE_PATTERN}` },
    ],
  });
  return c;
}

/**
 * A weekend hackathon: participants open accounts on the event morning with the event's credits
 * (no card), all run the starter kit (one client, one system prompt, its example calls) from the
 * venue's network for two days, and about half keep going from home, lightly, afterwards.
 */
function hackathon(b: Builder, count: number, budget: number): TrapGroup {
  const r = new Random(b.plan.seed, 'tactic', 'honest-cohort', 'hackathon');
  const day = Math.min(5, b.plan.days - 2);
  const start = b.cal.start + day * DAY_MS + 8 * HOUR_MS;
  const end = start + 34 * HOUR_MS;
  const venue = new PoolEgress(b.pool(b.net.of('education')[0]!, 4, 7), false);
  const kit: Client = { userAgent: 'ModelAPI/Python 1.43.0 hackkit/0.4', fingerprint: fingerprintOf('openssl3-cpython312') };
  const event: Persona[] = [];
  const after: Persona[] = [];
  const accounts: SimAccount[] = [];
  for (let i = 0; i < count; i++) {
    const created = start + Math.floor(r.uniform(0, 150) * MINUTE_MS);
    const student = r.chance(0.4);
    const a = b.account('trap', 'hackathon_cohort', {
      created_at: created,
      email: student ? workEmail(r, 'student.amstelhaven.nl') : personalEmail(r),
      payment_fingerprint: r.chance(0.2) ? `pf_${r.hex(12)}` : null,
      country: r.chance(0.85) ? 'NL' : r.pick(['DE', 'BE', 'GB']),
      signup_channel: student ? 'education' : 'startup_program',
      org_name: null,
      plan: 'free',
      status: 'active',
      banned_at: null,
    });
    const common = {
      clients: [kit],
      tz: 1,
      systemPrompt: HACKATHON_SYSTEM,
      prompt: hackathonPrompt,
      turnsMean: 2.5,
      maxTokens: 1024,
      temperature: 0.7,
      liteShare: 0,
      adoption: null,
    };
    const p = b.persona({
      ...common,
      egress: venue,
      activeFrom: created + Math.floor(r.uniform(5, 40) * MINUTE_MS),
      activeUntil: end,
      activeDayProb: 1,
      weekendFactor: 1,
    });
    a.personas.push(p);
    event.push(p);
    if (r.chance(0.5)) {
      const q = b.persona({ ...common, egress: b.homeEgress(a.profile.country, false), activeFrom: end, activeDayProb: 0.3 });
      a.personas.push(q);
      after.push(q);
    }
    accounts.push(a);
  }
  scaleTo(
    b,
    event,
    event.map(() => r.lognormal(0, 0.5)),
    budget * 0.7,
  );
  scaleTo(
    b,
    after,
    after.map(() => r.lognormal(0, 0.8)),
    budget * 0.3,
  );
  return {
    kind: 'hackathon_cohort',
    description:
      'hackathon participants: accounts opened on the event morning, one starter kit (client and system prompt), the venue network, then some from home',
    accounts,
  };
}

/** Lab days of the course: Tuesday and Thursday. */
const LAB_DAYS = new Set([1, 3]);

/**
 * A programming course: students open accounts together in the first lab session with the college's
 * education credits, use the course notebook (one client, one system prompt, the exercise wording)
 * in the campus lab on lab days and from home in between.
 */
function classroom(b: Builder, count: number, budget: number): TrapGroup {
  const r = new Random(b.plan.seed, 'tactic', 'honest-cohort', 'classroom');
  const session = b.cal.start + DAY_MS + 19 * HOUR_MS;
  const lab = new PoolEgress(b.pool(b.net.of('education', 'US')[0]!, 6, 9), false);
  const notebook: Client = { userAgent: 'ModelAPI/Python 1.41.2', fingerprint: fingerprintOf('openssl3-cpython311') };
  const onLab = (day: number) => LAB_DAYS.has(weekday(b.cal, day));
  const personas: Persona[] = [];
  const weights: number[] = [];
  const accounts: SimAccount[] = [];
  for (let i = 0; i < count; i++) {
    const created = session + Math.floor(r.uniform(0, 90) * MINUTE_MS);
    const a = b.account('trap', 'classroom_cohort', {
      created_at: created,
      email: workEmail(r, 'students.lakemont.edu'),
      payment_fingerprint: null,
      country: 'US',
      signup_channel: 'education',
      org_name: 'Lakemont College',
      plan: 'free',
      status: 'active',
      banned_at: null,
    });
    const common = {
      clients: [notebook],
      tz: -5,
      systemPrompt: CLASSROOM_SYSTEM,
      prompt: classroomPrompt,
      turnsMean: 2,
      maxTokens: 1024,
      temperature: null,
      liteShare: 0,
      adoption: null,
      activeFrom: created + 10 * MINUTE_MS,
    };
    // onDays decides the lab days; activeDayProb 0.4 (two weekdays in five) only tells scaleTo how many there are.
    const inLab = b.persona({ ...common, egress: lab, onDays: onLab, activeDayProb: 0.4, weekendFactor: 0 });
    const home = b.persona({ ...common, egress: b.homeEgress('US', false), activeDayProb: 0.3, weekendFactor: 0.6 });
    a.personas.push(inLab, home);
    personas.push(inLab, home);
    const keen = r.lognormal(0, 0.6);
    weights.push(keen, keen * 0.6);
    accounts.push(a);
  }
  scaleTo(b, personas, weights, budget);
  return {
    kind: 'classroom_cohort',
    description:
      'a programming class: accounts opened together in the first lab, the course notebook (client and system prompt), the campus lab on lab days, home otherwise',
    accounts,
  };
}
