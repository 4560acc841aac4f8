import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePlan } from '../../src/simulate/preset.js';
import { simulate } from '../../src/simulate/index.js';
import type { Truth } from '../../src/simulate/truth.js';
import { scratchDir } from '../helpers/scratch.js';
import { parseCsv, readExport, type ReadExchange, type ReadFile } from './read-export.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

let dir: string;
let truth: Truth;
let files: ReadFile[];
let all: ReadExchange[];
let byAccount: Map<string, ReadExchange[]>;
let accounts: Map<string, Record<string, string>>;
let labels: Map<string, string>;
let indicators: {
  actors: { name: string; indicators: { type: string; value: string }[] }[];
  model_releases: { model: string; released_at: string }[];
  enforcement: { account_id: string; at: string }[];
  sampling_rate: number;
};

beforeAll(async () => {
  dir = scratchDir('sim-truth-');
  await simulate(makePlan({ preset: 'small', seed: 11 }), { out: dir, force: false });
  truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
  files = readExport(dir);
  all = files.flatMap((f) => f.exchanges);
  byAccount = new Map();
  for (const e of all) byAccount.set(e.account_id, [...(byAccount.get(e.account_id) ?? []), e]);
  const [header, ...rows] = parseCsv(readFileSync(join(dir, 'accounts.csv'), 'utf8'));
  accounts = new Map(rows.map((r) => [r[0]!, Object.fromEntries(header!.map((h, i) => [h, r[i]!]))]));
  const labelRows = parseCsv(gunzipSync(readFileSync(join(dir, truth.labels.file))).toString('utf8')).slice(1);
  labels = new Map(labelRows.map((r) => [r[0]!, r[1]!]));
  indicators = JSON.parse(readFileSync(join(dir, 'indicators.json'), 'utf8'));
}, 120_000);

