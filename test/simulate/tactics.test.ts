import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCalendar } from '../../src/simulate/calendar.js';
import { generateDay } from '../../src/simulate/day.js';
import { Network } from '../../src/simulate/network.js';
import { buildWorld } from '../../src/simulate/world.js';
import { makePlan } from '../../src/simulate/preset.js';
import { simulate } from '../../src/simulate/index.js';
import { TACTIC_NAMES, parseTactics } from '../../src/simulate/tactics.js';
import type { Truth } from '../../src/simulate/truth.js';
import { runCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';
import { parseCsv, readExport, type ReadExchange } from './read-export.js';

const SEED = 11;
const OPERATORS = ['saltmarsh', 'quarry', 'meridian'];

interface Run {
  dir: string;
  truth: Truth;
  exchanges: ReadExchange[];
  accounts: Map<string, Record<string, string>>;
  indicators: { actors: { name: string; indicators: { type: string; value: string }[] }[] };
  /** Exchanges of each campaign's accounts that carry no honest customers (their every exchange is the campaign's). */
  pure: Map<string, ReadExchange[]>;
}

async function run(tactics?: string, seed = SEED): Promise<Run> {
  const dir = scratchDir('sim-tactics-');
  await simulate(makePlan({ preset: 'tiny', seed, tactics }), { out: dir, force: false });
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
  const exchanges = readExport(dir).flatMap((f) => f.exchanges);
  const [header, ...rows] = parseCsv(readFileSync(join(dir, 'accounts.csv'), 'utf8'));
  const accounts = new Map(rows.filter((r) => r.length > 1).map((r) => [r[0]!, Object.fromEntries(header!.map((h, i) => [h, r[i]!]))]));
  const owner = new Map<string, string>();
  for (const c of truth.campaigns) {
    const mixed = new Set(c.mixed_accounts.map((m) => m.account_id));
    for (const a of c.accounts) if (!mixed.has(a)) owner.set(a, c.id);
  }
  const pure = new Map<string, ReadExchange[]>();
  for (const e of exchanges) {
    const c = owner.get(e.account_id);
    if (c) pure.set(c, [...(pure.get(c) ?? []), e]);
  }
  const indicators = JSON.parse(readFileSync(join(dir, 'indicators.json'), 'utf8')) as Run['indicators'];
  return { dir, truth, exchanges, accounts, indicators, pure };
}

const campaign = (r: Run, id: string) => r.truth.campaigns.find((c) => c.id === id)!;
const operatorAccounts = (r: Run) => OPERATORS.flatMap((id) => campaign(r, id).accounts);
const operatorExchanges = (r: Run) => OPERATORS.flatMap((id) => r.pure.get(id) ?? []);
const subnet = (ip: string) => ip.slice(0, ip.lastIndexOf('.'));
const topShare = (xs: string[]) => {
  const n = new Map<string, number>();
  for (const x of xs) n.set(x, (n.get(x) ?? 0) + 1);
  return Math.max(...n.values()) / xs.length;
};
/** The words a frame is made of: the first six and last three of the prompt. */
const frame = (p: string) => {
  const w = p.toLowerCase().split(/\s+/).filter(Boolean);
  return `${w.slice(0, 6).join(' ')} … ${w.slice(-3).join(' ')}`;
};

let base: Run;
let all: Run;
let paraphrased: Run;

beforeAll(async () => {
  base = await run();
  all = await run('all');
  paraphrased = await run('paraphrase');
}, 120_000);

describe('--tactics', () => {
  it('parses names, all and none, in one order, and refuses an unknown name', () => {
    expect(parseTactics(undefined)).toEqual([]);
    expect(parseTactics('cardless, residential-proxy,cardless')).toEqual(['residential-proxy', 'cardless']);
    expect(parseTactics('all')).toEqual(TACTIC_NAMES);
    expect(parseTactics('none')).toEqual([]);
    expect(() => parseTactics('teleport')).toThrow('--tactics: "teleport" is not one of residential-proxy, aged-accounts');
    const bad = runCli(['simulate', '--tactics', 'teleport', '--out', scratchDir('sim-tactics-')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--tactics: "teleport"');
    const out = scratchDir('sim-tactics-');
    const good = runCli(['simulate', '--tactics', 'cardless,small-campaign', '--out', out, '--quiet']);
    expect(good.code, good.stderr).toBe(0);
    expect((JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8')) as Truth).generator.tactics).toEqual(['cardless', 'small-campaign']);
  });

  it('records the tactics in truth.json, and only when some are on', () => {
    expect(all.truth.generator.tactics).toEqual([...TACTIC_NAMES]);
    expect(base.truth.generator).not.toHaveProperty('tactics');
  });

  it('residential-proxy: every request of an operator account from a /24 the account has not used before, on consumer networks', () => {
    const kind = new Map(new Network(SEED).asns.map((a) => [a.asn, a.kind]));
    const xs = operatorExchanges(all);
    expect(xs.length).toBeGreaterThan(300);
    const byAccount = new Map<string, string[]>();
    for (const e of xs) byAccount.set(e.account_id, [...(byAccount.get(e.account_id) ?? []), subnet(e.ip)]);
    for (const [account, nets] of byAccount) expect(new Set(nets).size, account).toBe(nets.length);
    expect(new Set(xs.map((e) => kind.get(e.asn)))).toEqual(new Set(['residential', 'mobile']));
    // Without the tactic the operators use a few hosting blocks.
    expect(new Set(operatorExchanges(base).map((e) => subnet(e.ip))).size).toBeLessThan(0.3 * operatorExchanges(base).length);
  });

  it('aged-accounts: operator accounts created 60 days or more before the period, through the channels and providers ordinary customers use', () => {
    const start = Date.parse(all.truth.period.start);
    const profiles = operatorAccounts(all).map((a) => all.accounts.get(a)!);
    for (const p of profiles) expect(start - Date.parse(p.created_at)).toBeGreaterThanOrEqual(60 * 86_400_000);
    expect(new Set(profiles.map((p) => p.signup_channel)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(profiles.map((p) => p.email.split('@')[1])).size).toBeGreaterThanOrEqual(5);
    const baseAges = operatorAccounts(base).map((a) => start - Date.parse(base.accounts.get(a)!.created_at));
    expect(Math.min(...baseAges)).toBeLessThan(60 * 86_400_000);
  });

  it('cardless: no operator account has a payment fingerprint; the reseller keeps its four cards, two of them named', () => {
    for (const a of operatorAccounts(all)) expect(all.accounts.get(a)!.payment_fingerprint, a).toBe('');
    expect(operatorAccounts(base).every((a) => base.accounts.get(a)!.payment_fingerprint !== '')).toBe(true);
    const cards = new Set(campaign(all, 'lattice').accounts.map((a) => all.accounts.get(a)!.payment_fingerprint));
    expect(cards.size).toBe(4);
    const named = all.indicators.actors.find((x) => x.name === 'Lattice Relay')!.indicators;
    expect(named.map((i) => i.type)).toEqual(['payment_fingerprint', 'payment_fingerprint']);
    for (const i of named) expect(cards.has(i.value)).toBe(true);
  });

  it('human-timing: operator accounts take days off, where the operators used every account every day', () => {
    // Accounts in service from the first day to the last: the share of their days without a campaign exchange.
    const idle = (r: Run) => {
      const days = new Map<string, Set<number>>();
      for (const e of operatorExchanges(r))
        days.set(e.account_id, (days.get(e.account_id) ?? new Set()).add(Math.floor(e.ts / 86_400_000)));
      const all = [...days.values()].flatMap((d) => [...d]);
      const first = Math.min(...all);
      const last = Math.max(...all);
      const whole = [...days.values()].filter((d) => d.has(first) && d.has(last));
      return {
        accounts: whole.length,
        idle: whole.reduce((s, d) => s + (last - first + 1 - d.size), 0) / (whole.length * (last - first + 1)),
      };
    };
    expect(idle(base).accounts).toBeGreaterThanOrEqual(5);
    expect(idle(base).idle).toBeLessThan(0.05);
    expect(idle(all).accounts).toBeGreaterThanOrEqual(5);
    expect(idle(all).idle).toBeGreaterThan(0.15);
  });

  it('paraphrase: no frame or system prompt of the operators repeats much; without it one frame carries a large share', () => {
    for (const id of OPERATORS) {
      const frames = (r: Run) => r.pure.get(id)!.map((e) => frame(e.prompt));
      expect(topShare(frames(base)), id).toBeGreaterThan(0.08);
      expect(topShare(frames(all)), id).toBeLessThan(0.02);
    }
    const systems = operatorExchanges(all)
      .map((e) => e.system_prompt)
      .filter((s): s is string => s !== null);
    expect(systems).toEqual([]);
    // With paraphrase alone the reasoning operator keeps its analyst system prompt, reworded each time.
    const sys = paraphrased.pure
      .get('saltmarsh')!
      .map((e) => e.system_prompt)
      .filter((s): s is string => s !== null);
    expect(sys.length).toBeGreaterThan(20);
    expect(topShare(sys)).toBeLessThan(0.1);
  });

  it('broad-harvest: single-turn expert questions without tools or reasoning elicitation, answers long', () => {
    const xs = operatorExchanges(all);
    for (const e of xs) {
      expect(e.tools).toBeNull();
      expect(e.turn).toBe(1);
      expect(e.prompt).not.toMatch(/step by step|chain of thought|internal reasoning|rubric|debug mode/i);
      expect(e.output_tokens).toBeGreaterThanOrEqual(0.2 * e.max_tokens! - 1);
    }
    for (const id of OPERATORS) expect(campaign(all, id).focus).toEqual(['general']);
  });

  it('reseller-mix: a campaign whose every account also carries customers, one TLS fingerprint, rotating over four cloud /24s', () => {
    const c = campaign(all, 'lattice');
    expect(c.account_count).toBe(6);
    expect(c.mixed_accounts.map((m) => m.account_id)).toEqual(c.accounts);
    for (const m of c.mixed_accounts) expect(m.honest_exchanges).toBeGreaterThan(0);
    const mine = new Set(c.accounts);
    const xs = all.exchanges.filter((e) => mine.has(e.account_id));
    expect(new Set(xs.map((e) => e.client_fingerprint)).size).toBe(1);
    expect(new Set(xs.map((e) => subnet(e.ip))).size).toBe(4);
    expect(new Set(xs.map((e) => e.ip)).size).toBeGreaterThan(20);
  });

  it('small-campaign: three accounts, 40 to 80 exchanges, named by an account id, its /24, its user agent and a prompt pattern', () => {
    const c = campaign(all, 'tern');
    expect(c.account_count).toBe(3);
    expect(c.exchanges).toBeGreaterThanOrEqual(30);
    expect(c.exchanges).toBeLessThanOrEqual(100);
    const named = all.indicators.actors.find((x) => x.name === 'Tern Labs')!.indicators;
    expect(named.map((i) => i.type)).toEqual(['account_id', 'cidr', 'user_agent', 'prompt']);
    expect(c.accounts).toContain(named[0]!.value);
    const xs = all.pure.get('tern')!;
    expect(xs).toHaveLength(c.exchanges);
    for (const e of xs) {
      expect(`${subnet(e.ip)}.0/24`).toBe(named[1]!.value);
      expect(e.user_agent).toMatch(new RegExp(named[2]!.value.slice(3)));
      expect(e.prompt).toMatch(new RegExp(named[3]!.value.slice(3)));
    }
  });

  it('honest-cohort: a hackathon and a classroom in truth.json as traps, never as campaigns, opened together and sharing a starter template', () => {
    const inCampaign = new Set(all.truth.campaigns.flatMap((c) => c.accounts));
    for (const kind of ['hackathon_cohort', 'classroom_cohort']) {
      const t = all.truth.traps.find((x) => x.kind === kind)!;
      expect(t.accounts.length, kind).toBe(kind === 'hackathon_cohort' ? 8 : 12);
      for (const a of t.accounts) expect(inCampaign.has(a)).toBe(false);
      const created = t.accounts.map((a) => Date.parse(all.accounts.get(a)!.created_at));
      expect(Math.max(...created) - Math.min(...created)).toBeLessThan(3 * 3_600_000);
      const mine = new Set(t.accounts);
      const systems = all.exchanges.filter((e) => mine.has(e.account_id)).map((e) => e.system_prompt);
      expect(new Set(systems).size, kind).toBe(1);
    }
    expect(base.truth.traps.map((t) => t.kind)).not.toContain('hackathon_cohort');
  });
});

describe('tactics, one at a time', () => {
  it('an operator tactic leaves every honest exchange as it was', () => {
    // Compared as generated (the planted malformed records of a file depend on all its exchanges).
    const honest = (tactics?: string) => {
      const plan = makePlan({ preset: 'tiny', seed: SEED, tactics });
      const world = buildWorld(plan, makeCalendar(plan));
      const campaignAccounts = new Set(world.campaigns.flatMap((c) => c.accounts.map((a) => a.id)));
      const out: string[] = [];
      for (let day = 0; day < plan.days; day++) {
        for (const e of generateDay(world, day)) if (!campaignAccounts.has(e.account_id)) out.push(JSON.stringify(e));
      }
      return out.sort();
    };
    const before = honest();
    expect(before.length).toBeGreaterThan(1000);
    expect(honest('residential-proxy,aged-accounts,human-timing,paraphrase,broad-harvest,cardless')).toEqual(before);
  }, 60_000);

  it('is deterministic by seed: the same arguments give the same bytes, another seed other bytes', async () => {
    const again = await run('all');
    for (const f of ['truth.json', 'accounts.csv', 'indicators.json']) {
      expect(readFileSync(join(again.dir, f)).equals(readFileSync(join(all.dir, f))), f).toBe(true);
    }
    expect(again.exchanges).toEqual(all.exchanges);
    const other = await run('all', SEED + 1);
    expect(readFileSync(join(other.dir, 'truth.json')).equals(readFileSync(join(all.dir, 'truth.json')))).toBe(false);
  }, 60_000);
});