const campaign = (id: string) => truth.campaigns.find((c) => c.id === id)!;
const trap = (kind: string) => truth.traps.find((t) => t.kind === kind)!;
const campaignExchanges = (id: string) => {
  const c = campaign(id);
  const mixed = new Set(c.mixed_accounts.map((m) => m.account_id));
  return c.accounts.flatMap((a) => (byAccount.get(a) ?? []).filter((e) => !mixed.has(a) || labels.get(e.request_id) === id));
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('truth.json matches the files', () => {
  it('states per file the records, loadable exchanges, malformed and duplicate counts the files hold', () => {
    expect(files.map((f) => f.path)).toEqual(truth.files.map((f) => f.path).sort());
    for (const f of files) {
      const t = truth.files.find((x) => x.path === f.path)!;
      expect({ records: f.records, exchanges: f.exchanges.length, malformed: f.malformed, duplicates: f.duplicates }, f.path).toEqual({
        records: t.records,
        exchanges: t.exchanges,
        malformed: t.malformed,
        duplicates: t.duplicates,
      });
      expect(t.malformed).toBeGreaterThan(0);
      expect(t.duplicates).toBeGreaterThan(0);
    }
    expect(new Set(all.map((e) => e.request_id)).size).toBe(all.length);
    expect(truth.totals.exchanges).toBe(all.length);
    expect(truth.input.malformed).toBe(files.reduce((s, f) => s + f.malformed, 0));
  });

  it('varies the formats: canonical, aliased with epoch ms, gzip, CSV with commas, quotes and newlines in prompts', () => {
    const names = files.map((f) => f.path);
    expect(names.some((n) => n.endsWith('.ndjson'))).toBe(true);
    expect(names.some((n) => n.endsWith('.jsonl.gz'))).toBe(true);
    const csv = files.find((f) => f.path.endsWith('.csv'))!;
    expect(csv.exchanges.some((e) => e.prompt.includes('\n'))).toBe(true);
    expect(csv.exchanges.some((e) => e.prompt.includes('"'))).toBe(true);
    expect(csv.exchanges.some((e) => e.prompt.includes(','))).toBe(true);
    const aliased = readFileSync(join(dir, names.find((n) => n.endsWith('.ndjson'))!), 'utf8').split('\n')[0]!;
    expect(aliased).toMatch(/"timestamp":\d{13},"org_id":/);
    expect(aliased).toContain('"usage":{"input_tokens"');
  });

  it("counts each campaign's exchanges and accounts exactly, and the per-account split of mixed accounts", () => {
    for (const c of truth.campaigns) {
      expect(campaignExchanges(c.id).length, c.id).toBe(c.exchanges);
      expect(c.exchanges_unsampled).toBe(c.exchanges);
      for (const a of c.accounts) expect(campaignExchanges(c.id).some((e) => e.account_id === a)).toBe(true);
    }
    const hydra = campaign('meridian');
    expect(hydra.mixed_accounts.length).toBeGreaterThan(hydra.account_count / 3);
    for (const m of hydra.mixed_accounts) {
      const mine = byAccount.get(m.account_id) ?? [];
      expect(mine.every((e) => labels.has(e.request_id))).toBe(true);
      expect(mine.filter((e) => labels.get(e.request_id) === 'meridian').length).toBe(m.campaign_exchanges);
      expect(mine.filter((e) => labels.get(e.request_id) === '').length).toBe(m.honest_exchanges);
    }
    expect(hydra.mixed_accounts.filter((m) => m.campaign_exchanges > 0 && m.honest_exchanges > 0).length).toBeGreaterThan(10);
    for (const t of truth.traps)
      expect(
        t.accounts.reduce((s, a) => s + (byAccount.get(a)?.length ?? 0), 0),
        t.kind,
      ).toBe(t.exchanges);
  });
});

describe('campaign behaviours', () => {
  it('the hydra campaign moves about half its traffic to the new model within a day of its release; others stay', () => {
    const release = Date.parse(truth.model_release.released_at);
    const mine = campaignExchanges('meridian');
    expect(mine.filter((e) => e.ts < release && e.model === truth.model_release.model)).toHaveLength(0);
    const after = mine.filter((e) => e.ts >= release + DAY);
    const share = after.filter((e) => e.model === truth.model_release.model).length / after.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    const firstDay = mine.filter((e) => e.ts >= release && e.ts < release + DAY);
    expect(firstDay.filter((e) => e.model === truth.model_release.model).length / firstDay.length).toBeGreaterThan(0.25);
    for (const id of ['saltmarsh', 'quarry']) expect(campaignExchanges(id).some((e) => e.model === truth.model_release.model)).toBe(false);
  });

  it("after the ban wave, replacements appear within 24 h with the banned accounts' fingerprints; dormant standby stays silent", () => {
    const ban = Date.parse(truth.ban_wave.at);
    for (const id of ['quarry', 'meridian']) {
      const c = campaign(id);
      expect(c.banned_accounts.length).toBeGreaterThan(0);
      expect(c.replacement_accounts.length).toBe(c.banned_accounts.length);
      const bannedPrints = new Set(c.banned_accounts.flatMap((a) => (byAccount.get(a) ?? []).map((e) => e.client_fingerprint)));
      for (const r of c.replacement_accounts) {
        const first = Math.min(...(byAccount.get(r.account_id) ?? []).map((e) => e.ts));
        expect(first - ban, `${id} ${r.account_id}`).toBeGreaterThan(0);
        expect(first - ban).toBeLessThan(24 * HOUR);
        expect(r.hours_after_ban).toBeLessThan(24);
        const prints = new Set(
          campaignExchanges(id)
            .filter((e) => e.account_id === r.account_id)
            .map((e) => e.client_fingerprint),
        );
        expect([...prints].every((p) => bannedPrints.has(p))).toBe(true);
      }
      for (const b of c.banned_accounts) {
        const at = Date.parse(indicators.enforcement.find((x) => x.account_id === b)!.at);
        expect((byAccount.get(b) ?? []).every((e) => e.ts < at)).toBe(true);
        expect(accounts.get(b)!.status).toBe('banned');
      }
    }
    const reregistered = campaign('meridian').replacement_accounts;
    for (const r of reregistered) expect(Date.parse(r.created_at) - ban).toBeLessThan(24 * HOUR);
    const dormant = campaign('quarry').dormant_accounts;
    expect(dormant.length).toBeGreaterThan(0);
    for (const a of dormant) {
      expect(byAccount.has(a)).toBe(false);
      expect(accounts.has(a)).toBe(true);
    }
  });

  it('campaign accounts sit on cheap plans at full throughput from their first day', () => {
    for (const c of truth.campaigns) {
      for (const a of c.accounts) expect(['free', 'build']).toContain(accounts.get(a)!.plan);
      const ratios: number[] = [];
      for (const a of c.accounts) {
        const days = new Map<number, number>();
        for (const e of campaignExchanges(c.id).filter((x) => x.account_id === a))
          days.set(Math.floor(e.ts / DAY), (days.get(Math.floor(e.ts / DAY)) ?? 0) + 1);
        const created = Date.parse(accounts.get(a)!.created_at);
        const firstDay = Math.min(...days.keys());
        if (days.size < 3 || firstDay * DAY < created || firstDay === Math.floor(Date.parse(truth.period.start) / DAY)) continue;
        // A full first day only: an account that starts late in the day cannot show its rate.
        if (created > firstDay * DAY + 6 * HOUR) continue;
        ratios.push(days.get(firstDay)! / median([...days.values()]));
      }
      if (ratios.length > 0) expect(median(ratios), c.id).toBeGreaterThan(0.6);
    }
  });

  it("prompts follow each campaign's focus, are paraphrased, and tools are offered to the agentic ones", () => {
    const prompts = (id: string) =>
      campaignExchanges(id)
        .filter((e) => e.turn === 1)
        .map((e) => e.prompt);
    const reasoning = prompts('saltmarsh');
    expect(reasoning.some((p) => /internal reasoning/i.test(p))).toBe(true);
    expect(reasoning.some((p) => /rubric/i.test(p))).toBe(true);
    expect(reasoning.some((p) => /safe/i.test(p) && /sensitive|risky/i.test(p))).toBe(true);
    expect(campaignExchanges('saltmarsh').every((e) => e.tools === null && e.turn === 1)).toBe(true);
    expect(campaignExchanges('quarry').some((e) => e.tools?.includes('computer'))).toBe(true);
    expect(campaignExchanges('quarry').some((e) => e.turn > 1)).toBe(true);
    expect(campaignExchanges('meridian').every((e) => e.tools?.includes('run_tests'))).toBe(true);
    for (const id of ['saltmarsh', 'quarry', 'meridian']) {
      const p = prompts(id);
      // Exact matching alone must not be enough: almost every prompt text is unique.
      expect(new Set(p).size / p.length, id).toBeGreaterThan(0.8);
    }
  });

  it('the reasoning campaign mimics office hours; the others run around the clock', () => {
    const hours = (id: string) => new Set(campaignExchanges(id).map((e) => new Date(e.ts).getUTCHours()));
    expect(hours('quarry').size).toBe(24);
    expect(hours('meridian').size).toBe(24);
    const byHour = new Array(24).fill(0);
    for (const e of campaignExchanges('saltmarsh')) byHour[new Date(e.ts).getUTCHours()]++;
    // UTC+8 office hours are 01-09 UTC; its night (15-21 UTC) is quiet.
    const day = byHour.slice(1, 10).reduce((s, x) => s + x, 0);
    const night = byHour.slice(15, 22).reduce((s, x) => s + x, 0);
    expect(day).toBeGreaterThan(4 * night);
  });
});

describe('traps', () => {
  it('carrier NAT: unrelated accounts on three addresses', () => {
    const t = trap('carrier_nat');
    const ips = new Set(t.accounts.flatMap((a) => byAccount.get(a)!.map((e) => e.ip)));
    expect(t.accounts.length).toBeGreaterThanOrEqual(6);
    expect(ips.size).toBeLessThanOrEqual(3);
    expect(new Set(t.accounts.map((a) => accounts.get(a)!.email.split('@')[1])).size).toBeGreaterThan(1);
  });

  it('corporate NAT: one /24, one SDK build, one system prompt, one company domain', () => {
    const ex = trap('corporate_nat').accounts.flatMap((a) => byAccount.get(a)!);
    expect(new Set(ex.map((e) => e.ip.split('.').slice(0, 3).join('.'))).size).toBe(1);
    expect(new Set(ex.map((e) => e.user_agent)).size).toBe(1);
    expect(new Set(ex.map((e) => e.system_prompt)).size).toBe(1);
    expect(new Set(trap('corporate_nat').accounts.map((a) => accounts.get(a)!.email.split('@')[1])).size).toBe(1);
  });

  it('batch job: one template at machine cadence, every hour of every day', () => {
    for (const a of trap('batch_job').accounts) {
      const ts = byAccount
        .get(a)!
        .map((e) => e.ts)
        .sort((x, y) => x - y);
      expect(new Set(ts.map((t) => new Date(t).getUTCHours())).size).toBe(24);
      const gaps = ts.slice(1).map((t, i) => t - ts[i]!);
      const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
      const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length);
      expect(sd / mean).toBeLessThan(0.2);
      expect(byAccount.get(a)!.every((e) => e.prompt.startsWith('Classify the support ticket'))).toBe(true);
    }
  });

  it('evaluation harness: templated items asking to think step by step, the new model on release day', () => {
    const ex = trap('eval_harness').accounts.flatMap((a) => byAccount.get(a)!);
    expect(ex.every((e) => e.prompt.includes("Let's think step by step"))).toBe(true);
    expect(ex.some((e) => e.model === truth.model_release.model)).toBe(true);
  });

  it('genuine reseller: many user agents on few accounts, declared as a reseller', () => {
    for (const a of trap('genuine_reseller').accounts) {
      expect(new Set(byAccount.get(a)!.map((e) => e.user_agent)).size).toBeGreaterThan(5);
      expect(accounts.get(a)!.signup_channel).toBe('reseller');
    }
  });

  it('release-day switchers move nearly all traffic to the new model within a day, each on its own', () => {
    const release = Date.parse(truth.model_release.released_at);
    const t = trap('release_day_switchers');
    for (const a of t.accounts) {
      const after = byAccount.get(a)!.filter((e) => e.ts >= release + DAY);
      if (after.length < 5) continue;
      expect(after.filter((e) => e.model === truth.model_release.model).length / after.length).toBeGreaterThan(0.7);
    }
    expect(new Set(t.accounts.flatMap((a) => byAccount.get(a)!.map((e) => e.ip))).size).toBeGreaterThan(t.accounts.length);
  });
});

describe('no accidental giveaways; indicators', () => {
  it('ids share one format whatever the role, and campaign user agents are also used by honest accounts', () => {
    const campaignAccounts = new Set(truth.campaigns.flatMap((c) => c.accounts));
    for (const e of all) {
      expect(e.account_id).toMatch(/^org_[a-z2-7]{16}$/);
      expect(e.request_id).toMatch(/^req_[0-9a-f]{24}$/);
    }
    const honestAgents = new Set(all.filter((e) => !campaignAccounts.has(e.account_id)).map((e) => e.user_agent));
    for (const id of ['saltmarsh', 'quarry', 'meridian']) {
      expect(
        campaignExchanges(id).some((e) => honestAgents.has(e.user_agent)),
        id,
      ).toBe(true);
    }
  });

  it('indicators cover some actors with several kinds, leave one campaign uncovered, and list releases and bans', () => {
    const covered = truth.campaigns.filter((c) => c.covered_by_indicators);
    expect(covered.length).toBeGreaterThan(0);
    expect(truth.campaigns.some((c) => !c.covered_by_indicators)).toBe(true);
    for (const c of covered) {
      const actor = indicators.actors.find((x) => x.name === c.actor)!;
      expect(new Set(actor.indicators.map((i) => i.type)).size).toBeGreaterThan(1);
    }
    expect(indicators.actors.some((x) => x.name === campaign('quarry').actor)).toBe(false);
    expect(indicators.model_releases.map((m) => m.model)).toContain(truth.model_release.model);
    const bannedCampaign = truth.campaigns.flatMap((c) => c.banned_accounts);
    for (const b of bannedCampaign) expect(indicators.enforcement.some((x) => x.account_id === b)).toBe(true);
    // Enforcement also holds an honest account banned for something else.
    expect(indicators.enforcement.length).toBeGreaterThan(bannedCampaign.length);
    expect(indicators.sampling_rate).toBe(1);
  });
});
